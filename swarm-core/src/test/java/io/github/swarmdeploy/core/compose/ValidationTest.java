package io.github.swarmdeploy.core.compose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Everything wrong in the files is reported at once, each with file, line, column and key path. */
class ValidationTest {

    @TempDir
    Path dir;

    private Stacks stacks() {
        return new Stacks(dir);
    }

    @Test
    void unknownKeySuggestsTheKeyMeant() {
        assertEquals(List.of("1.yml:6:7 services.web.deploy.replicass: unknown key (did you mean 'replicas'?)"),
                stacks().problems("""
                        services:
                          web:
                            image: nginx
                            deploy:
                              mode: replicated
                              replicass: 2
                        """));
    }

    @Test
    void unknownKeyFarFromAnyKnownOneGetsNoSuggestion() {
        assertEquals(List.of("1.yml:4:5 services.web.flavour: unknown key"), stacks().problems("""
                services:
                  web:
                    image: nginx
                    flavour: vanilla
                """));
    }

    @Test
    void reportsEveryProblemOfEveryFileInReadingOrder() {
        List<String> problems = stacks().problems("""
                        services:
                          web:
                            image: nginx
                            deploy:
                              replicas: "3"
                              resources:
                                limits:
                                  memory: 12X
                                  cpus: "half"
                            stop_grace_period: 10 seconds
                            ports:
                              - "80:80:80:80"
                            volumes:
                              - "a:b:c:d"
                        """,
                """
                        services:
                          web:
                            healthcheck:
                              interval: soon
                            read_only: "yes"
                        """);
        assertEquals(List.of(
                "1.yml:5:17 services.web.deploy.replicas: must be an integer, not a string",
                "1.yml:10:24 services.web.stop_grace_period: invalid duration \"10 seconds\" (write it like 10s, 1m30s or 500ms)",
                "1.yml:12:9 services.web.ports[0]: invalid port \"80:80:80:80\": invalid IP address: 80:80",
                "2.yml:4:17 services.web.healthcheck.interval: invalid duration \"soon\" (write it like 10s, 1m30s or 500ms)",
                "2.yml:5:16 services.web.read_only: must be a boolean, not a string"), problems);
    }

    @Test
    void sizesCpusAndVolumeSpecsAreCheckedLikeDockerReadsThem() {
        List<String> problems = stacks().problems("""
                services:
                  web:
                    image: nginx
                    deploy:
                      resources:
                        limits:
                          memory: 12X
                          cpus: "half"
                        reservations:
                          cpus: "0.0000000001"
                    volumes:
                      - "/a:/b:ro:x"
                      - ""
                    command: echo "unterminated
                """);
        assertEquals(List.of(
                "1.yml:7:19 services.web.deploy.resources.limits.memory: invalid size \"12X\" (invalid suffix: 'x'; write it like 512M, 1.5g or 1073741824)",
                "1.yml:8:17 services.web.deploy.resources.limits.cpus: invalid number of CPUs \"half\": failed to parse half as a rational number",
                "1.yml:10:17 services.web.deploy.resources.reservations.cpus: invalid number of CPUs \"0.0000000001\": value is too precise",
                "1.yml:12:9 services.web.volumes[0]: invalid volume \"/a:/b:ro:x\": too many colons",
                "1.yml:13:9 services.web.volumes[1]: invalid empty volume spec",
                "1.yml:14:14 services.web.command: cannot split into words: EOF found when expecting closing quote"), problems);
    }

    @Test
    void referencesToUndeclaredNetworksSecretsConfigsAndVolumesAreProblems() {
        List<String> problems = stacks().problems("""
                services:
                  web:
                    image: nginx
                    networks: [front, default]
                    secrets: [db]
                    configs:
                      - source: nginx
                        target: /etc/nginx.conf
                    volumes:
                      - data:/data
                      - /host:/host
                """);
        assertEquals(List.of(
                "1.yml:4:16 services.web.networks.front: network \"front\" is not declared under the top-level networks",
                "1.yml:5:15 services.web.secrets[0]: undefined secret \"db\" (declare it under the top-level secrets)",
                "1.yml:7:17 services.web.configs[0]: undefined config \"nginx\" (declare it under the top-level configs)",
                "1.yml:10:9 services.web.volumes[0]: undefined volume \"data\" (declare it under the top-level volumes)"), problems);
    }

    @Test
    void namesSwarmRefusesAreProblems() {
        String longName = "x".repeat(60);
        List<String> problems = stacks().stackName("shop_prod").problems("""
                services:
                  %s:
                    image: nginx
                configs:
                  app:
                    name: %s_and_more
                    content: hello
                  short:
                    content: hi
                """.formatted(longName, longName));
        assertEquals(List.of(
                "1.yml:2:3 services." + longName + ": service name \"shop_prod_" + longName + "\" is not valid in Swarm "
                        + "(at most 63 letters, digits, '-' and '_', starting and ending with a letter or digit)",
                "1.yml:6:11 configs.app.name: config name \"" + longName + "_and_more\" is not valid in Swarm (69 characters; "
                        + "at most 64 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)"), problems);
    }

