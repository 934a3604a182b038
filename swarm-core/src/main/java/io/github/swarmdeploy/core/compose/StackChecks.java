package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.compose.Node.Entry;
import io.github.swarmdeploy.core.compose.Node.ListNode;
import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.Node.ScalarNode;
import io.github.swarmdeploy.core.compose.model.Position;
import io.github.swarmdeploy.core.golang.Fmt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of the merged stack that docker only makes while converting or deploying, made here so that
 * every problem is reported before anything happens on the swarm: undefined networks, secrets, configs
 * and volumes; image references; names Swarm would refuse; and the sources of configs and secrets
 * (whose content is read now, so nothing later needs the file system).
 */
final class StackChecks {

    /** Swarm's limit for config and secret names (swarmkit validateConfigOrSecretAnnotations). */
    static final int MAX_OBJECT_NAME = 64;
    /** Swarm's limit for service names (a DNS label). */
    static final int MAX_SERVICE_NAME = 63;

    private static final Pattern OBJECT_NAME = Pattern.compile("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$");
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$");

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern REFERENCE = Pattern.compile("^(?<name>(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
            + "(?::(?<tag>[\\w][\\w.-]{0,127}))?"
            + "(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$");
    private static final Pattern IMAGE_ID = Pattern.compile("^(?:sha256:)?[a-f0-9]{64}$");

    private StackChecks() {
    }

    static void references(MapNode stack, List<Problem> problems) {
        MapNode services = section(stack, "services");
        for (Entry service : services.entries().values()) {
            if (!(service.value() instanceof MapNode definition)) {
                continue;
            }
            String path = "services." + service.key();
            if (definition.get("networks") instanceof MapNode networks) {
                for (Entry network : networks.entries().values()) {
                    if (!network.key().equals("default") && !section(stack, "networks").has(network.key())) {
                        problems.add(new Problem(network.keyPosition(), path + ".networks." + network.key(),
                                "network \"" + network.key() + "\" is not declared under the top-level networks"));
                    }
                }
            }
            for (String kind : List.of("secrets", "configs")) {
                if (definition.get(kind) instanceof ListNode references) {
                    for (int i = 0; i < references.size(); i++) {
                        MapNode reference = (MapNode) references.items().get(i);
                        String source = reference.string("source").orElse("");
                        if (!section(stack, kind).has(source)) {
                            problems.add(new Problem(reference.positionOf("source"), Paths.item(path + "." + kind, i),
                                    "undefined " + kind.substring(0, kind.length() - 1) + " \"" + source
                                            + "\" (declare it under the top-level " + kind + ")"));
                        }
                    }
                }
            }
            if (definition.get("volumes") instanceof ListNode mounts) {
                for (int i = 0; i < mounts.size(); i++) {
                    MapNode mount = (MapNode) mounts.items().get(i);
                    Optional<String> source = mount.string("source");
                    // docker mounts a long-syntax entry without type as a volume
                    if (mount.string("type").orElse("volume").equals("volume") && source.isPresent()
                            && !section(stack, "volumes").has(source.get())) {
                        problems.add(new Problem(mount.positionOf("source"), Paths.item(path + ".volumes", i),
                                "undefined volume \"" + source.get() + "\" (declare it under the top-level volumes)"));
                    }
                }
            }
        }
    }

    /**
     * Images docker stack deploy refuses (no image, upper case in the repository, bad tag). In
     * {@code lenient} mode they are warnings, as {@code docker stack config} does not look at them.
     */
    static void images(MapNode stack, boolean lenient, List<Problem> problems, List<ComposeWarning> warnings) {
        for (Entry service : section(stack, "services").entries().values()) {
            if (!(service.value() instanceof MapNode definition)) {
                continue;
            }
            String path = "services." + service.key();
            Optional<String> image = definition.string("image");
            String error = image.isEmpty() ? "no image specified" : imageReferenceError(image.get());
            if (error == null) {
                continue;
            }
            Position position = image.isEmpty() ? definition.position() : definition.positionOf("image");
            String message = "invalid image reference for service " + service.key() + ": " + error;
            if (image.isPresent() && error.equals("invalid reference format")) {
                // docker's bare verdict does not show what it looked at: often a variable left unset
                message += " (the image is \"" + image.get() + "\" after interpolation)";
            }
            if (lenient) {
                warnings.add(new ComposeWarning(position, path + ".image", message + " (docker stack deploy refuses it)"));
            } else {
                problems.add(new Problem(position, image.isEmpty() ? path : path + ".image", message));
            }
        }
    }

