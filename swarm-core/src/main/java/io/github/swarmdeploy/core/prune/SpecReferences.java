package io.github.swarmdeploy.core.prune;

import java.util.Set;

/**
 * What one service spec (current or previous) points at. Each set holds IDs and names as the spec
 * carries them ({@code ConfigID} and {@code ConfigName}, a network's {@code Target}), so an object
 * matches by either.
 */
public record SpecReferences(Set<String> configs, Set<String> secrets, Set<String> networks) {

    public static final SpecReferences NONE = new SpecReferences(Set.of(), Set.of(), Set.of());

    public SpecReferences {
        configs = Set.copyOf(configs);
        secrets = Set.copyOf(secrets);
        networks = Set.copyOf(networks);
    }

    public boolean references(StackObject object) {
        Set<String> names = switch (object.kind()) {
            case CONFIG -> configs;
            case SECRET -> secrets;
            case NETWORK -> networks;
        };
        return names.contains(object.id()) || names.contains(object.name());
    }
}
