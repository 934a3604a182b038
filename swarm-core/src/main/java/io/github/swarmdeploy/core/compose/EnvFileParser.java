package io.github.swarmdeploy.core.compose;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
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

    static Parsed parse(byte[] content, Function<String, Optional<String>> lookup) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return new Parsed(List.of(), "invalid utf8 bytes", 0);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripLeading();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                return new Parsed(List.of(), "no variable name on line '" + line + "'", i + 1);
            }
            if (key.indexOf(' ') >= 0 || key.indexOf('\t') >= 0) {
                return new Parsed(List.of(), "variable '" + key + "' contains whitespaces", i + 1);
            }
            if (eq >= 0) {
                out.add(line);
                continue;
            }
            Optional<String> value = lookup.apply(line);
            value.ifPresent(v -> out.add(key + "=" + v));
        }
        return new Parsed(out, null, 0);
    }
}
