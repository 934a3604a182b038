package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.compose.Node.MapNode;
import io.github.swarmdeploy.core.compose.model.StackDefinition;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stack read from its compose files: merged, interpolated, checked, with the content of every config
 * and secret that is not external already read.
 */
public final class LoadedStack {

    private final MapNode stack;
    private final Map<String, byte[]> configContents;
    private final Map<String, byte[]> secretContents;
    private final Map<String, String> nameVariables;
    private final StackDefinition definition;

    LoadedStack(MapNode stack, Map<String, byte[]> configContents, Map<String, byte[]> secretContents,
                Map<String, String> nameVariables, List<Path> files, Path workingDir) {
        this.stack = stack;
        this.configContents = Map.copyOf(configContents);
        this.secretContents = Map.copyOf(secretContents);
        this.nameVariables = Map.copyOf(nameVariables);
        this.definition = StackDecoder.decode(this, files, workingDir);
    }

    /** The stack as immutable records, for conversion and deployment. */
    public StackDefinition definition() {
        return definition;
    }

    /**
     * The stack as {@code docker stack config} prints it (YAML, docker's order and normalisation); the
     * values of secrets given with {@code content:} are masked.
     */
    public String toYaml() {
        return DeepStack.call(() -> StackYamlWriter.write(stack));
    }

    MapNode tree() {
        return stack;
    }

    Optional<byte[]> configContent(String key) {
        return Optional.ofNullable(configContents.get(key)).map(byte[]::clone);
    }

    Optional<byte[]> secretContent(String key) {
        return Optional.ofNullable(secretContents.get(key)).map(byte[]::clone);
    }

    /** For {@code configs.<key>}/{@code secrets.<key>} whose name is exactly an unset variable: that variable. */
    Optional<String> nameVariable(String kindAndKey) {
        return Optional.ofNullable(nameVariables.get(kindAndKey));
    }
}
