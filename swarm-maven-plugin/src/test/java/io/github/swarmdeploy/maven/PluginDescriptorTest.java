package io.github.swarmdeploy.maven;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What Maven reads from the generated plugin descriptor: the phases goals bind to, the environment property. */
class PluginDescriptorTest {

    private static Document descriptor() throws Exception {
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

        assertEquals(Map.of("tag", "initialize", "push", "deploy", "deploy", "deploy", "prune", "deploy", "config", "validate"),
                phases);
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
}