    @Test
    void aStackNameSwarmRefusesIsOneProblemNotOnePerService() {
        List<String> problems = stacks().stackName("Bad Name!").problems("""
                services:
                  web:
                    image: nginx
                  worker:
                    image: nginx
                """);
        assertEquals(List.of("stack name \"Bad Name!\" is not valid in Swarm (letters, digits, '-' and '_', starting"
                + " with a letter or digit): set StackSource.stackName"), problems);
    }

    @Test
    void aBareInvalidReferenceShowsTheImageItLookedAt() {
        List<String> problems = stacks().problems("""
                services:
                  web:
                    image: ${REGISTRY}/shop/web:1
                """);
        assertEquals(List.of("1.yml:3:12 services.web.image: invalid image reference for service web: invalid reference"
                + " format (the image is \"/shop/web:1\" after interpolation)"), problems);
    }

    @Test
    void keysDockerRefusesAreProblemsWithDockersAdvice() {
        assertEquals(List.of(
                "1.yml:4:5 services.web.mem_limit: not supported by docker stack deploy: Set resource limits using deploy.resources",
                "1.yml:5:5 services.web.extends: not supported by docker stack deploy: Support for `extends` is not implemented yet."),
                stacks().problems("""
                        services:
                          web:
                            image: nginx
                            mem_limit: 1g
                            extends: base
                        """));
    }

    @Test
    void keysSwarmIgnoresAreWarnings() {
        Stacks stacks = stacks();
        stacks.load("""
                services:
                  web:
                    image: nginx
                    build: .
                    restart: always
                    container_name: web
                """);
        assertEquals(List.of(
                "1.yml:4:5 services.web.build: ignored: Swarm does not support 'build' (docker stack deploy ignores it too)",
                "1.yml:5:5 services.web.restart: ignored: Swarm does not support 'restart' (docker stack deploy ignores it too)",
                "1.yml:6:5 services.web.container_name: ignored: Setting the container name is not supported."),
                stacks.warnings());
    }

    @Test
    void versionsDockerDoesNotKnowOrThatDifferBetweenFilesAreProblems() {
        assertEquals(List.of("1.yml:1:10 version: unsupported Compose file version: 2.4 (docker stack deploy reads 3.0 to 3.13)"),
                stacks().problems("version: \"2.4\"\nservices: {}\n"));
        assertEquals(List.of("2.yml:1:10 version: version mismatched between two composefiles: 3.9 and 3.8"),
                stacks().problems("version: \"3.9\"\nservices: {}\n", "version: \"3.8\"\nservices: {}\n"));
    }

    @Test
    void aKeyFromALaterVersionIsAProblemInAnOlderFile() {
        assertEquals(List.of("1.yml:6:7 services.web.healthcheck.start_period: 'start_period' needs compose file version 3.4 or later (this file has version 3.3)"),
                stacks().problems("""
                        version: "3.3"
                        services:
                          web:
                            image: nginx
                            healthcheck:
                              start_period: 10s
                        """));
    }

    @Test
    void extensionKeysAreIgnoredEverywhereAndWarnedAboutWhereDockerRefusesThem() {
        Stacks stacks = stacks();
        String yaml = stacks.load("""
                version: "3.9"
                x-anchors: {}
                services:
                  web:
                    image: nginx
                    x-note: kept like docker keeps it
                    deploy:
                      x-team: payments
                """).toYaml();
        assertEquals(List.of("1.yml:8:7 services.web.deploy.x-team: extension key ignored; docker stack deploy refuses x-* keys here"),
                stacks.warnings());
        assertTrue(yaml.contains("    x-note: kept like docker keeps it\n"), yaml);
        assertTrue(!yaml.contains("x-team"), yaml);
    }

    @Test
    void yamlSyntaxErrorsDuplicateKeysAndNonStringKeysHavePositions() {
        assertEquals(List.of("1.yml:4:10 invalid YAML: mapping values are not allowed here"),
                stacks().problems("services:\n  web:\n    image nginx\n    ports: []\n"));
        assertEquals(List.of("1.yml:4:5 services.web.image: mapping key \"image\" already defined at line 3",
                        "1.yml:6:7 services.web.labels: key 1 must be a string (quote it: \"1\")"),
                stacks().problems("services:\n  web:\n    image: nginx\n    image: redis\n    labels:\n      1: one\n"));
    }