    /** distribution/reference's ParseAnyReference, as docker applies it to each service's image. */
    static String imageReferenceError(String image) {
        if (IMAGE_ID.matcher(image).matches()) {
            return null;
        }
        if (image.isEmpty()) {
            return "invalid reference format";
        }
        java.util.regex.Matcher matcher = REFERENCE.matcher(image.toLowerCase(Locale.ROOT).equals(image) ? image : lowerRemote(image));
        if (!matcher.matches()) {
            return "invalid reference format";
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int lastSlash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > lastSlash) {
            name = name.substring(0, colon);
        }
        if (name.length() > 255) {
            return "repository name must not be more than 255 characters";
        }
        String remote = remoteName(name);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            return "invalid reference format: repository name (" + remote + ") must be lowercase";
        }
        return null;
    }

    /** The image with its repository path lower-cased, so the grammar check reports only real syntax errors. */
    private static String lowerRemote(String image) {
        int slash = image.indexOf('/');
        if (slash > 0 && isDomain(image.substring(0, slash))) {
            return image.substring(0, slash + 1) + lowerBeforeTag(image.substring(slash + 1));
        }
        return lowerBeforeTag(image);
    }

    private static String lowerBeforeTag(String path) {
        int at = path.indexOf('@');
        String beforeDigest = at >= 0 ? path.substring(0, at) : path;
        String digest = at >= 0 ? path.substring(at) : "";
        int colon = beforeDigest.lastIndexOf(':');
        int lastSlash = beforeDigest.lastIndexOf('/');
        if (colon > lastSlash) {
            return beforeDigest.substring(0, colon).toLowerCase(Locale.ROOT) + beforeDigest.substring(colon) + digest;
        }
        return beforeDigest.toLowerCase(Locale.ROOT) + digest;
    }

    private static boolean isDomain(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost") || !first.toLowerCase(Locale.ROOT).equals(first);
    }

    private static String remoteName(String name) {
        int slash = name.indexOf('/');
        if (slash > 0 && isDomain(name.substring(0, slash))) {
            return name.substring(slash + 1);
        }
        return slash < 0 ? "library/" + name : name;
    }

    /**
     * Names Swarm refuses: service names {@code <stack>_<service>} when the stack name is known, and explicit
     * config/secret names. Derived config/secret names are left to the deploy, which shortens them.
     */
    static void names(MapNode stack, String stackName, List<Problem> problems) {
        if (stackName != null && !SERVICE_NAME.matcher(stackName + "_x").matches()) {
            // the stack's name is what is wrong, not each service's: said once
            problems.add(new Problem(null, "", "stack name \"" + stackName + "\" is not valid in Swarm (letters, digits,"
                    + " '-' and '_', starting with a letter or digit): set " + Option.STACK));
        } else if (stackName != null) {
            for (Entry service : section(stack, "services").entries().values()) {
                String name = stackName + "_" + service.key();
                if (name.length() > MAX_SERVICE_NAME || !SERVICE_NAME.matcher(name).matches()) {
                    problems.add(new Problem(service.keyPosition(), "services." + service.key(), "service name \"" + name
                            + "\" is not valid in Swarm (at most " + MAX_SERVICE_NAME
                            + " letters, digits, '-' and '_', starting and ending with a letter or digit)"));
                }
            }
        }
        for (String kind : List.of("configs", "secrets")) {
            for (Entry object : section(stack, kind).entries().values()) {
                if (!(object.value() instanceof MapNode definition)) {
                    continue;
                }
                Optional<String> explicit = definition.string("name");
                if (explicit.isEmpty()) {
                    continue;
                }
                String name = explicit.get();
                if (name.length() > MAX_OBJECT_NAME || !OBJECT_NAME.matcher(name).matches()) {
                    problems.add(new Problem(definition.positionOf("name"), kind + "." + object.key() + ".name",
                            kind.substring(0, kind.length() - 1) + " name \"" + name + "\" is not valid in Swarm ("
                                    + name.length() + " characters; at most " + MAX_OBJECT_NAME
                                    + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit)"));
                }
            }
        }
    }

    /**
     * The content of every config or secret of one section that is not external: its file (read now),
     * its inline {@code content}, or the value of its {@code environment} variable.
     */
    static Map<String, byte[]> contents(MapNode stack, String kind, Variables variables, List<Problem> problems) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        String singular = kind.substring(0, kind.length() - 1);
        for (Entry object : section(stack, kind).entries().values()) {
            if (!(object.value() instanceof MapNode definition) || definition.has("external")) {
                continue;
            }
            String path = kind + "." + object.key();
            boolean fileWritten = definition.get("file") instanceof ScalarNode f && !f.position().equals(definition.position());
            if (fileWritten) {
                ScalarNode file = (ScalarNode) definition.get("file");
                Path resolved = Path.of(file.string());
                try {
                    if (Files.isDirectory(resolved)) {
                        problems.add(new Problem(file.position(), path + ".file", resolved + " is a directory, not a file"));
                        continue;
                    }
                    // the engine's limit, or ours for a secret its driver reads (docker reads any size, /dev/zero until memory runs out)
                    int limit = definition.has("driver") ? ComposeLimits.MAX_FILE_BYTES
                            : kind.equals("configs") ? ComposeLimits.MAX_CONFIG_BYTES : ComposeLimits.MAX_SECRET_BYTES;
                    BoundedRead read = BoundedRead.of(resolved, limit);
                    if (read.truncated()) {
                        problems.add(new Problem(file.position(), path + ".file", resolved + " has more than " + limit + " bytes: "
                                + (definition.has("driver") ? "more than swarm-deploy reads for a " + singular
                                : singular + " data must be larger than 0 and less than " + limit + " bytes")));
                        continue;
                    }
                    contents.put(object.key(), read.bytes());
                } catch (IOException e) {
                    problems.add(new Problem(file.position(), path + ".file", "cannot read " + resolved + ": " + CanonicalForm.describe(e)));
                }
            } else if (definition.get("content") instanceof ScalarNode content) {
                contents.put(object.key(), Fmt.sprint(content.value() == null ? "" : content.value()).getBytes(StandardCharsets.UTF_8));
            } else if (definition.get("environment") instanceof ScalarNode environment) {
                Optional<String> value = variables.lookup(environment.string());
                if (value.isEmpty()) {
                    problems.add(new Problem(environment.position(), path + ".environment",
                            "variable " + environment.string() + " is not set (it holds the " + singular + "'s content)"));
                } else {
                    contents.put(object.key(), value.get().getBytes(StandardCharsets.UTF_8));
                }
            } else if (!definition.has("driver") && !definition.has("content") && !definition.has("environment")) {
                problems.add(new Problem(object.keyPosition(), path, singular + " " + object.key()
                        + " has no content: give it a file, content or environment, or mark it external"));
            }
        }
        return contents;
    }

    static MapNode section(MapNode stack, String key) {
        return stack.get(key) instanceof MapNode map ? map : MapNode.empty(stack.position());
    }
}
