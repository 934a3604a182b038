package io.github.swarmdeploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A floor under a goal's time in a cold Maven JVM: how long a fresh JVM takes only to load, link and initialise the
 * classes that one run of the goal loaded, without running any of the goal's own logic. No change to that logic can
 * take the goal below this, short of loading fewer classes.
 *
 * <p>Input: the Maven JVM's {@code -Xlog:class+load} output of one goal, such as the benchmark keeps next to the log
 * of each {@code ours-mvn} deploy ({@code bench/target/runs/<date>/logs/*.log.classes}). The classes taken are
 * those loaded from the plugin's first class on, out of the JDK or a jar of the local repository the plugin came
 * from. Maven's own classes (from its installation) and the classes the JVM generates (lambdas, proxies) are left
 * out, so the floor is low rather than high. The jars are those the log names: the classes come from the same files
 * as in the goal.
 *
 * <pre>
 * java -cp bench/target/classes io.github.swarmdeploy.bench.ClassLoadFloor --log FILE [--reps 5]
 * </pre>
 * Each repetition is a JVM of its own; prints the number of classes and each repetition's milliseconds.
 */
public final class ClassLoadFloor {

    private static final Pattern LOADED = Pattern.compile("(?:\\[[^]]*])+ (\\S+) source: (.*)");
    private static final String PLUGIN_PACKAGE = "io.github.swarmdeploy.";
    private static final String PLUGIN_PATH = "/io/github/swarmdeploy/";

    private ClassLoadFloor() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = MainOptions.parse(args);
        if (options.containsKey("load")) {
            load(Path.of(options.get("load")));
            return;
        }
        int reps = Integer.parseInt(options.getOrDefault("reps", "5"));
        Selection selection = select(Files.readAllLines(Path.of(MainOptions.required(options, "log"))));
        Path list = Files.createTempFile("swarm-bench-classes-", ".txt");
        try {
            Files.write(list, selection.classes());
            // the goal's jars first, then this JVM's own class path for this class
            String classpath = String.join(":", selection.jars()) + ":" + System.getProperty("java.class.path");
            System.out.printf(Locale.ROOT, "%d classes from %d jars and the JDK%n", selection.classes().size(),
                    selection.jars().size());
            for (int i = 0; i < reps; i++) {
                String output = Command.of("java", "-cp", classpath, ClassLoadFloor.class.getName(), "--load",
                        list.toString()).output(Duration.ofMinutes(2));
                // a logging library initialised without Maven's binding says so on every run
                output.lines().filter(line -> !line.startsWith("SLF4J:")).forEach(System.out::println);
            }
        } finally {
            Files.deleteIfExists(list);
        }
    }

    /** The classes to load, in the order the goal loaded them, and the jars they came from. */
    record Selection(List<String> classes, Set<String> jars) {
    }

    static Selection select(List<String> logLines) {
        List<String> classes = new ArrayList<>();
        Set<String> jars = new LinkedHashSet<>();
        String repository = null;
        for (String line : logLines) {
            Matcher matcher = LOADED.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String name = matcher.group(1);
            String source = matcher.group(2);
            if (repository == null && name.startsWith(PLUGIN_PACKAGE) && source.contains(PLUGIN_PATH)) {
                repository = source.substring(0, source.indexOf(PLUGIN_PATH));
            }
            if (repository == null) {
                continue;
            }
            boolean generated = name.contains("$$") || name.startsWith("jdk.proxy") || name.startsWith("com.sun.proxy");
            // the plugin's jars come from the local repository the plugin came from; Maven's own from its home
            boolean fromJar = source.startsWith(repository) && source.endsWith(".jar");
            boolean fromJdk = source.startsWith("jrt:/") || source.equals("shared objects file");
            if (generated || !(fromJar || fromJdk)) {
                continue;
            }
            classes.add(name);
            if (fromJar) {
                jars.add(source.substring("file:".length()));
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no class of " + PLUGIN_PACKAGE + "* in the log: was it written with "
                    + "-Xlog:class+load during a goal of the plugin?");
        }
        return new Selection(classes, jars);
    }

    /** In a JVM of its own: loads, links and initialises each class; prints how long that took. */
    private static void load(Path list) throws IOException {
        List<String> names = Files.readAllLines(list);
        ClassLoader loader = ClassLoadFloor.class.getClassLoader();
        long start = System.nanoTime();
        int missing = 0;
        for (String name : names) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing++;
            }
        }
        System.out.printf(Locale.ROOT, "%.0f ms (%d of %d classes not loadable here)%n",
                (System.nanoTime() - start) / 1e6, missing, names.size());
    }
}
