package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.engine.ImagePushProgress;
import io.github.swarmdeploy.core.event.Event.Level;
import io.github.swarmdeploy.core.event.EventListener;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The push of one image as a user follows it in a log: each layer once the registry has it, and, while layers are
 * being sent, the bytes sent so far at most once per interval. Every state change of every layer is there at DEBUG.
 */
final class PushProgress {

    /** How often a long push says how far it got. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final String service;
    private final EventListener events;
    private final Level level;
    private final LongSupplier nanoTime;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, long[]> bytes = new LinkedHashMap<>();
    private long lastReport;
    private long reportedSent = -1;

    /**
     * @param level    the level of what a user follows (INFO, or DEBUG when the style is {@link ProgressStyle#NONE})
     * @param nanoTime the clock the interval is measured on
     */
    PushProgress(String service, EventListener events, Level level, LongSupplier nanoTime) {
        this.service = service;
        this.events = events;
        this.level = level;
        this.nanoTime = nanoTime;
        this.lastReport = nanoTime.getAsLong();
    }

    void on(ImagePushProgress item) {
        String layer = item.layer();
        String status = item.status();
        if (layer.isEmpty() || status.isEmpty()) {
            return;
        }
        if (status.equals("Pushing") && item.total() > 0) {
            bytes.put(layer, new long[] {item.current(), item.total()});
        }
        if (!status.equals(states.put(layer, status))) {
            boolean done = isDone(status);
            if (done && bytes.containsKey(layer)) {
                bytes.get(layer)[0] = bytes.get(layer)[1];
            }
            emit(done ? level : Level.DEBUG, ImageProgress.Stage.LAYER, layer + " " + status);
        }
        long now = nanoTime.getAsLong();
        if (now - lastReport >= INTERVAL.toNanos() && states.containsValue("Pushing")) {
            lastReport = now;
            long sent = bytes.values().stream().mapToLong(layerBytes -> layerBytes[0]).sum();
            if (sent != reportedSent) {
                reportedSent = sent;
                long total = bytes.values().stream().mapToLong(layerBytes -> layerBytes[1]).sum();
                long inRegistry = states.values().stream().filter(PushProgress::isDone).count();
                emit(level, ImageProgress.Stage.UPLOAD, "sent " + megabytes(sent) + " of " + megabytes(total) + "; "
                        + inRegistry + " of " + states.size() + " layers in the registry");
            }
        }
    }

    /** The registry has the layer: pushed now, already there, or mounted from another repository. */
    private static boolean isDone(String status) {
        return status.equals("Pushed") || status.equals("Layer already exists") || status.startsWith("Mounted from");
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    private void emit(Level at, ImageProgress.Stage stage, String detail) {
        events.on(new ImageProgress(at, service, stage, detail));
    }
}
