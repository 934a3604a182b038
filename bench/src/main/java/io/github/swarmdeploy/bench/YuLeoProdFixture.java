package io.github.swarmdeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.HttpMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * corpus-dev 01-yu-leo-prod: the prod stack of the shell pipeline swarm-deploy replaces (postgres, backend,
 * frontend, nginx-proxy; {@code name: ${VAR}} configs; four external secrets; start-first updates with
 * rollback; healthchecks every 10 s; an absolute bind mount). The file is read from the corpus (not copied
 * into this repository) and edited only where a live deploy on the sandbox needs it; every edit says why and
 * must match, so a changed corpus file fails loudly instead of being benchmarked half-edited.
 */
final class YuLeoProdFixture implements Fixture {

    static final String ID = "01-yu-leo-prod";
    private static final List<String> SECRETS = List.of("project-prod-postgres-passwd",
            "project-prod-nginx-proxy-ca-crt", "project-prod-nginx-proxy-project-crt", "project-prod-nginx-proxy-project-key");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path corpus;
    private final Set<Integer> portsGiven = new HashSet<>();

    YuLeoProdFixture(Path corpus) {
        this.corpus = corpus;
    }

    /** {@code shared/corpus-dev} in the working directory or a parent of it; {@code SWARM_CORPUS_DEV} overrides. */
    static Optional<Path> findCorpus(Path start) {
        String configured = System.getenv("SWARM_CORPUS_DEV");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(p -> Files.isRegularFile(p.resolve(ID + ".yml")));
        }
        for (Path directory = start.toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path candidate = directory.resolve("shared").resolve("corpus-dev");
            if (Files.isRegularFile(candidate.resolve(ID + ".yml"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "yu-leo-prod";
    }

    @Override
    public String description() {
        return "corpus-dev " + ID + ": 4 services with 10 s healthchecks, start-first + rollback, 2 `name: ${VAR}` "
                + "configs, 4 external secrets, ingress ports, a bind mount";
    }

    @Override
    public List<String> images(BenchContext context) {
        return List.of(context.benchImage("postgres:16.3-alpine"),
                context.benchImage("project-name/backend/backend:20240727_a5fa34c7"),
                context.benchImage("project-name/frontend/front:20240723_75abac12"),
                context.benchImage("nginx:latest"));
    }

    @Override
    public PreparedStack prepare(String stack, Path directory, BenchContext context) {
        String prefix = Fixture.variablePrefix(stack);
        Path dataDirectory = directory.resolve("data/postgres");
        List<Edit> edits = new ArrayList<>(List.of(
                new Edit("the sandbox has no Docker Hub: images come from the sandbox registry",
                        "image: postgres:16.3-alpine", "image: ${REGISTRY}/postgres:16.3-alpine"),
                new Edit("the sandbox has no Docker Hub: images come from the sandbox registry",
                        "image: nginx\n", "image: ${REGISTRY}/nginx\n"),
                new Edit("docker stack deploy 28.2 refuses upper-case repository names",
                        "${REGISTRY}/PROJECT-NAME/", "${REGISTRY}/project-name/"),
                new Edit("a bind mount needs a directory that exists on the node",
                        "- /data/PROJECT-NAME/data/prod/postgres:", "- " + dataDirectory + ":"),
                new Edit("the swarm is shared: published ports must be free (still ingress mode, as written)",
                        "\"5432:5432\"", "\"" + freePort(context) + ":5432\""),
                new Edit("the swarm is shared: published ports must be free (still ingress mode, as written)",
                        "\"80:80\"", "\"" + freePort(context) + ":80\""),
                new Edit("the swarm is shared: published ports must be free (still ingress mode, as written)",
                        "\"443:443\"", "\"" + freePort(context) + ":443\""),
                new Edit("config names unique to this stack, as long as the original (64 characters)",
                        "${PROJECT_PROD_NGINX_PROXY_CONFIG}", "${" + prefix + "_NGINX_PROXY_CONFIG}"),
                new Edit("config names unique to this stack, as long as the original (64 characters)",
                        "${PROJECT_PROD_BACKEND_CONFIG}", "${" + prefix + "_BACKEND_CONFIG}")));
        for (String secret : SECRETS) {
            edits.add(new Edit("external secrets unique to this stack (created before the run, removed after it)",
                    "  " + secret + ":\n    external: true\n",
                    "  " + secret + ":\n    external: true\n    name: " + stack + "_" + secret + "\n"));
        }
        try {
            String text = Files.readString(corpus.resolve(ID + ".yml"));
            for (Edit edit : edits) {
                text = edit.apply(text);
            }
            Files.createDirectories(dataDirectory);
            Path compose = directory.resolve("docker-compose.prod.yaml");
            Files.writeString(compose, text);
            for (String file : List.of("prod/backend/config.toml", "prod/nginx-proxy/default.conf")) {
                Path target = directory.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(corpus.resolve(ID).resolve(file), target);
            }
            List<Runnable> removals = new ArrayList<>();
            for (String secret : SECRETS) {
                String name = stack + "_" + secret;
                createSecret(context, name);
                removals.add(() -> removeSecret(context, name));
            }
            Map<String, Path> versioned = new LinkedHashMap<>();
            versioned.put(prefix + "_NGINX_PROXY_CONFIG", directory.resolve("prod/nginx-proxy/default.conf"));
            versioned.put(prefix + "_BACKEND_CONFIG", directory.resolve("prod/backend/config.toml"));
            return new PreparedStack(stack, directory, compose,
                    Map.of("REGISTRY", context.registry() + "/swarm-bench"),
                    versioned, directory.resolve("prod/nginx-proxy/default.conf"), removals);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createSecret(BenchContext context, String name) {
        byte[] value = new byte[24];
        RANDOM.nextBytes(value);
        Map<String, Object> spec = Map.of("Name", name,
                "Labels", Map.of("io.github.swarmdeploy.bench", "prerequisite"),
                "Data", Base64.getEncoder().encodeToString(
                        Base64.getEncoder().encodeToString(value).getBytes(StandardCharsets.UTF_8)));
        context.engine().sendJson(HttpMethod.POST, "/secrets/create", spec);
    }

    private static void removeSecret(BenchContext context, String name) {
        try {
            context.engine().sendJson(HttpMethod.DELETE, "/secrets/" + name, null);
        } catch (EngineException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
    }

    /** A port no service of the swarm publishes, nothing on this host listens on, and this run gave no one yet. */
    private int freePort(BenchContext context) {
        Set<Integer> published = new HashSet<>();
        for (JsonNode service : context.engine().fetchJson("/services")) {
            for (JsonNode port : service.path("Endpoint").path("Ports")) {
                published.add(port.path("PublishedPort").asInt());
            }
            for (JsonNode port : service.path("Spec").path("EndpointSpec").path("Ports")) {
                published.add(port.path("PublishedPort").asInt());
            }
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + RANDOM.nextInt(10000);
            if (!published.contains(port) && !portsGiven.contains(port) && isFreeOnHost(port)) {
                portsGiven.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port found between 20000 and 29999");
    }

    private static boolean isFreeOnHost(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One textual edit of the corpus file; it must match at least once. */
    record Edit(String why, String from, String to) {
        String apply(String text) {
            if (!text.contains(from)) {
                throw new IllegalStateException(ID + ".yml changed: the edit \"" + why + "\" expects "
                        + from.strip() + " but the file has no such text");
            }
            return text.replace(from, to);
        }
    }
}
