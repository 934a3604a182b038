package io.github.swarmdeploy.maven;

import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import org.apache.maven.plugin.logging.Log;

/** Shows core events in the Maven build log, one line each, at the event's level, options named by their parameters. */
final class MavenLogEvents implements EventListener {

    private final Log log;

    MavenLogEvents(Log log) {
        this.log = log;
    }

    @Override
    public void on(Event event) {
        String message = MavenParameters.words(event.message());
        switch (event.level()) {
            case DEBUG -> log.debug(message);
            case INFO -> log.info(message);
            case WARN -> log.warn(message);
            case ERROR -> log.error(message);
        }
    }
}
