package io.github.swarmdeploy.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's table of parameters says what the Mojos declare: every {@code swarm.*} property of every goal has a
 * row, each row's goals are the goals that have it, and a default the descriptor knows is the one the row gives.
 * The reference generated from the Mojos (swarm-maven-plugin/target/site) is the source; this keeps the README true.
 */
class ReadmeParametersTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One row of the README's parameter table. */
    private record Row(int line, List<String> properties, Set<String> goals, String defaults) {
    }

    private static List<Row> readmeRows() throws Exception {
        Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../README.md").normalize();
        List<String> lines = Files.readAllLines(readme);
        List<Row> rows = new ArrayList<>();
        boolean inSection = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                inSection = line.equals("## Parameters");
                continue;
            }
            if (!inSection || !line.startsWith("| `swarm.")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            rows.add(new Row(i + 1, properties(cells[1]), goals(cells[2]), cells[3].strip()));
        }
        assertTrue(rows.size() > 20, "README.md has no '## Parameters' table at " + readme);
        return rows;
    }

    /** {@code `swarm.tls.caCert` / `.cert` / `.key`} names three properties; an alias in parentheses is not one. */
    private static List<String> properties(String cell) {
        List<String> names = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell.replaceAll("\\(alias[^)]*\\)", ""));
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.startsWith(".") && !names.isEmpty()) {
                String previous = names.get(names.size() - 1);
                name = previous.substring(0, previous.lastIndexOf('.')) + name;
            }
            names.add(name);
        }
        return names;
    }

    private static Set<String> goals(String cell) {
        Set<String> goals = new TreeSet<>();
        for (String goal : cell.split(",")) {
            goals.add(goal.strip());
        }
        return goals;
    }

    /** Each {@code swarm.*} property with the goals that have it and its default value, if the descriptor gives one. */
    private static Map<String, Set<String>> goalsByProperty(Map<String, String> defaults) throws Exception {
        Map<String, Set<String>> properties = new TreeMap<>();
        PluginDescriptorTest.propertiesByGoal().forEach((goal, names) -> {
            if (!goal.equals("help")) {
                names.forEach(name -> properties.computeIfAbsent(name, key -> new TreeSet<>()).add(goal));
            }
        });
        Document descriptor = PluginDescriptorTest.descriptor();
        NodeList values = descriptor.getElementsByTagName("configuration");
        for (int i = 0; i < values.getLength(); i++) {
            NodeList parameters = values.item(i).getChildNodes();
            for (int j = 0; j < parameters.getLength(); j++) {
                if (parameters.item(j) instanceof Element parameter && parameter.hasAttribute("default-value")) {
                    String expression = parameter.getTextContent().strip();
                    if (expression.startsWith("${swarm.")) {
                        defaults.put(expression.substring(2, expression.length() - 1), parameter.getAttribute("default-value"));
                    }
                }
            }
        }
        return properties;
    }

    @Test
    void everyParameterHasARowNamingTheGoalsThatHaveItAndItsDefault() throws Exception {
        Map<String, String> defaults = new TreeMap<>();
        Map<String, Set<String>> declared = goalsByProperty(defaults);
        Set<String> everyGoal = new TreeSet<>(PluginDescriptorTest.propertiesByGoal().keySet());
        everyGoal.remove("help");

        Set<String> documented = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (Row row : readmeRows()) {
            for (String property : row.properties()) {
                documented.add(property);
                Set<String> goals = declared.get(property);
                if (goals == null) {
                    wrong.add("README.md:" + row.line() + " " + property + ": no goal has this parameter");
                    continue;
                }
                Set<String> readmeGoals = row.goals().equals(Set.of("all")) ? everyGoal : row.goals();
                if (!readmeGoals.equals(goals)) {
                    wrong.add("README.md:" + row.line() + " " + property + ": goals " + row.goals() + ", but " + goals
                            + " have it");
                }
                String defaultValue = defaults.get(property);
                if (defaultValue != null && !defaultValue.startsWith("${") && !row.defaults().contains("`" + defaultValue + "`")) {
                    wrong.add("README.md:" + row.line() + " " + property + ": default '" + row.defaults() + "', but the "
                            + "goal's is `" + defaultValue + "`");
                }
            }
        }
        for (String property : declared.keySet()) {
            if (!documented.contains(property)) {
                wrong.add(property + " (" + String.join(", ", declared.get(property)) + "): no row in README.md's Parameters");
            }
        }
        assertEquals(List.of(), wrong);
    }
}
