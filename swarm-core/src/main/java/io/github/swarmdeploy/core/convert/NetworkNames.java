package io.github.swarmdeploy.core.convert;

/** docker's notion of a user-defined network name (moby's {@code container.NetworkMode.IsUserDefined}). */
final class NetworkNames {

    private NetworkNames() {
    }

    /** False for {@code default}, {@code bridge}, {@code host}, {@code none} and {@code container:<id>}. */
    static boolean isUserDefined(String name) {
        return !(name.equals("default") || name.equals("bridge") || name.equals("host") || name.equals("none")
                || name.startsWith("container:"));
    }
}
