package io.github.swarmdeploy.core.compose;

import io.github.swarmdeploy.core.event.Event;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code printOnly}: swarm:config prints what {@code docker stack config} 28.2 prints (oracle case
 * print-only, docker's output in expected.yml), even for what only {@code docker stack deploy} refuses;
 * that is then a warning. Loading for deploying still refuses it, with positions.
 */
class PrintOnlyTest {

    private static final Path DIR = Fixtures.resource("compose/oracle/print-only");

    private static final List<String> DEPLOY_PROBLEMS = List.of(
            "1.yml:5:12 services.web.image: invalid image reference for service web: invalid reference format: repository name (App) must be lowercase",
            "1.yml:6:16 services.web.networks.undeclared: network \"undeclared\" is not declared under the top-level networks",
            "1.yml:9:15 services.web.configs[0].mode: must be a file mode between 0 and 0777 (write it in octal, e.g. 0440)",
            "1.yml:11:17 services.web.configs[2]: undefined config \"undeclared_config\" (declare it under the top-level configs)",
            "1.yml:13:9 services.web.volumes[0]: undefined volume \"undeclared_volume\" (declare it under the top-level volumes)",
            "1.yml:14:15 services.web.volumes[1].type: unknown volume type \"special\" (use volume, bind, tmpfs, npipe, cluster or image)",
            "1.yml:17:17 services.web.ports[0].target: must be a port number between 0 and 65535",
            "1.yml:19:19 services.web.ports[1].protocol: unknown protocol \"icmp\" (use tcp, udp or sctp)",
            "1.yml:20:15 services.web.ports[1].mode: unknown publish mode \"bridge\" (use ingress or host)",
            "1.yml:21:9 services.web.ports[2]: missing required key 'target' (the container port)",
            "1.yml:23:13 services.web.deploy.mode: unknown mode \"replicate\" (use replicated, global, replicated-job or global-job)",
            "1.yml:24:22 services.web.deploy.endpoint_mode: unknown endpoint mode \"round\" (use vip or dnsrr)",
            "1.yml:27:17 services.web.deploy.resources.limits.cpus: invalid number of CPUs \"two\": failed to parse two as a rational number",
            "1.yml:29:20 services.web.deploy.restart_policy.condition: unknown restart condition \"always\" (use none, on-failure or any)",
            "1.yml:31:25 services.web.deploy.update_config.failure_action: unknown failure action \"explode\" (use pause, continue or rollback)",
            "1.yml:34:11 configs.missing_file.file: cannot read @dir@/not-there.conf: no such file",
            "1.yml:35:3 configs.no_source: config no_source has no content: give it a file, content or environment, or mark it external");

    @Test
    void printsWhatDockerStackConfigPrintsAndWarnsOfWhatDeployingWouldRefuse() {
        List<Event> events = new ArrayList<>();

        LoadedStack stack = StackLoader.forFiles(List.of(DIR.resolve("1.yml"))).readDotEnv(false)
                .printOnly(true).events(events::add).load();

        assertEquals(Fixtures.dockerOutput(DIR.resolve("expected.yml")).replace("@dir@", DIR.toString()), stack.toYaml());
        assertEquals(DEPLOY_PROBLEMS.stream().map(p -> p + " (docker stack deploy would refuse this)").collect(Collectors.toList()),
                events.stream().map(Event::message).map(this::relative)
                        .filter(m -> m.contains("would refuse")).sorted(PrintOnlyTest::byLine).collect(Collectors.toList()));
    }

    @Test
    void loadingForDeployingRefusesAllOfIt() {
        InvalidStackException e = assertThrows(InvalidStackException.class, () ->
                StackLoader.forFiles(List.of(DIR.resolve("1.yml"))).readDotEnv(false).load());

        assertEquals(DEPLOY_PROBLEMS, e.problems().stream().map(Problem::toString).map(this::relative).collect(Collectors.toList()));
    }

    private String relative(String message) {
        return message.replace(DIR.resolve("1.yml").toString(), "1.yml").replace(DIR.toString(), "@dir@");
    }

    private static int byLine(String a, String b) {
        String[] x = a.split("[: ]", 4);
        String[] y = b.split("[: ]", 4);
        int line = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        return line != 0 ? line : Integer.compare(Integer.parseInt(x[2]), Integer.parseInt(y[2]));
    }
}
