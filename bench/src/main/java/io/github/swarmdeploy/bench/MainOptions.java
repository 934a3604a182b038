package io.github.swarmdeploy.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code --name value} pairs of the benchmark's small mains (DeployMain, ClassLoadFloor, ReportLatency). */
final class MainOptions {

    private MainOptions() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
