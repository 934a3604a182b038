package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the time of one {@code mvn swarm:...} run went, from its log, which the benchmark has Maven write with a
 * timestamp on every line ({@link #LOG_TIMESTAMPS}):
 * <ul>
 *   <li><b>Maven start</b>: process start until Maven announces the goal ({@code --- swarm-maven-plugin:...}):
 *       the JVM, Maven's own start, reading the pom, resolving the plugin's descriptor;</li>
 *   <li><b>plugin load</b>: from there until the goal's first line ({@code Deploying stack ...}): resolving the
 *       plugin's dependencies, its class realm, the Mojo and what it does before it speaks;</li>
 *   <li><b>in the goal</b>: from its first line until {@code BUILD SUCCESS}/{@code FAILURE};</li>
 *   <li><b>exit</b>: from there until the process ended.</li>
 * </ul>
 * And how many classes the Maven JVM loaded in all (Maven's, the plugin's, the JDK's).
 */
record MavenTiming(long mavenStartMillis, long pluginLoadMillis, long inGoalMillis, long exitMillis,
                   long classesLoaded) {

    /** What makes Maven 3's logger put an ISO-8601 timestamp on every line. */
    static final List<String> LOG_TIMESTAMPS = List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private static final Pattern LINE = Pattern.compile("^(?:\\e\\[[0-9;]*m)*(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}"
            + "(?:Z|[+-]\\d\\d:\\d\\d)) \\[\\w+] ?(.*)$");

    /**
     * @param classes the JVM's class-loading log ({@code -Xlog:class+load}), one line per class; -1 classes when
     *                there is none
     */
    static Optional<MavenTiming> read(Path log, Instant processStart, Instant processEnd, Path classes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        Instant header = null;
        Instant first = null;
        Instant end = null;
        for (String raw : lines) {
            Matcher matcher = LINE.matcher(raw);
            if (!matcher.matches()) {
                continue;
            }
            Instant at;
            try {
                at = OffsetDateTime.parse(matcher.group(1)).toInstant();
            } catch (DateTimeParseException e) {
                continue;
            }
            String text = matcher.group(2);
            if (header == null && text.startsWith("--- swarm-maven-plugin:")) {
                header = at;
            } else if (header != null && first == null && !text.isBlank()) {
                first = at;
            } else if (first != null && (text.startsWith("BUILD SUCCESS") || text.startsWith("BUILD FAILURE"))) {
                end = at;
            }
        }
        if (header == null || first == null || end == null) {
            return Optional.empty();
        }
        return Optional.of(new MavenTiming(millis(processStart, header), millis(header, first), millis(first, end),
                millis(end, processEnd), lineCount(classes)));
    }

    /** Everything but the goal's own work. */
    long outsideGoalMillis() {
        return mavenStartMillis + pluginLoadMillis + exitMillis;
    }

    private static long lineCount(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }
}
