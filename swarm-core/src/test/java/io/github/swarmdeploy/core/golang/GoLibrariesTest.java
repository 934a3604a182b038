package io.github.swarmdeploy.core.golang;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Go's parsing and printing of values, as docker uses them. */
class GoLibrariesTest {

    @ParameterizedTest
    @CsvSource({"10s,10s", "90s,1m30s", "1.5s,1.5s", "500ms,500ms", "1h,1h0m0s", "2h45m,2h45m0s", "1us,1\u00b5s",
            "100ns,100ns", "0,0s", "-2s,-2s", ".5m,30s", "1m0.25s,1m0.25s"})
    void durationsReadAndPrintAsInGo(String text, String printed) {
        assertEquals(printed, Time.formatDuration(Time.parseDuration(text).orElseThrow()));
    }

    @Test
    void invalidDurationsAreRejected() {
        for (String text : List.of("", "10", "1x", "s", "1.s.", "10 s", "1e3s")) {
            assertEquals(Optional.empty(), Time.parseDuration(text), text);
        }
    }

    @ParameterizedTest
    @CsvSource({"1000000.0,1e+06", "123456.5,123456.5", "0.00001,1e-05", "0.0001,0.0001", "1.5,1.5", "1e21,1e+21", "3.0,3"})
    void floatsPrintLikeFmtSprint(double value, String printed) {
        assertEquals(printed, Strconv.formatFloat(value));
    }

    @ParameterizedTest
    @CsvSource({"800M,838860800", "1.5g,1610612736", "512,512", "10 KiB,10240", "1kb,1024", "20b,20"})
    void sizesReadWithBinaryUnits(String text, long bytes) {
        assertEquals(bytes, GoUnits.ramInBytes(text));
    }

    @Test
    void badSizesAreRejected() {
        for (String text : List.of("12X", "-1", "M", "1kib2", "1 mega")) {
            assertThrows(IllegalArgumentException.class, () -> GoUnits.ramInBytes(text), text);
        }
    }

    @Test
    void cpusAreRationalNumbersWithNanoPrecision() {
        assertEquals(500_000_000L, DockerOpts.parseCpus("0.5"));
        assertEquals(500_000_000L, DockerOpts.parseCpus("1/2"));
        assertEquals(1_000_000L, DockerOpts.parseCpus("1e-3"));
        assertThrows(IllegalArgumentException.class, () -> DockerOpts.parseCpus("0.0000000001"));
        assertThrows(IllegalArgumentException.class, () -> DockerOpts.parseCpus("one"));
    }

    @Test
    void commandsSplitLikeGoogleShlex() {
        assertEquals(List.of("bundle", "exec", "thin", "-p", "3000"), Shlex.split("bundle exec thin -p 3000"));
        assertEquals(List.of("sh", "-c", "echo \"x y\"", "#not-comment"), Shlex.split("sh -c 'echo \"x y\"' \\#not-comment # comment"));
        assertEquals(List.of("a b", "c\"d", ""), Shlex.split("\"a b\" c\\\"d \"\""));
        assertThrows(IllegalArgumentException.class, () -> Shlex.split("echo 'open"));
    }
}
