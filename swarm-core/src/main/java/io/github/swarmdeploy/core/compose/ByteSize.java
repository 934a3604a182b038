package io.github.swarmdeploy.core.compose;

/** A size in bytes parsed from {@code 800M}, {@code 1g}, {@code 512}; docker prints it as a quoted number. */
record ByteSize(long bytes) {

    @Override
    public String toString() {
        return Long.toString(bytes);
    }
}
