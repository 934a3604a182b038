package io.github.swarmdeploy.core.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files docker stack config 28.2 refuses (its message above each case): we refuse them too, with the
 * position and key path of the value to fix.
 */
class DockerRefusalsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> refused() {
        return Stream.of(
                // docker: services.a.ports.0 Does not match format 'ports'
                Arguments.of("services:\n  a:\n    image: x\n    ports: [\"99999:80\"]\n",
                        "1.yml:4:13 services.a.ports[0]: invalid port \"99999:80\": invalid hostPort: 99999"),
                // docker: services.a.ports.0 Does not match format 'ports'
                Arguments.of("services:\n  a:\n    image: x\n    ports: [\"80/xyz\"]\n",
                        "1.yml:4:13 services.a.ports[0]: invalid port \"80/xyz\": invalid proto: xyz"),
                // docker: services.a.ulimits.nofile hard is required
                Arguments.of("services:\n  a:\n    image: x\n    ulimits:\n      nofile: {soft: 1}\n",
                        "1.yml:5:15 services.a.ulimits.nofile: missing required key 'hard'"),
                // docker: invalid mount config for type "bind": field Source must not be empty
                Arguments.of("services:\n  a:\n    image: x\n    volumes:\n      - type: bind\n        target: /x\n",
                        "1.yml:5:9 services.a.volumes[0]: invalid mount config for type \"bind\": field Source must not be empty"),
                // docker: services.a.deploy.update_config.order services.a.deploy.update_config.order must be one of the following: "start-first", "stop-first"
                Arguments.of("services:\n  a:\n    image: x\n    deploy:\n      update_config:\n        order: random\n",
                        "1.yml:6:16 services.a.deploy.update_config.order: must be one of start-first, stop-first, not \"random\""),
                // docker: cannot parse 'HealthCheck.Retries', -1 overflows uint
                Arguments.of("services:\n  a:\n    image: x\n    healthcheck:\n      retries: -1\n",
                        "1.yml:5:16 services.a.healthcheck.retries: must not be negative"),
                // docker: services.a.environment.A must be a string, number or null
                Arguments.of("services:\n  a:\n    image: x\n    environment:\n      A: [1]\n",
                        "1.yml:5:10 services.a.environment.A: must be a string, a number or null, not a list"),
                // docker: services.a.cap_add array items[0,1] must be unique
                Arguments.of("services:\n  a:\n    image: x\n    cap_add: [A, A]\n",
                        "1.yml:4:18 services.a.cap_add[1]: duplicate item A (already at services.a.cap_add[0]); docker requires unique items"),
                // docker: conflicting parameters "external" and "driver" specified for volume "v"
                Arguments.of("volumes:\n  v:\n    external: true\n    driver: local\nservices:\n  a:\n    image: x\n",
                        "1.yml:4:13 volumes.v.driver: conflicting parameters \"external\" and \"driver\" specified for volume \"v\""),
                // docker: secret s: secret.external.name and secret.name conflict; only use secret.name
                Arguments.of("secrets:\n  s:\n    name: a\n    external:\n      name: b\nservices:\n  a:\n    image: x\n",
                        "1.yml:5:7 secrets.s.external.name: secret s: secret.external.name and secret.name conflict; only use secret.name"),
                // docker: services.a.stop_grace_period must be a string
                Arguments.of("services:\n  a:\n    image: x\n    stop_grace_period: 10\n",
                        "1.yml:4:24 services.a.stop_grace_period: must be a string, not an integer"),
                // docker: services.a.tmpfs must be a string
                Arguments.of("services:\n  a:\n    image: x\n    tmpfs: 5\n",
                        "1.yml:4:12 services.a.tmpfs: must be a string or a list, not an integer"),
                // docker: error decoding 'Deploy.Resources.Limits.memory': strconv.ParseFloat: parsing "1.5.5": invalid syntax
                Arguments.of("services:\n  a:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 1.5.5M\n",
                        "1.yml:7:19 services.a.deploy.resources.limits.memory: invalid size \"1.5.5M\" (invalid size: '1.5.5M'; write it like 512M, 1.5g or 1073741824)"),
                // docker: (root) Additional property secrets is not allowed
                Arguments.of("version: '3.0'\nsecrets: {}\nservices:\n  a:\n    image: x\n",
                        "1.yml:2:1 secrets: 'secrets' needs compose file version 3.1 or later (this file has version 3.0)"),
                // docker: version must be a string
                Arguments.of("version: 3.10\nservices:\n  a:\n    image: x\n",
                        "1.yml:1:10 version: must be a string, not a number"),
                // docker: services.a.logging.options.a must be a string, number or null
                Arguments.of("services:\n  a:\n    image: x\n    logging:\n      driver: syslog\n      options:\n        a: true\n",
                        "1.yml:7:12 services.a.logging.options.a: must be a string, a number or null, not a boolean"),
                // docker: services.a.secrets.0.uid must be a string
                Arguments.of("services:\n  a:\n    image: x\n    secrets: [{source: s, uid: 1}]\nsecrets:\n  s: {file: ./1.yml}\n",
                        "1.yml:4:32 services.a.secrets[0].uid: must be a string, not an integer"),
                // docker: json: unsupported value: +Inf
                Arguments.of("services:\n  a:\n    image: x\n    environment:\n      A: .inf\n",
                        "1.yml:5:10 services.a.environment.A: +Inf is not a number docker can handle (json: unsupported value); quote it to make it a string"),
                // docker: json: unsupported value: -Inf (even under an x- key, which it would otherwise accept)
                Arguments.of("x-limits: -.Inf\nservices:\n  a:\n    image: x\n",
                        "1.yml:1:11 x-limits: -Inf is not a number docker can handle (json: unsupported value); quote it to make it a string"));
    }

    /** docker: json: unsupported value: NaN (the variable is cast to a float for max_failure_ratio) */
    @Test
    void notANumberFromAVariableIsRefused() {
        assertEquals(List.of("1.yml:6:28 services.a.deploy.update_config.max_failure_ratio: NaN is not a number docker can handle (json: unsupported value); quote it to make it a string"),
                new Stacks(dir).environment(java.util.Map.of("RATIO", "NaN")).problems(
                        "services:\n  a:\n    image: x\n    deploy:\n      update_config:\n        max_failure_ratio: ${RATIO}\n"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void isRefusedWithPositionAndPath(String yaml, String problem) {
        assertEquals(List.of(problem), new Stacks(dir).problems(yaml));
    }
}
