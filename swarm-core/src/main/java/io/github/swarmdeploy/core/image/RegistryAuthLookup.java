package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.engine.FileVariable;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the credentials for a registry, first match wins:
 * <ol>
 *   <li>a user name and password given explicitly,</li>
 *   <li>the front-end's own store (for Maven: the settings.xml {@code <server>} whose id is the
 *       registry host, decrypted),</li>
 *   <li>GitLab's {@code DOCKER_AUTH_CONFIG} (a config.json's JSON, or the path of a file with it),</li>
 *   <li>for credentials {@linkplain Builder#storedInSwarm() stored in the swarm}: GitLab's deploy token
 *       {@code CI_DEPLOY_USER}/{@code CI_DEPLOY_PASSWORD}, when {@code CI_REGISTRY} is unset or is that host,</li>
 *   <li>{@code CI_REGISTRY_USER}/{@code CI_REGISTRY_PASSWORD}, when {@code CI_REGISTRY} is unset or is
 *       that host,</li>
 *   <li>the docker CLI's {@code config.json} ({@code $DOCKER_CONFIG/config.json}, else
 *       {@code ~/.docker/config.json}).</li>
 * </ol>
 * A config.json is read as the docker CLI reads it ({@link DockerConfig}): its credential helper for the registry
 * ({@code credHelpers}) or for all ({@code credsStore}), run as {@code docker-credential-<name> get} from the
 * {@code PATH} of the given environment, else its {@code auths}. None found means an anonymous push, which a registry without authentication accepts.
 *
 * <p>GitLab's job token ({@code CI_REGISTRY_PASSWORD} of user {@value #JOB_TOKEN_USER}) expires when the job ends.
 * That is fine for a push; credentials stored in the swarm must outlive the job, so when the job token is all there
 * is for them, a warning says that tasks started later cannot pull, and what to set instead.
 */
public final class RegistryAuthLookup {

    /** The user of GitLab's job token, which stops working when the job ends. */
    public static final String JOB_TOKEN_USER = "gitlab-ci-token";
    /** GitLab's variable for registry credentials: the JSON of a docker config.json. */
    public static final String DOCKER_AUTH_CONFIG = "DOCKER_AUTH_CONFIG";

    private final String username;
    private final String password;
    private final Function<String, Optional<RegistryCredentials>> store;
    private final Map<String, String> environment;
    private final Path dockerConfig;
    private final EventListener events;
    private final CredentialHelper helpers;
    private final boolean storedInSwarm;
    private final Set<String> warnedHosts = ConcurrentHashMap.newKeySet();

    private RegistryAuthLookup(Builder builder) {
        this.username = builder.username;
        this.password = builder.password;
        this.store = builder.store;
        this.environment = Map.copyOf(builder.environment);
        this.dockerConfig = builder.dockerConfig != null ? builder.dockerConfig : defaultDockerConfig(environment);
        this.events = builder.events;
        this.helpers = new CredentialHelper(environment, events);
        this.storedInSwarm = builder.storedInSwarm;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The credentials for {@code registryHost} (e.g. {@code registry.example.com:5050}), if any source has them. */
    public Optional<RegistryCredentials> find(String registryHost) {
        Optional<RegistryCredentials> found = lookUp(registryHost);
        if (storedInSwarm && found.isPresent() && JOB_TOKEN_USER.equals(found.get().username())
                && warnedHosts.add(registryHost)) {
            events.warn("The swarm gets GitLab's job token for " + registryHost + " (" + found.get().source()
                    + "), which expires when this job ends: tasks started later (a restart, a rescheduled or scaled"
                    + " task, a rollback) cannot pull their image. Create a deploy token named gitlab-deploy-token with"
                    + " scope read_registry (GitLab then sets CI_DEPLOY_USER/CI_DEPLOY_PASSWORD), or give registry"
                    + " credentials that last");
        }
        return found;
    }

    private Optional<RegistryCredentials> lookUp(String registryHost) {
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            throw new SwarmDeployException("registry " + (hasUser ? "username is given without a password"
                    : "password is given without a username") + ": give both or neither");
        }
        if (hasUser) {
            return Optional.of(new RegistryCredentials(username, password, "the given username/password"));
        }
        Optional<RegistryCredentials> stored = store.apply(registryHost);
        if (stored.isPresent()) {
            return stored;
        }
        Optional<RegistryCredentials> authConfig = fromDockerAuthConfig(registryHost);
        if (authConfig.isPresent()) {
            return authConfig;
        }
        if (storedInSwarm) {
            Optional<RegistryCredentials> deployToken = fromCiVariables(registryHost, "CI_DEPLOY_USER", "CI_DEPLOY_PASSWORD");
            if (deployToken.isPresent()) {
                return deployToken;
            }
        }
        Optional<RegistryCredentials> ci = fromCiVariables(registryHost, "CI_REGISTRY_USER", "CI_REGISTRY_PASSWORD");
        if (ci.isPresent()) {
            return ci;
        }
        return fromDockerConfig(registryHost);
    }

