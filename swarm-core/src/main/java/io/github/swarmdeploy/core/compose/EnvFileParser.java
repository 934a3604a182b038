package io.github.swarmdeploy.core.compose;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * docker's env-file format ({@code pkg/kvfile}), used for {@code env_file:} and for our variable files:
 * {@code KEY=VALUE} lines taken literally (no quotes, no expansion), leading whitespace and
 * {@code #} comment lines skipped, a bare {@code KEY} takes its value from the environment when set.
 */
final class EnvFileParser {

    /** The {@code KEY=VALUE} strings in file order, or the reason the file is invalid. */
    record Parsed(List<String> lines, String error, int errorLine) {
        boolean failed() {
            return error != null;
        }
    }

    private EnvFileParser() {
    }

    /**
     * Reads the file, at most {@link ComposeLimits#MAX_FILE_BYTES} of it, and parses it; a file that cannot
     * be read is reported with the exception's text.
     */
    static Parsed read(Path file, Function<String, Optional<String>> lookup) throws IOException {
        BoundedRead read = BoundedRead.of(file, ComposeLimits.MAX_FILE_BYTES);
        return parse(read.bytes(), read.truncated(), lookup);
    }

    static Parsed parse(byte[] content, Function<String, Optional<String>> lookup) {
        return parse(content, false, lookup);
    }

    /**
     * docker reads the file line by line ({@code bufio.Scanner}): a line of {@value ComposeLimits#MAX_ENV_LINE_BYTES}
     * bytes or more ends the reading ("token too long"), each line must be UTF-8, a UTF-8 byte order mark
     * is dropped from the first. {@code truncated}: the file goes on after {@code content}.
     */
    static Parsed parse(byte[] content, boolean truncated, Function<String, Optional<String>> lookup) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int number = 1; start < content.length; number++) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            if (end - start > ComposeLimits.MAX_ENV_LINE_BYTES) {
                return new Parsed(List.of(), "the line is longer than " + ComposeLimits.MAX_ENV_LINE_BYTES
                        + " bytes, docker's limit for env files (bufio.Scanner: token too long)", number);
            }
            if (end == content.length && truncated) {
                break;
            }
            int length = end - start;
            if (length > 0 && content[end - 1] == '\r') {
                length--;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(content, start, length)).toString();
            } catch (CharacterCodingException e) {
                return new Parsed(List.of(), "invalid utf8 bytes", number);
            }
            start = end + 1;
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            String line = text.stripLeading();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                return new Parsed(List.of(), "no variable name on line '" + line + "'", number);
            }
            if (key.indexOf(' ') >= 0 || key.indexOf('\t') >= 0) {
                return new Parsed(List.of(), "variable '" + key + "' contains whitespaces", number);
            }
            if (eq >= 0) {
                out.add(line);
                continue;
            }
            Optional<String> value = lookup.apply(line);
            value.ifPresent(v -> out.add(key + "=" + v));
        }
        if (truncated) {
            return new Parsed(List.of(), "larger than " + ComposeLimits.bytes(ComposeLimits.MAX_FILE_BYTES)
                    + ", more than swarm-deploy reads from an env file (docker has no limit)", 0);
        }
        return new Parsed(out, null, 0);
    }
}
