package io.github.swarmdeploy.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What Maven reads from the generated plugin descriptor: the phases goals bind to, the environment property, and
 * which parameters each goal has (what {@code swarm:help -Ddetail -Dgoal=<goal>} and the generated docs show).
 */
class PluginDescriptorTest {

    static Document descriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertNotNull(in, "META-INF/maven/plugin.xml is generated before the tests run");
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    @Test
    void anExecutionThatOnlyNamesGoalsBindsThemToTheirPhase() throws Exception {
        Map<String, String> phases = new TreeMap<>();
        NodeList mojos = descriptor().getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            phases.put(text(mojo, "goal"), text(mojo, "phase"));
        }
        phases.remove("help");

        assertEquals(Map.of("tag", "initialize", "push", "deploy", "deploy", "deploy", "prune", "deploy", "config", "validate",
                "rollback", "deploy", "remove", "deploy", "status", "deploy", "history", "deploy"), phases);
    }

    @Test
    void theEnvironmentIsSwarmEnvWithEnvAsItsAlias() throws Exception {
        NodeList mojos = descriptor().getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            if (!"deploy".equals(text(mojo, "goal"))) {
                continue;
            }
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            Element env = (Element) configuration.getElementsByTagName("env").item(0);
            assertEquals("${swarm.env}", env.getTextContent());
            assertEquals("${env}", env.getAttribute("default-value"));
            return;
        }
        throw new AssertionError("no deploy goal in the descriptor");
    }

    private static final Set<String> EVERY_GOAL = Set.of("swarm.skip", "swarm.dir");
    private static final Set<String> ENGINE = Set.of("swarm.host", "swarm.tls.verify", "swarm.tls.certPath",
            "swarm.tls.caCert", "swarm.tls.cert", "swarm.tls.key", "swarm.ssh.keyFile", "swarm.ssh.keyEnv",
            "swarm.ssh.passphraseFile", "swarm.ssh.passphraseEnv", "swarm.ssh.serverId", "swarm.ssh.knownHosts", "swarm.ssh.hostKeyFingerprint",
            "swarm.ssh.strictHostKeyChecking");
    private static final Set<String> STACK = Set.of("swarm.env", "swarm.stack", "swarm.project");
    private static final Set<String> LOCK = Set.of("swarm.lock.wait", "swarm.lock.ttl", "swarm.lock.lease");
    /** What the goals that change a stack share: its lock, and how many records of its history stay. */
    private static final Set<String> CHANGES = union(LOCK, Set.of("swarm.history.keep"));
    private static final Set<String> FILES = Set.of("swarm.composeFiles", "swarm.envFiles");
    private static final Set<String> TAGGING = Set.of("swarm.tag", "swarm.tag.format", "swarm.tag.file");
    /** Secrets are never parameters: only where to find them is. */
    private static final Set<String> REGISTRY = Set.of("swarm.registry.username", "swarm.registry.passwordFile",
            "swarm.registry.passwordEnv");
    private static final Set<String> GITLAB = Set.of("swarm.gitlab.note", "swarm.gitlab.tokenFile", "swarm.gitlab.tokenEnv",
            "swarm.gitlab.serverId");

    @SafeVarargs
    private static Set<String> union(Set<String>... groups) {
        return Stream.of(groups).flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Each goal's parameters by their {@code -D} property. */
    static Map<String, Set<String>> propertiesByGoal() throws Exception {
        Pattern expression = Pattern.compile("\\$\\{(swarm\\.[^}]+)}");
        Map<String, Set<String>> goals = new TreeMap<>();
        NodeList mojos = descriptor().getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            Set<String> properties = new TreeSet<>();
            NodeList configurations = mojo.getElementsByTagName("configuration");
            if (configurations.getLength() > 0) {
                NodeList values = configurations.item(0).getChildNodes();
                for (int j = 0; j < values.getLength(); j++) {
                    Matcher matcher = expression.matcher(values.item(j).getTextContent().strip());
                    if (matcher.matches()) {
                        properties.add(matcher.group(1));
                    }
                }
            }
            goals.put(text(mojo, "goal"), properties);
        }
        return goals;
    }

    @Test
    void eachGoalHasExactlyTheParametersItUses() throws Exception {
        Map<String, Set<String>> goals = propertiesByGoal();

        assertEquals(union(EVERY_GOAL, TAGGING, Set.of("swarm.tag.skip")), goals.get("tag"));
        assertEquals(union(EVERY_GOAL, STACK, FILES, Set.of("swarm.config.output", "swarm.config.skip")),
                goals.get("config"));
        assertEquals(union(EVERY_GOAL, ENGINE, TAGGING, REGISTRY, GITLAB, Set.of("swarm.services", "swarm.labels",
                "swarm.push.all", "swarm.imagePrefix", "swarm.push.serviceArg", "swarm.push.imagesFile", "swarm.push.skip",
                "swarm.progress")),
                goals.get("push"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, CHANGES, Set.of("swarm.prune.keep", "swarm.dryRun",
                "swarm.prune.engine", "swarm.prune.skip")), goals.get("prune"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, CHANGES, REGISTRY, Set.of("swarm.rollback.to", "swarm.dryRun",
                "swarm.wait", "swarm.timeout", "swarm.report", "swarm.withRegistryAuth", "swarm.rollback.skip")),
                goals.get("rollback"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, CHANGES, Set.of("swarm.dryRun", "swarm.timeout",
                "swarm.remove.skip")), goals.get("remove"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, Set.of("swarm.status.format", "swarm.status.skip")),
                goals.get("status"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, Set.of("swarm.history.count", "swarm.history.format",
                "swarm.history.skip")), goals.get("history"));
        assertEquals(union(EVERY_GOAL, ENGINE, STACK, CHANGES, FILES, REGISTRY, GITLAB, Set.of("swarm.dryRun", "swarm.removeOrphans", "swarm.prune",
                "swarm.wait", "swarm.timeout", "swarm.resolveImage", "swarm.resolveImage.strict", "swarm.withRegistryAuth",
                "swarm.report", "swarm.deploy.parallelism", "swarm.dependsOn", "swarm.tag", "swarm.deploy.prune",
                "swarm.prune.keep", "swarm.prune.engine", "swarm.promote.from", "swarm.promote.images",
                "swarm.deploy.skip")), goals.get("deploy"));
    }

    @Test
    void noGoalHasASecretForAParameter() throws Exception {
        for (Map.Entry<String, Set<String>> goal : propertiesByGoal().entrySet()) {
            for (String secret : Set.of("swarm.ssh.passphrase", "swarm.registry.password", "swarm.gitlab.token")) {
                assertFalse(goal.getValue().contains(secret), () -> "swarm:" + goal.getKey() + " has a parameter "
                        + secret + ", whose value Maven would print at -X");
            }
        }
    }

    /**
     * Java gives a class one superclass, so a parameter of goals on different branches (the stack's for config and
     * deploy, the tag's for tag and push) is declared in each: it must read the same in every goal that has it.
     */
    @Test
    void aParameterDeclaredForSeveralGoalsIsDescribedTheSameInEach() throws Exception {
        Map<String, Set<String>> descriptions = new TreeMap<>();
        NodeList mojos = descriptor().getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            NodeList parameters = mojo.getElementsByTagName("parameter");
            Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
            for (int j = 0; j < parameters.getLength(); j++) {
                Element parameter = (Element) parameters.item(j);
                String name = text(parameter, "name");
                NodeList value = configuration == null ? null : configuration.getElementsByTagName(name);
                if (value == null || value.getLength() == 0) {
                    continue;
                }
                Element expression = (Element) value.item(0);
                String property = expression.getTextContent().strip();
                descriptions.computeIfAbsent(property, key -> new TreeSet<>()).add(name + " " + text(parameter, "type")
                        + " default=" + expression.getAttribute("default-value") + ": " + text(parameter, "description"));
            }
        }
        for (String property : union(STACK, FILES, TAGGING, REGISTRY, GITLAB, CHANGES, Set.of("swarm.wait",
                "swarm.report"))) {
            if (!property.equals("swarm.tag")) { // deploy's swarm.tag is the tag handed on, not one it computes
                assertEquals(1, descriptions.get("${" + property + "}").size(), () -> property + " differs between goals: "
                        + descriptions.get("${" + property + "}"));
            }
        }
    }
}
