package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.engine.ImagePushProgress;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.Event.Level;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user follows of a push: layers the registry has, and the bytes sent at most every few seconds. */
class PushProgressTest {

    private final List<Event> events = new ArrayList<>();
    private long now = 1_000;

    private static ImagePushProgress item(String layer, String status, long current, long total) {
        return new ImagePushProgress(status, layer, Optional.empty(), Optional.empty(), current, total);
    }

    private void after(Duration elapsed, PushProgress progress, ImagePushProgress item) {
        now += elapsed.toNanos();
        progress.on(item);
    }

    private List<String> at(Level level) {
        return events.stream().filter(event -> event.level() == level).map(Event::message).toList();
    }

    @Test
    void layersInTheRegistryAndTheBytesSentEveryFewSecondsAreShownTheRestIsDebug() {
        PushProgress progress = new PushProgress("web", events::add, Level.INFO, () -> now);
        Duration second = Duration.ofSeconds(1);

        after(Duration.ZERO, progress, item("aaa", "Preparing", 0, 0));
        after(Duration.ZERO, progress, item("bbb", "Preparing", 0, 0));
        after(second, progress, item("aaa", "Pushing", 1_000_000, 10_000_000));
        after(second, progress, item("aaa", "Pushing", 2_000_000, 10_000_000));
        after(second, progress, item("bbb", "Layer already exists", 0, 0));
        after(PushProgress.INTERVAL, progress, item("aaa", "Pushing", 6_000_000, 10_000_000));
        after(second, progress, item("aaa", "Pushing", 7_000_000, 10_000_000));
        after(PushProgress.INTERVAL, progress, item("aaa", "Pushing", 7_000_000, 10_000_000));
        after(PushProgress.INTERVAL, progress, item("aaa", "Pushing", 7_000_000, 10_000_000));
        after(second, progress, item("aaa", "Pushed", 0, 0));
        after(PushProgress.INTERVAL, progress, item("", "v1: digest: sha256:0123 size: 527", 0, 0));

        assertEquals(List.of("web: bbb Layer already exists",
                        "web: sent 6.0 MB of 10.0 MB; 1 of 2 layers in the registry",
                        "web: sent 7.0 MB of 10.0 MB; 1 of 2 layers in the registry",
                        "web: aaa Pushed"),
                at(Level.INFO), "a report every interval at most, none when nothing more was sent, none once all is sent");
        assertEquals(List.of("web: aaa Preparing", "web: bbb Preparing", "web: aaa Pushing"), at(Level.DEBUG));
    }

    @Test
    void withoutProgressEverythingIsDebug() {
        PushProgress progress = new PushProgress("web", events::add, Level.DEBUG, () -> now);

        after(Duration.ZERO, progress, item("aaa", "Pushing", 1, 10));
        after(PushProgress.INTERVAL, progress, item("aaa", "Pushing", 5, 10));
        after(Duration.ZERO, progress, item("aaa", "Pushed", 0, 0));

        assertEquals(List.of(), at(Level.INFO));
        assertEquals(List.of("web: aaa Pushing", "web: sent 0.0 MB of 0.0 MB; 0 of 1 layers in the registry",
                "web: aaa Pushed"), at(Level.DEBUG));
    }
}
