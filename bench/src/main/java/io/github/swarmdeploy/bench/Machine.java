package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the numbers were measured on: cores, kernel, tool versions, the commit, the load. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe(Path root) {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("kernel", quietly("uname", "-sr"));
        machine.put("dockerCli", quietly("docker", "version", "--format", "{{.Client.Version}}"));
        machine.put("engine", quietly("docker", "version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("maven", quietly("mvn", "-v").lines().findFirst().orElse("?").replaceAll("\u001B\\[[0-9;]*m", ""));
        machine.put("commit", quietly("git", "-C", root.toString(), "rev-parse", "--short", "HEAD"));
        machine.put("loadAverageStart", loadAverage());
        return machine;
    }

    /** The 1-, 5- and 15-minute load averages (other engineers' builds share these cores). */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String quietly(String... argv) {
        try {
            return Command.of(argv).output(Duration.ofSeconds(60)).strip();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
