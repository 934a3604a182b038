package io.github.swarmdeploy.core.api;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stack deployed once; then files with one mistake each. Every deploy must fail with a message that
 * names the problem, and leave every object of the stack as it was (same objects, same versions).
 */
class BadInputIT {

    private static DeployFixture stack;

    @BeforeAll
    static void deployAGoodVersion() {
        stack = new DeployFixture("badinput");
        Map<String, String> images = DeployFixture.buildImages(stack.engine);
        stack.compose(StackDeploymentIT.STACK_YAML).file("page.html", "<h1>good</h1>\n").file("empty.html", "")
                .variable("IMAGE", images.get("v1")).variable("TOKEN", "good");
        stack.deploy();
        stack.variable("IMAGE", images.get("v2"));
    }

    @AfterAll
    static void removeIt() {
        if (stack != null) {
            stack.close();
        }
    }

    static Stream<Arguments> mistakes() {
        String yaml = StackDeploymentIT.STACK_YAML;
        return Stream.of(
                Arguments.of("missing config file", yaml.replace("file: ./page.html", "file: ./missing.html"),
                        List.of("configs.page.file", "missing.html")),
                Arguments.of("undefined secret", yaml.replace("      - token\n", "      - token\n      - nosuchsecret\n"),
                        List.of("nosuchsecret")),
                Arguments.of("missing external secret", yaml.replace("    environment: TOKEN", "    external: true\n    name: it-no-such-secret"),
                        List.of("it-no-such-secret", "not found")),
                Arguments.of("unknown key", yaml.replace("    monitor: 1s\n", "    monitor: 1s\n        replicass: 2\n"),
                        List.of("replicass")),
                Arguments.of("missing external network", yaml + """
                        networks:
                          default:
                            external: true
                            name: it-no-such-network
                        """, List.of("it-no-such-network", "could not be found")),
                // values docker sends and the engine refuses, so that docker stops half-way: refused up front
                Arguments.of("placement constraint with an unset variable", yaml.replace(
                        "      endpoint_mode: dnsrr\n      update_config:\n        failure_action",
                        "      endpoint_mode: dnsrr\n      placement:\n        constraints:\n"
                                + "          - node.hostname == ${IT_NO_SUCH_NODE}\n      update_config:\n        failure_action"),
                        List.of("services.web.deploy.placement.constraints.0", "value '' is invalid")),
                Arguments.of("empty config file", yaml.replace("file: ./page.html", "file: ./empty.html"),
                        List.of("configs.page.file", "config data must be larger than 0")),
                Arguments.of("ingress port with endpoint_mode dnsrr", yaml.replace("    healthcheck:\n",
                        "    ports:\n      - \"18099:80\"\n    healthcheck:\n"),
                        List.of("services.web.ports.0", "can't be used with dnsrr mode")),
                Arguments.of("network name Swarm refuses", yaml + """
                        networks:
                          default:
                            name: it.not.a.dns.label
                        """, List.of("networks.default.name", "DNS name component")),
                Arguments.of("network of a local driver", yaml + """
                        networks:
                          default:
                            driver: bridge
                        """, List.of("networks.default.driver", "cannot be used with services")),
                Arguments.of("invalid image reference", yaml.replace("image: ${IMAGE}\n    configs", "image: Not/Valid::Image\n    configs"),
                        List.of("services.web.image", "invalid reference format")),
                // what a stack file may cost is bounded: refused at once, not after minutes and gigabytes
                Arguments.of("alias bomb", billionLaughs() + yaml,
                        List.of("compose.yaml:4:", "document contains excessive aliasing")),
                Arguments.of("config file /dev/zero", yaml.replace("file: ./page.html", "file: /dev/zero"),
                        List.of("configs.page.file", "/dev/zero has more than 1024000 bytes")),
                // two keys naming one config: the second could never be created (docker stops half-way)
                Arguments.of("two configs of one name with other content", yaml
                        .replace("      - source: page\n        target: /www/index.html\n", "      - source: page\n"
                                + "        target: /www/index.html\n      - source: page2\n        target: /www/2.html\n")
                        .replace("  page:\n    file: ./page.html\n", "  page:\n    name: it-badinput-page\n"
                                + "    file: ./page.html\n  page2:\n    name: it-badinput-page\n    content: other\n"),
                        List.of("configs.page2", "is also the name of configs.page")),
                Arguments.of("env_file /dev/zero", yaml.replace("    healthcheck:\n", "    env_file: /dev/zero\n    healthcheck:\n"),
                        List.of("services.web.env_file[0]", "/dev/zero line 1", "longer than 65535 bytes")));
    }

