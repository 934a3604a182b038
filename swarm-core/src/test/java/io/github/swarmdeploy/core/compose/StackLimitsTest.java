package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a stack file may cost (see {@link ComposeLimits}): never a hang or an out-of-memory, and a file is
 * refused when docker stack config / deploy 28.2 refuses it, the decisions below measured with docker. The
 * refusals name the file, line and limit.
 */
class StackLimitsTest {

    private static final String SERVICE = "services:\n  web:\n    image: busybox\n";

    @TempDir
    Path dir;

    private Stacks stacks() {
        return new Stacks(dir);
    }

    /** Nine levels of nine aliases: a billion values. docker: "yaml: document contains excessive aliasing", at once. */
    @Test
    void aBillionLaughsIsRefusedBeforeAnythingIsExpanded() {
        StringBuilder yaml = new StringBuilder("x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("x-").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1)))).append("]\n");
        }

        List<String> problems = stacks().problems(yaml + SERVICE);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("1.yml:4:26 x-3[3]: document contains excessive aliasing: expanding *l2 here makes 4060 of the 4101 values"),
                problems::toString);
        assertTrue(problems.get(0).endsWith("more than docker's YAML reader allows (99%)"), problems::toString);
    }

    /** Ten aliases per level: docker accepts three levels (1,000 values) and refuses four (10,000). */
    @Test
    void nestedAliasesAreRefusedFromTheLevelDockerRefuses() {
        assertEquals(List.of("web"), List.copyOf(stacks().load(tenfold(3) + SERVICE).definition().services().keySet()));

        List<String> problems = stacks().problems(tenfold(4) + SERVICE);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("1.yml:5:11 x-4[0]: document contains excessive aliasing: expanding *a3 here"),
                problems::toString);
    }

    private static String tenfold(int levels) {
        StringBuilder yaml = new StringBuilder("x-0: &a0 lol\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append("x-").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(10, "*a" + (level - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    /** Many aliases that each expand to little are fine (SnakeYAML's default refused more than 1000; docker has no such limit). */
    @Test
    void twoThousandServicesMergingOneAnchorAreRead() {
        StringBuilder yaml = new StringBuilder("x-defaults: &defaults\n  image: busybox\n  labels: [a=b]\nservices:\n");
        for (int i = 0; i < 2000; i++) {
            yaml.append("  s").append(i).append(":\n    <<: *defaults\n");
        }

        LoadedStack stack = stacks().load(yaml.toString());

        assertEquals(2000, stack.definition().services().size());
        assertEquals("busybox", stack.definition().services().get("s1999").image());
    }

    /** docker reads files of any size; we read up to 8 MiB (SnakeYAML's default stopped at 3 MB). */
    @Test
    void aFiveMegabyteFileIsReadAndOneOverTheLimitIsRefusedNamingIt() throws IOException {
        String big = "x-big: \"" + "y".repeat(5_000_000) + "\"\n" + SERVICE;
        assertEquals(5_000_000, stacks().load(big).tree().entries().get("x-big").value() instanceof Node.ScalarNode s
                ? s.string().length() : -1);

        String tooBig = "x-big: \"" + "y".repeat(ComposeLimits.MAX_FILE_BYTES) + "\"\n" + SERVICE;
        assertEquals(List.of("1.yml: larger than 8 MiB, more than swarm-deploy reads from a compose file (docker has no limit:"
                + " it reads until memory runs out)"), stacks().problems(tooBig));
    }

    /** A compose file that is a device that never ends. docker: out of memory. */
    @Test
    void devZeroAsComposeFileIsRefusedAtTheSizeLimit() {
        InvalidStackException e = assertThrows(InvalidStackException.class,
                () -> StackLoader.forFiles(List.of(Path.of("/dev/zero"))).readDotEnv(false).load());

        assertEquals("/dev/zero: larger than 8 MiB, more than swarm-deploy reads from a compose file (docker has no limit:"
                + " it reads until memory runs out)", e.problems().get(0).toString());
    }

    /**
     * docker: 10000 levels (yaml.v3's "exceeded max depth of 10000", Go's JSON decoder "exceeded max depth"),
     * the top-level mapping being the first; SnakeYAML's default stopped at 50.
     */
    @Test
    void nestingIsReadUpToDockersTenThousandLevels() {
        // "- - - x": a list in a list in a list, written on one line (docker: the same depth as [[[x]]])
        LoadedStack deepest = stacks().load(SERVICE + "x-deep:\n  " + "- ".repeat(9999) + "x\n");
        assertTrue(deepest.toYaml().contains("x-deep:\n  - - - - "), () -> deepest.toYaml().substring(0, 200));

        List<String> problems = stacks().problems(SERVICE + "x-deep:\n  " + "- ".repeat(10000) + "x\n");

        assertEquals(List.of("1.yml:5:20001 x-deep[0][0][0][0][0][0][0][0][0][0][0]... (10000 levels): invalid YAML:"
                + " nested more than 10000 levels deep (docker's limit: \"exceeded max depth of 10000\")"), problems);
    }

    /** An anchor nested 6000 deep used 5000 deep: the text is fine, the document docker decodes is not. */
    @Test
    void nestingMadeByAnAliasCountsAsDockerCountsIt() {
        String yaml = "x-a: &a\n  " + "- ".repeat(6000) + "x\nx-b:\n  " + "- ".repeat(5000) + "*a\n" + SERVICE;

        List<String> problems = stacks().problems(yaml);

        assertEquals(List.of("1.yml:4:10003 x-b[0][0][0][0][0][0][0][0][0][0][0]... (5001 levels): nested more than 10000"
                + " levels deep once *a is expanded here (docker's limit: \"exceeded max depth\")"), problems);
    }

    /** yaml.v3 reads UTF-16 when the file starts with its byte order mark, and UTF-8 (with or without BOM) otherwise. */
    @Test
    void utf16WithAByteOrderMarkIsReadAndWithoutOneIsRefusedAsDockerRefusesIt() throws IOException {
        String yaml = "version: \"3.8\"\n" + SERVICE + "    labels: [grüße=✓]\n";
        String ascii = "version: \"3.8\"\n" + SERVICE;
        for (byte[] encoded : List.of(bytes(new byte[] {(byte) 0xFF, (byte) 0xFE}, yaml.getBytes(StandardCharsets.UTF_16LE)),
                bytes(new byte[] {(byte) 0xFE, (byte) 0xFF}, yaml.getBytes(StandardCharsets.UTF_16BE)),
                bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, yaml.getBytes(StandardCharsets.UTF_8)))) {
            Path file = dir.resolve("bom.yml");
            Files.write(file, encoded);
            LoadedStack stack = StackLoader.forFiles(List.of(file)).readDotEnv(false).load();
            assertEquals(Map.of("grüße", "✓"), stack.definition().services().get("web").labels());
        }

        for (byte[] encoded : List.of(ascii.getBytes(StandardCharsets.UTF_16LE), ascii.getBytes(StandardCharsets.UTF_16BE))) {
            Path file = dir.resolve("nobom.yml");
            Files.write(file, encoded);
            InvalidStackException e = assertThrows(InvalidStackException.class,
                    () -> StackLoader.forFiles(List.of(file)).readDotEnv(false).load());
            assertTrue(e.problems().get(0).toString().matches(".*nobom.yml:1:[12] invalid YAML: control characters are not allowed"
                    + " \\(U\\+0000\\); a UTF-16 file needs a byte order mark to be read as UTF-16, by docker too"), e::getMessage);
        }
        Path file = dir.resolve("nobom.yml");
        Files.write(file, yaml.getBytes(StandardCharsets.UTF_16LE));
        InvalidStackException e = assertThrows(InvalidStackException.class,
                () -> StackLoader.forFiles(List.of(file)).readDotEnv(false).load());
        assertTrue(e.problems().get(0).toString().endsWith("nobom.yml: not UTF-8 text (a UTF-16 file needs a byte order mark"
                + " to be read as UTF-16, by docker too)"), e::getMessage);
    }

    private static byte[] bytes(byte[] first, byte[] second) {
        byte[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /**
     * docker's uint64 fields: printed as docker prints them (oracle case uint64: from 2^63 on no longer a
     * negative number; beyond 2^64 Go's float conversion gives 2^63). A deploy refuses what it cannot send.
     */
    @Test
    void unsignedFieldsArePrintedAsDockerPrintsThemAndRefusedForDeployingBeyondWhatCanBeSent() {
        Path dir = Fixtures.resource("compose/oracle/uint64");
        List<Event> events = new ArrayList<>();

        LoadedStack printed = StackLoader.forFiles(List.of(dir.resolve("1.yml"))).readDotEnv(false).printOnly(true)
                .events(events::add).load();

        assertEquals(Fixtures.read(dir.resolve("expected.yml")), printed.toYaml());
        assertTrue(events.stream().map(Event::message).anyMatch(m -> m.endsWith("1.yml:6:17 services.a.deploy.replicas:"
                + " 9223372036854775808 is more than swarm-deploy can deploy here (at most 9223372036854775807)"
                + " (a deploy refuses this; docker stack deploy would send it)")), events::toString);

        InvalidStackException e = assertThrows(InvalidStackException.class,
                () -> StackLoader.forFiles(List.of(dir.resolve("1.yml"))).readDotEnv(false).load());
        assertEquals(List.of(
                        "6:17 services.a.deploy.replicas: 9223372036854775808 is more than swarm-deploy can deploy here (at most 9223372036854775807)",
                        "8:22 services.a.deploy.update_config.parallelism: 18446744073709551615 is more than swarm-deploy can deploy here (at most 9223372036854775807)",
                        "10:22 services.a.deploy.rollback_config.parallelism: 10000000000000000000 is more than swarm-deploy can deploy here (at most 9223372036854775807)",
                        "12:23 services.a.deploy.restart_policy.max_attempts: 9223372036854775808 is more than swarm-deploy can deploy here (at most 9223372036854775807)",
                        "14:32 services.a.deploy.placement.max_replicas_per_node: 18000000000000000000 is more than swarm-deploy can deploy here (at most 2147483647)",
                        "16:16 services.a.healthcheck.retries: 9223372036854775808 is more than swarm-deploy can deploy here (at most 2147483647)",
                        "22:32 services.b.deploy.placement.max_replicas_per_node: 4294967296 is more than swarm-deploy can deploy here (at most 2147483647)",
                        "24:16 services.b.healthcheck.retries: 4294967297 is more than swarm-deploy can deploy here (at most 2147483647)"),
                e.problems().stream().map(p -> p.toString().substring(p.toString().indexOf("1.yml:") + 6)).collect(Collectors.toList()));
    }

    /** docker reads a config file whole (from /dev/zero until it runs out of memory); the engine takes less than 1000 KiB. */
    @Test
    void devZeroAsConfigFileIsReadNoFurtherThanTheEngineTakes() {
        List<String> problems = stacks().problems(SERVICE + "    configs: [zero]\n    secrets: [zero]\n"
                + "configs:\n  zero:\n    file: /dev/zero\nsecrets:\n  zero:\n    file: /dev/zero\n");

        assertEquals(List.of(
                "1.yml:8:11 configs.zero.file: /dev/zero has more than 1024000 bytes: config data must be larger than 0 and less than 1024000 bytes",
                "1.yml:11:11 secrets.zero.file: /dev/zero has more than 512000 bytes: secret data must be larger than 0 and less than 512000 bytes"),
                problems);
    }

    /** docker reads env files line by line, with a limit of 64 KiB per line: "invalid env file (/dev/zero): bufio.Scanner: token too long". */
    @Test
    void devZeroAsEnvFileEndsAtItsFirstLine() {
        List<String> problems = stacks().problems(SERVICE + "    env_file: /dev/zero\n");

        assertEquals(List.of("1.yml:4:15 services.web.env_file[0]: invalid env file /dev/zero line 1: the line is longer than"
                + " 65535 bytes, docker's limit for env files (bufio.Scanner: token too long)"), problems);

        InvalidStackException e = assertThrows(InvalidStackException.class, () -> stacks().loader(SERVICE)
                .envFiles(List.of(Path.of("/dev/zero"))).load());
        assertEquals("/dev/zero:1:1 the line is longer than 65535 bytes, docker's limit for env files (bufio.Scanner: token too long)",
                e.problems().get(0).toString());
    }

    /** Measured with docker: a line of 65535 bytes is read, one of 65536 is "token too long". */
    @Test
    void anEnvFileLineMayHaveUpTo65535Bytes() {
        Fixtures.write(dir, "ok.env", "A=" + "x".repeat(65533) + "\n");
        Fixtures.write(dir, "long.env", "B=1\nA=" + "x".repeat(65534) + "\n");

        assertEquals(65533, stacks().load(SERVICE + "    env_file: ok.env\n").definition().services().get("web")
                .environment().get("A").orElseThrow().length());
        assertEquals(List.of("1.yml:4:15 services.web.env_file[0]: invalid env file long.env line 2: the line is longer than"
                + " 65535 bytes, docker's limit for env files (bufio.Scanner: token too long)"),
                stacks().problems(SERVICE + "    env_file: long.env\n"));
    }

    /** A short file naming a long variable many times would multiply it without end; docker has no limit there. */
    @Test
    void valuesGrownBySubstitutionAreBounded() {
        Stacks stacks = stacks().environment(Map.of("A", "a".repeat(60_000)));
        String yaml = SERVICE + "    labels:\n" + java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> "      l" + i + ": ${A}\n").collect(Collectors.joining());

        List<String> problems = stacks.problems(yaml);

        assertEquals(List.of("1.yml:144:13 services.web.labels.l139: with this value the file's values come to more than 8 MiB"
                + " of text after substituting variables, more than swarm-deploy reads from a compose file (docker has no limit)"),
                problems);
    }
}