    @Test
    void imagesDockerStackDeployRefusesAreProblemsUnlessLenient() {
        String yaml = "services:\n  web:\n    image: registry.example.com/Team/App:1.0\n  db: {}\n";
        assertEquals(List.of(
                "1.yml:3:12 services.web.image: invalid image reference for service web: invalid reference format: repository name (Team/App) must be lowercase",
                "1.yml:4:7 services.db: invalid image reference for service db: no image specified"), stacks().problems(yaml));
        Stacks lenient = stacks();
        lenient.loader(yaml).lenientImages(true).load();
        assertEquals(2, lenient.warnings().size(), lenient.warnings()::toString);
    }

    @Test
    void configAndSecretSourcesAreReadAndCheckedNow() {
        List<String> problems = stacks().problems("""
                services:
                  web:
                    image: nginx
                configs:
                  missing:
                    file: ./nope.conf
                  none:
                    labels: [a=b]
                  both:
                    file: ./a
                    content: b
                secrets:
                  token:
                    environment: TOKEN
                """);
        assertEquals(List.of(
                "1.yml:6:11 configs.missing.file: cannot read nope.conf: no such file",
                "1.yml:7:3 configs.none: config none has no content: give it a file, content or environment, or mark it external",
                "1.yml:10:5 configs.both: config both: use only one of file, content and environment",
                "1.yml:14:18 secrets.token.environment: variable TOKEN is not set (it holds the secret's content)"),
                problems.stream().filter(p -> !p.contains("configs.both.file")).toList());
    }

    @Test
    void theLongPortAndVolumeSyntaxNeedVersion32() {
        assertEquals(List.of(
                "1.yml:6:9 services.web.ports[0]: the long port syntax needs compose file version 3.2 or later (this file has version 3.1)",
                "1.yml:8:9 services.web.volumes[0]: the long volume syntax needs compose file version 3.2 or later (this file has version 3.1)"),
                stacks().problems("""
                        version: "3.1"
                        services:
                          web:
                            image: nginx
                            ports:
                              - target: 80
                            volumes:
                              - type: tmpfs
                                target: /tmp
                        """));
    }

    @Test
    void dependsOnIsWarnedAboutSayingWhichOrderItGivesAndWhichItDoesNot() {
        Stacks stacks = stacks();
        stacks.load("services:\n  web:\n    image: nginx\n    depends_on: [db]\n  db:\n    image: postgres\n");
        assertEquals(List.of("1.yml:4:5 services.web.depends_on: orders the deploy only: swarm-deploy creates or "
                + "updates a dependent once the services it lists started (depends_on mode started, the default; healthy "
                + "waits until they are healthy, ignore does not wait, as docker stack deploy); Swarm restarts tasks "
                + "later in no particular order: make services wait for what they need"), stacks.warnings());
    }

    /**
     * Compose's long form ({@code condition: service_healthy}) is refused as docker stack deploy refuses it
     * ("services.web.depends_on must be a list"), saying what to write instead; nothing is deployed.
     */
    @Test
    void dependsOnLongFormIsRefusedSayingWhatSwarmTakes() {
        assertEquals(List.of("1.yml:5:7 services.web.depends_on: must be a list, not a mapping: docker stack deploy "
                + "reads only the short form, a list of services (depends_on: [db]); Compose's long form with "
                + "condition: is not for Swarm. A deploy waits for the services listed to start (or, in depends_on "
                + "mode healthy, to be healthy)"), stacks().problems("""
                services:
                  web:
                    image: nginx
                    depends_on:
                      db:
                        condition: service_healthy
                  db:
                    image: postgres
                """));
    }

    @Test
    void messagesNameFilesRelativeToTheGivenDirectory() {
        java.nio.file.Path file = Fixtures.write(dir, "deploy/docker-compose.yml", "services:\n  web:\n    imag: nginx\n");
        InvalidStackException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidStackException.class, () ->
                StackLoader.forFiles(List.of(file)).displayPathsRelativeTo(dir).load());
        assertEquals("deploy/docker-compose.yml:3:5 services.web.imag: unknown key (did you mean 'image'?)", e.problems().get(0).toString());
    }

    @Test
    void dependsOnIsExplainedOnceForTheStackNamingEveryService() {
        Stacks stacks = new Stacks(dir);
        stacks.load("""
                services:
                  db:
                    image: postgres
                  api:
                    image: api
                    depends_on: [db]
                  web:
                    image: web
                    depends_on: [api, db]
                """);
        List<String> dependsOn = stacks.warnings().stream().filter(w -> w.contains("depends_on")).toList();
        assertEquals(1, dependsOn.size(), () -> "one warning, not one per service: " + dependsOn);
        assertTrue(dependsOn.get(0).startsWith("1.yml:6:5 services.api.depends_on: orders the deploy only: swarm-deploy creates"),
                dependsOn.get(0));
        assertTrue(dependsOn.get(0).endsWith(". The same holds for services.web.depends_on (1.yml:9:5)"), dependsOn.get(0));
    }
}
