package io.github.swarmdeploy.core.convert.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A stack file to deploy with both docker and our converter, and how to make a copy of it deployable on the
 * shared sandbox:
 * <ul>
 *   <li>every {@code image:} becomes the sandbox base image (the sandbox never pulls from Docker Hub), except
 *       images written with {@code ${SANDBOX_REGISTRY}}, which the test sets to the sandbox registry;</li>
 *   <li>every swarm-global name the file fixes becomes unique to the run: external networks, configs,
 *       secrets and volumes, and explicit {@code name:}s ({@code <token>-<name>}; a {@code name: ${VAR}} gets
 *       the token in the variable's value instead), so that parallel runs and other tests never meet;</li>
 *   <li>fixture-specific edits, each with the reason docker cannot deploy the original on this engine.</li>
 * </ul>
 *
 * @param id          names the fixture in reports
 * @param composeFile the original file
 * @param filesDir    a directory whose content the file refers to (copied; the file's copy goes to the same
 *                    place relative to it as the original), or null
 * @param environment the variables the file is interpolated with
 * @param edits       literal replacements applied first, each with its reason
 * @param extraFiles  files the stack needs that its source lacks, by relative path: content
 * @param moreFiles   further compose files merged over the first, in this order (each rewritten like it)
 */
public record OracleFixture(String id, Path composeFile, Path filesDir, Map<String, String> environment,
                            List<Edit> edits, Map<String, String> extraFiles, List<Path> moreFiles) {

    public OracleFixture {
        moreFiles = List.copyOf(moreFiles);
    }

    /** A fixture of one compose file. */
    public OracleFixture(String id, Path composeFile, Path filesDir, Map<String, String> environment,
                         List<Edit> edits, Map<String, String> extraFiles) {
        this(id, composeFile, filesDir, environment, edits, extraFiles, List.of());
    }

    /** A literal replacement in the copy, and why it is needed. */
    public record Edit(String reason, String find, String replacement) {
    }

    /** An object the file declares external: it must exist before docker deploys. */
    public record External(String kind, String name) {
    }

    /**
     * The deployable copy.
     *
     * @param composeFile the rewritten file, in a directory with the referenced files
     * @param environment the variables, with names made unique where a {@code name:} uses them
     * @param externals   external objects to create first, by section ({@code networks}, {@code secrets}, …)
     * @param moreFiles   the rewritten further files, next to the first
     */
    public record Prepared(Path composeFile, Map<String, String> environment, List<External> externals,
                           List<Path> moreFiles) {

        /** The same copy with one more variable (kept when the fixture sets it already). */
        public Prepared withVariable(String name, String value) {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put(name, value);
            variables.putAll(environment);
            return new Prepared(composeFile, Map.copyOf(variables), externals, moreFiles);
        }

        /** Every compose file, the first one first: merged in this order. */
        public List<Path> composeFiles() {
            List<Path> files = new ArrayList<>(List.of(composeFile));
            files.addAll(moreFiles);
            return files;
        }
    }

    /** The variable own fixtures use to name images in the sandbox registry themselves. */
    public static final String REGISTRY_VARIABLE = "SANDBOX_REGISTRY";
    private static final Pattern IMAGE = Pattern.compile("^(\\s*)image:\\s*\\S.*$");
    private static final Pattern KEY = Pattern.compile("^(\\s*)([^\\s#:][^:#]*?):\\s*(.*?)\\s*$");
    private static final Pattern TRAILING_COMMENT = Pattern.compile("(?:^|\\s+)#.*$");
    /** {@code ${VAR}}, {@code $VAR}, {@code ${VAR:-default}} or {@code ${VAR-default}}, maybe quoted. */
    private static final Pattern VARIABLE = Pattern.compile(
            "^[\"']?\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\\}?[\"']?$");
    private static final Pattern VERSION = Pattern.compile("(?m)^version:\\s*[\"']?(\\d+(?:\\.\\d+)?)");
    private static final List<String> NAMED_SECTIONS = List.of("networks", "volumes", "configs", "secrets");
    private static final int MAX_NAME = 64;

    public Prepared prepare(Path directory, String token, String image) {
        try {
            Files.createDirectories(directory);
            if (filesDir != null) {
                copyTree(filesDir, directory);
            }
            for (Map.Entry<String, String> file : extraFiles.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
            String text = Files.readString(composeFile);
            for (Edit edit : edits) {
                if (!text.contains(edit.find())) {
                    throw new IllegalStateException(id + ": edit '" + edit.reason() + "' finds nothing to replace");
                }
                text = text.replace(edit.find(), edit.replacement());
            }
            Map<String, String> variables = new LinkedHashMap<>(environment);
            List<External> externals = new ArrayList<>();
            List<String> lines = rewrite(text.lines().toList(), token, image, variables, externals,
                    allowsTopLevelNames(text));
            // at the original's place among the files it refers to (../x from a sub-directory keeps working)
            Path place = filesDir != null && composeFile.startsWith(filesDir)
                    ? directory.resolve(filesDir.relativize(composeFile.getParent()).toString()) : directory;
            Path file = place.resolve("stack.yml");
            Files.writeString(file, String.join("\n", lines) + "\n");
            // docker resolves every file's relative paths from the first file's directory: the others go next to it
            List<Path> more = new ArrayList<>();
            for (Path original : moreFiles) {
                String moreText = Files.readString(original);
                Path copy = place.resolve("stack." + (more.size() + 2) + ".yml");
                Files.writeString(copy, String.join("\n", rewrite(moreText.lines().toList(), token, image, variables,
                        externals, allowsTopLevelNames(moreText))) + "\n");
                more.add(copy);
            }
            return new Prepared(file, Map.copyOf(variables), externals.stream().distinct().toList(), List.copyOf(more));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unique(String token, String name) {
        String result = token + "-" + name;
        return result.length() > MAX_NAME ? result.substring(0, MAX_NAME) : result;
    }

    /** Images, external objects and explicit names; one object (a key under a named section) at a time. */
    private static List<String> rewrite(List<String> source, String token, String image, Map<String, String> variables,
                                        List<External> externals, Set<String> namedSections) {
        List<String> lines = new ArrayList<>();
        for (String line : source) {
            Matcher matcher = IMAGE.matcher(line);
            boolean sandboxImage = line.contains("${" + REGISTRY_VARIABLE + "}");
            lines.add(matcher.matches() && !sandboxImage ? matcher.group(1) + "image: " + image : line);
        }
        List<String> result = new ArrayList<>();
        String section = "";
        int childIndent = -1;
        int index = 0;
        while (index < lines.size()) {
            String line = lines.get(index);
            Matcher key = KEY.matcher(line);
            if (line.isBlank() || line.strip().startsWith("#") || !key.matches()) {
                result.add(line);
                index++;
                continue;
            }
            int indent = indentOf(line);
            if (indent == 0) {
                section = key.group(2).trim();
                childIndent = -1;
            } else if (NAMED_SECTIONS.contains(section)) {
                if (childIndent < 0) {
                    childIndent = indent;
                }
                if (indent == childIndent) {
                    int end = objectEnd(lines, index, indent);
                    result.addAll(rewriteObject(section, key.group(2).trim(), lines.subList(index, end), token,
                            variables, externals, namedSections.contains(section)));
                    index = end;
                    continue;
                }
            }
            result.add(line);
            index++;
        }
        return result;
    }

    private static int objectEnd(List<String> lines, int start, int indent) {
        int end = start + 1;
        while (end < lines.size()) {
            String line = lines.get(end);
            if (!line.isBlank() && !line.strip().startsWith("#") && indentOf(line) <= indent) {
                break;
            }
            end++;
        }
        return end;
    }

    private static int indentOf(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        return indent;
    }

    /**
     * @param nameAllowed whether the file's format allows {@code name:} in this section; otherwise an external
     *                    object is named with the legacy {@code external: {name: …}}
     */
    private static List<String> rewriteObject(String section, String objectKey, List<String> block, String token,
                                              Map<String, String> variables, List<External> externals,
                                              boolean nameAllowed) {
        List<String> result = new ArrayList<>(block);
        int childIndent = -1;
        int externalLine = -1;
        boolean externalTrue = false;
        int nameLine = -1;
        int legacyNameLine = -1;
        String child = "";
        for (int i = 1; i < result.size(); i++) {
            String line = result.get(i);
            Matcher key = KEY.matcher(line);
            if (!key.matches() || line.strip().startsWith("#")) {
                continue;
            }
            int lineIndent = key.group(1).length();
            if (childIndent < 0) {
                childIndent = lineIndent;
            }
            if (lineIndent == childIndent) {
                child = key.group(2);
                if (child.equals("external")) {
                    externalLine = i;
                    externalTrue = value(key).equals("true");
                } else if (child.equals("name")) {
                    nameLine = i;
                }
            } else if (child.equals("external") && key.group(2).equals("name")) {
                legacyNameLine = i;
            }
        }
        // the later line first: renaming may fold continuation lines away
        String legacyName = null;
        String name = null;
        if (legacyNameLine > nameLine) {
            legacyName = renamed(result, legacyNameLine, token, variables);
        }
        if (nameLine >= 0) {
            name = renamed(result, nameLine, token, variables);
        }
        if (legacyNameLine >= 0 && legacyNameLine < nameLine) {
            legacyName = renamed(result, legacyNameLine, token, variables);
        }
        String finalName = legacyName != null ? legacyName : name;
        boolean external = externalTrue || legacyNameLine >= 0;
        if (externalTrue && finalName == null) {
            finalName = unique(token, objectKey);
            if (nameAllowed) {
                result.add(externalLine + 1, " ".repeat(childIndent) + "name: " + finalName);
            } else {
                result.set(externalLine, " ".repeat(childIndent) + "external:");
                result.add(externalLine + 1, " ".repeat(childIndent + 2) + "name: " + finalName);
            }
        }
        if (external) {
            externals.add(new External(section, finalName));
        }
        return result;
    }

    /** The value of a {@link #KEY} line without a trailing comment ({@code external: true  # made by hand}). */
    private static String value(Matcher key) {
        return TRAILING_COMMENT.matcher(key.group(3)).replaceFirst("");
    }

    /** Makes the name on {@code line} unique; returns the name the object will have. */
    private static String renamed(List<String> lines, int line, String token, Map<String, String> variables) {
        Matcher key = KEY.matcher(lines.get(line));
        if (!key.matches()) {
            throw new IllegalStateException(lines.get(line));
        }
        String value = value(key);
        // a plain scalar continued on more-indented lines (`name:` then `  frontend`): one value, folded
        while (line + 1 < lines.size() && indentOf(lines.get(line + 1)) > key.group(1).length()
                && !lines.get(line + 1).isBlank()) {
            value = (value + " " + lines.remove(line + 1).strip()).strip();
        }
        Matcher variable = VARIABLE.matcher(value);
        if (variable.matches()) {
            String name = variables.getOrDefault(variable.group(1), variable.group(2) == null ? "" : variable.group(2));
            String unique = unique(token, name);
            variables.put(variable.group(1), unique);
            return unique;
        }
        String plain = value.replaceAll("^[\"']|[\"']$", "");
        String unique = unique(token, plain);
        lines.set(line, key.group(1) + "name: " + unique);
        return unique;
    }

    /**
     * The sections whose objects may have a {@code name:} in the file's format: volumes from 3.4, networks,
     * configs and secrets from 3.5 (docker's schemas); all without a {@code version:}.
     */
    static Set<String> allowsTopLevelNames(String text) {
        Matcher version = VERSION.matcher(text);
        if (!version.find()) {
            return Set.copyOf(NAMED_SECTIONS);
        }
        String[] parts = (version.group(1) + ".0").split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        if (major > 3 || major == 3 && minor >= 5) {
            return Set.copyOf(NAMED_SECTIONS);
        }
        return major == 3 && minor == 4 ? Set.of("volumes") : Set.of();
    }

    /** Copies a directory tree (made writable); a missing source copies nothing. */
    public static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().setWritable(true);
                }
            }
        }
    }
}