    /** A user and password variable of GitLab, which are for GitLab's registry {@code CI_REGISTRY} only. */
    private Optional<RegistryCredentials> fromCiVariables(String registryHost, String userVariable, String passwordVariable) {
        String user = environment.get(userVariable);
        String secret = environment.get(passwordVariable);
        if (user == null || user.isBlank() || secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String ciRegistry = environment.get("CI_REGISTRY");
        if (ciRegistry != null && !ciRegistry.isBlank() && !normaliseHost(ciRegistry).equals(registryHost)) {
            events.debug("Not using " + userVariable + " for " + registryHost + ": it belongs to CI_REGISTRY " + ciRegistry);
            return Optional.empty();
        }
        return Optional.of(new RegistryCredentials(user, secret, userVariable + "/" + passwordVariable));
    }

    /**
     * GitLab's {@code DOCKER_AUTH_CONFIG}: the JSON of a docker config.json (auths, credHelpers, credsStore), or the
     * path of a file with it, as a File variable gives it.
     */
    private Optional<RegistryCredentials> fromDockerAuthConfig(String registryHost) {
        String value = environment.get(DOCKER_AUTH_CONFIG);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String source = "$" + DOCKER_AUTH_CONFIG;
        String json = value;
        Optional<Path> file = FileVariable.file(value);
        if (file.isPresent()) {
            source = source + " (file " + file.get() + ")";
            try {
                json = Files.readString(file.get(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                events.warn("Ignoring " + source + ": cannot read it (" + e.getClass().getSimpleName() + ")");
                return Optional.empty();
            }
        }
        return DockerConfig.parse(json, source, events).flatMap(config -> config.find(registryHost, helpers, events));
    }

    /** The docker CLI's own config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    private Optional<RegistryCredentials> fromDockerConfig(String registryHost) {
        if (!Files.isRegularFile(dockerConfig)) {
            return Optional.empty();
        }
        String json;
        try {
            json = Files.readString(dockerConfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            events.warn("Ignoring " + dockerConfig + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        return DockerConfig.parse(json, dockerConfig.toString(), events)
                .flatMap(config -> config.find(registryHost, helpers, events));
    }

    /**
     * The host part of a registry address as config.json keys and CI variables write it:
     * {@code https://index.docker.io/v1/} → {@code index.docker.io}, {@code registry:5000} stays.
     */
    static String normaliseHost(String address) {
        String value = address.trim();
        if (value.contains("://")) {
            URI uri = URI.create(value);
            value = uri.getRawAuthority() != null ? uri.getRawAuthority() : value;
        }
        int slash = value.indexOf('/');
        if (slash >= 0) {
            value = value.substring(0, slash);
        }
        return ImageName.isDockerHub(value) ? ImageName.DOCKER_HUB : value;
    }

    private static Path defaultDockerConfig(Map<String, String> environment) {
        String configDir = environment.get("DOCKER_CONFIG");
        if (configDir != null && !configDir.isBlank()) {
            return Path.of(configDir, "config.json");
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }

    public static final class Builder {
        private String username;
        private String password;
        private Function<String, Optional<RegistryCredentials>> store = host -> Optional.empty();
        private Map<String, String> environment = Map.of();
        private Path dockerConfig;
        private EventListener events = EventListener.IGNORE;
        private boolean storedInSwarm;

        private Builder() {
        }

        /**
         * The credentials are for the swarm to keep (docker's {@code --with-registry-auth}), used by tasks started
         * after this job: GitLab's deploy token is preferred to the job token, and the job token draws a warning.
         */
        public Builder storedInSwarm() {
            this.storedInSwarm = true;
            return this;
        }

        /** Explicit credentials; both null when none were given. */
        public Builder given(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }

        /** The front-end's credential store, asked with the registry host. */
        public Builder store(Function<String, Optional<RegistryCredentials>> store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The process environment: CI variables, {@code DOCKER_CONFIG}, {@code HOME}. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** An explicit config.json instead of the one the environment points at. */
        public Builder dockerConfig(Path file) {
            this.dockerConfig = file;
            return this;
        }

        public Builder events(EventListener events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        public RegistryAuthLookup build() {
            return new RegistryAuthLookup(this);
        }
    }
}
