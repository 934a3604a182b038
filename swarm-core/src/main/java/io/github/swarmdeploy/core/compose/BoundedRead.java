package io.github.swarmdeploy.core.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A file read up to a limit, so that {@code /dev/zero} or a huge file named by a stack costs at most that
 * many bytes: never {@link Files#readAllBytes}, which reads a device until memory runs out.
 */
record BoundedRead(byte[] bytes, boolean truncated) {

    /** The first {@code limit} bytes of the file; {@link #truncated()} when it has more. */
    static BoundedRead of(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // sized by the file when it says its size (a stack reads hundreds of small configs), grown otherwise
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            byte[] buffer = new byte[(int) Math.min(limit + 1L, Math.max(size + 1, 8 * 1024))];
            int length = 0;
            while (length <= limit) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1L, buffer.length * 2L));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
            return new BoundedRead(Arrays.copyOf(buffer, Math.min(length, limit)), length > limit);
        }
    }
}