    /** Nine levels of nine aliases: a billion values once expanded. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("x-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("x-").append(level).append(": &l").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*l" + (level - 1)))).append("]\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void clearErrorAndNothingChanged(String mistake, String yaml, List<String> mentioned) {
        List<String> before = stack.objects();
        stack.compose(yaml);

        SwarmDeployException failure = assertThrows(SwarmDeployException.class, stack::deploy, mistake);

        for (String text : mentioned) {
            assertTrue(failure.getMessage().contains(text), () -> mistake + ": '" + text + "' not in: " + failure.getMessage());
        }
        assertEquals(before, stack.objects(), mistake + " changed the swarm");
        SandboxSwarm.await("no deploy lock left", java.time.Duration.ofSeconds(5),
                () -> stack.engine.fetchJson("/configs?filters=" + SandboxSwarm.labelFilter(stack.stack)).toString(),
                json -> !json.contains("deploy-lock"));
    }

    @org.junit.jupiter.api.Test
    void portAnotherServicePublishesInIngressModeIsRefusedBeforeAnythingChanges() {
        // a service of someone else (no stack label), publishing a port in ingress mode; no task needed
        int port = 20000 + new java.util.Random().nextInt(9000);
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("Name", stack.stack + "-other");
        body.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", SandboxSwarm.baseImage());
        body.putObject("Mode").putObject("Replicated").put("Replicas", 0);
        body.putObject("EndpointSpec").putArray("Ports").addObject().put("Protocol", "tcp").put("TargetPort", 80)
                .put("PublishedPort", port).put("PublishMode", "ingress");
        String other = stack.engine.sendJson(io.github.swarmdeploy.core.engine.HttpMethod.POST,
                "/services/create", body).path("ID").asText();
        try {
            List<String> before = stack.objects();
            // a new config version comes first in the deploy: docker would create it, then fail on the service
            stack.compose(StackDeploymentIT.STACK_YAML.replace("    healthcheck:\n",
                    "    ports:\n      - target: 80\n        published: " + port + "\n        mode: host\n    healthcheck:\n")
                    .replace("file: ./page.html", "file: ./other.html")).file("other.html", "<h1>other</h1>\n");

            SwarmDeployException failure = assertThrows(SwarmDeployException.class, stack::deploy);

            assertTrue(failure.getMessage().contains("services.web.ports: port " + port + "/tcp is already published by"
                    + " service " + stack.stack + "-other (not in this stack) in ingress mode"), failure::getMessage);
            assertEquals(before, stack.objects(), "the swarm changed");
        } finally {
            stack.engine.sendJson(io.github.swarmdeploy.core.engine.HttpMethod.DELETE,
                    "/services/" + other, null);
        }
    }

    @org.junit.jupiter.api.Test
    void unknownTagWithStrictDigestResolutionFailsAndChangesNothing() {
        List<String> before = stack.objects();
        stack.compose(StackDeploymentIT.STACK_YAML);
        String image = stack.variables.get("IMAGE");
        stack.variable("IMAGE", SandboxSwarm.registry() + "/deploy-it/app:no-such-tag");
        SwarmDeployException failure;
        try {
            failure = assertThrows(SwarmDeployException.class, () -> stack.deploy(
                    DeployFixture.options().withImages(io.github.swarmdeploy.core.plan.ImagePolicy.ALWAYS, true)));
        } finally {
            stack.variable("IMAGE", image);
        }

        assertTrue(failure.getMessage().contains("(DeployOptions.strictImages=true)"), failure::getMessage);
        assertTrue(failure.getMessage().contains("no-such-tag"), failure::getMessage);
        assertEquals(before, stack.objects());
    }
}
