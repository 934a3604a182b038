package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.sandbox.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryAuthLookupTest {

    private static final String HOST = "registry.example.com:5050";

    @TempDir
    Path home;

    private final Map<String, String> ci = Map.of("CI_REGISTRY_USER", "gitlab-ci-token", "CI_REGISTRY_PASSWORD", "ci-secret",
            "CI_REGISTRY", HOST);

    private Path dockerConfig(String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return TestFiles.write(home, ".docker/config.json", "{\"auths\":{\"https://" + HOST + "/v1/\":{\"auth\":\"" + auth + "\"},"
                + "\"other.example.com\":{\"auth\":\"" + Base64.getEncoder().encodeToString("x:y".getBytes()) + "\"}}}");
    }

    private Optional<RegistryCredentials> storeWith(String user, String password, String host) {
        return host.equals(HOST) ? Optional.of(new RegistryCredentials(user, password, "settings.xml server '" + host + "'"))
                : Optional.empty();
    }

    @Test
    void explicitCredentialsComeFirst() throws Exception {
        dockerConfig("cfg-user", "cfg-secret");
        RegistryCredentials found = RegistryAuthLookup.builder()
                .given("explicit", "explicit-secret")
                .store(host -> storeWith("server", "server-secret", host))
                .environment(merge(ci, Map.of("HOME", home.toString())))
                .build().find(HOST).orElseThrow();
        assertEquals("explicit", found.username());
        assertEquals("explicit-secret", found.password());
    }

    @Test
    void settingsServerComesBeforeCiVariables() {
        RegistryCredentials found = RegistryAuthLookup.builder()
                .store(host -> storeWith("server", "server-secret", host))
                .environment(ci)
                .build().find(HOST).orElseThrow();
        assertEquals("server", found.username());
        assertTrue(found.source().contains("settings.xml"), found.source());
    }

    @Test
    void ciVariablesComeBeforeDockerConfig() throws Exception {
        dockerConfig("cfg-user", "cfg-secret");
        RegistryCredentials found = RegistryAuthLookup.builder()
                .environment(merge(ci, Map.of("HOME", home.toString())))
                .build().find(HOST).orElseThrow();
        assertEquals("gitlab-ci-token", found.username());
        assertEquals("ci-secret", found.password());
    }

    @Test
    void credentialsStoredInTheSwarmAreGitLabsDeployTokenRatherThanTheJobTokenThatExpiresWithTheJob() {
        List<Event> events = new ArrayList<>();
        Map<String, String> withDeployToken = merge(ci, Map.of("CI_DEPLOY_USER", "gitlab+deploy-token-7",
                "CI_DEPLOY_PASSWORD", "deploy-secret"));

        RegistryCredentials forSwarm = RegistryAuthLookup.builder().environment(withDeployToken).events(events::add)
                .storedInSwarm().build().find(HOST).orElseThrow();
        RegistryCredentials forPush = RegistryAuthLookup.builder().environment(withDeployToken).events(events::add)
                .build().find(HOST).orElseThrow();

        assertEquals("gitlab+deploy-token-7", forSwarm.username());
        assertEquals("deploy-secret", forSwarm.password());
        assertEquals("CI_DEPLOY_USER/CI_DEPLOY_PASSWORD", forSwarm.source());
        assertEquals("gitlab-ci-token", forPush.username(), "a push in the job may use the job token");
        assertEquals(List.of(), events);
    }

    @Test
    void onlyTheJobTokenForTheSwarmIsWarnedAboutOncePerRegistryWithoutItsValue() {
        List<Event> events = new ArrayList<>();
        RegistryAuthLookup lookup = RegistryAuthLookup.builder().environment(ci).events(events::add).storedInSwarm().build();

        assertEquals("gitlab-ci-token", lookup.find(HOST).orElseThrow().username());
        lookup.find(HOST);

        assertEquals(1, events.size(), events::toString);
        String warning = events.get(0).message();
        assertEquals(Event.Level.WARN, events.get(0).level());
        assertTrue(warning.startsWith("The swarm gets GitLab's job token for " + HOST
                + " (CI_REGISTRY_USER/CI_REGISTRY_PASSWORD), which expires when this job ends"), warning);
        assertTrue(warning.contains("deploy token named gitlab-deploy-token with scope read_registry"), warning);
        assertFalse(warning.contains("ci-secret"), warning);
    }

    @Test
    void aDeployTokenForAnotherRegistryIsNotSent() {
        Map<String, String> env = merge(ci, Map.of("CI_REGISTRY", "registry.gitlab.com", "CI_DEPLOY_USER", "gitlab+deploy-token-7",
                "CI_DEPLOY_PASSWORD", "deploy-secret", "HOME", home.toString()));

        assertEquals(Optional.empty(), RegistryAuthLookup.builder().environment(env).storedInSwarm().build().find(HOST));
    }

    @Test
    void ciVariablesForAnotherRegistryAreNotSent() throws Exception {
        dockerConfig("cfg-user", "cfg-secret");
        RegistryCredentials found = RegistryAuthLookup.builder()
                .environment(merge(ci, Map.of("CI_REGISTRY", "registry.gitlab.com", "HOME", home.toString())))
                .build().find(HOST).orElseThrow();
        assertEquals("cfg-user", found.username());
    }

    @Test
    void dockerConfigAuthIsDecodedAndMatchedByHost() throws Exception {
        dockerConfig("cfg-user", "pa:ss");
        RegistryCredentials found = RegistryAuthLookup.builder()
                .environment(Map.of("HOME", home.toString()))
                .build().find(HOST).orElseThrow();
        assertEquals("cfg-user", found.username());
        assertEquals("pa:ss", found.password(), "only the first colon separates user and password");
        assertTrue(found.source().contains("config.json"), found.source());
    }

    @Test
    void dockerConfigDirectoryVariableIsHonoured() throws Exception {
        Path file = dockerConfig("cfg-user", "cfg-secret");
        RegistryCredentials found = RegistryAuthLookup.builder()
                .environment(Map.of("DOCKER_CONFIG", file.getParent().toString(), "HOME", "/nonexistent"))
                .build().find(HOST).orElseThrow();
        assertEquals("cfg-user", found.username());
    }

    @Test
    void nothingFoundMeansAnonymous() {
        assertEquals(Optional.empty(), RegistryAuthLookup.builder()
                .environment(Map.of("HOME", home.toString())).build().find(HOST));
    }

    @Test
    void usernameWithoutPasswordIsAnError() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () ->
                RegistryAuthLookup.builder().given("someone", null).build().find(HOST));
        assertTrue(e.getMessage().contains("without a password"), e.getMessage());
    }

    @Test
    void credentialsNeverShowTheirPassword() {
        String shown = new RegistryCredentials("user", "s3cr3t-value", "test").toString();
        assertFalse(shown.contains("s3cr3t-value"), shown);
    }

    @Test
    void dockerHubAddressesAllMeanTheSameHost() {
        assertEquals(ImageName.DOCKER_HUB, RegistryAuthLookup.normaliseHost("https://index.docker.io/v1/"));
        assertEquals(HOST, RegistryAuthLookup.normaliseHost("https://" + HOST + "/v2/"));
        assertEquals(HOST, RegistryAuthLookup.normaliseHost(HOST));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        java.util.HashMap<String, String> merged = new java.util.HashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    /**
     * A credential helper on a PATH of its own: {@code docker-credential-<name> get} answers {@code answer} (with exit
     * status {@code exit}) and records the address it was asked for in {@code <name>.asked}.
     */
    private Path helper(String name, String answer, int exit) throws Exception {
        Path bin = home.resolve("bin");
        Path script = TestFiles.write(bin, "docker-credential-" + name, "#!/bin/sh\n"
                + "[ \"$1\" = get ] || exit 3\n"
                + "read -r address\n"
                + "printf '%s' \"$address\" > '" + home.resolve(name + ".asked") + "'\n"
                + "printf '%s' '" + answer + "'\n"
                + "exit " + exit + "\n");
        java.nio.file.Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private String asked(String helper) throws Exception {
        return java.nio.file.Files.readString(home.resolve(helper + ".asked"));
    }

    @Test
    void aCredentialHelperForTheRegistryIsAskedWithItsAddressOnStandardInput() throws Exception {
        Path bin = helper("pass", "{\"ServerURL\":\"" + HOST + "\",\"Username\":\"helped\",\"Secret\":\"helper-secret\"}", 0);
        TestFiles.write(home, ".docker/config.json", "{\"credHelpers\":{\"" + HOST + "\":\"pass\"},"
                + "\"auths\":{\"" + HOST + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString("x:y".getBytes()) + "\"}}}");

        RegistryCredentials found = RegistryAuthLookup.builder()
                .environment(Map.of("HOME", home.toString(), "PATH", bin + ":/usr/bin:/bin"))
                .build().find(HOST).orElseThrow();

        assertEquals("helped", found.username());
        assertEquals("helper-secret", found.password());
        assertEquals("docker-credential-pass (" + home.resolve(".docker/config.json") + " credHelpers '" + HOST + "')",
                found.source());
        assertEquals(HOST, asked("pass"));
    }

    @Test
    void theCredentialsStoreServesEveryRegistryAndNotFoundMeansNoneWithoutAWarning() throws Exception {
        List<Event> events = new ArrayList<>();
        Path bin = helper("desktop", "credentials not found in native keychain", 1);
        TestFiles.write(home, ".docker/config.json", "{\"credsStore\":\"desktop\",\"auths\":{\"docker.io\":{}}}");
        RegistryAuthLookup lookup = RegistryAuthLookup.builder()
                .environment(Map.of("HOME", home.toString(), "PATH", bin.toString())).events(events::add).build();

        assertEquals(Optional.empty(), lookup.find(ImageName.DOCKER_HUB));

        assertEquals("https://index.docker.io/v1/", asked("desktop"), "Docker Hub goes by its old address");
        assertTrue(events.stream().noneMatch(event -> event.level() == Event.Level.WARN), events::toString);
    }

    @Test
    void aHelperThatIsNotOnThePathOrFailsIsAWarningNamingItAndNoCredentials() throws Exception {
        List<Event> events = new ArrayList<>();
        TestFiles.write(home, ".docker/config.json", "{\"credsStore\":\"osxkeychain\"}");

        assertEquals(Optional.empty(), RegistryAuthLookup.builder().environment(Map.of("HOME", home.toString(), "PATH",
                home.resolve("bin").toString())).events(events::add).build().find(HOST));
        Path bin = helper("broken", "the keyring is locked", 2);
        TestFiles.write(home, ".docker/config.json", "{\"credsStore\":\"broken\"}");
        assertEquals(Optional.empty(), RegistryAuthLookup.builder().environment(Map.of("HOME", home.toString(), "PATH",
                bin.toString())).events(events::add).build().find(HOST));

        assertEquals(List.of(home.resolve(".docker/config.json") + " credsStore names the credential helper "
                        + "docker-credential-osxkeychain, which is not on the PATH: no credentials for " + HOST + " from it",
                "docker-credential-broken get failed for " + HOST + " (exit 2: the keyring is locked): no credentials from it"),
                events.stream().map(Event::message).toList());
    }

    @Test
    void gitLabsDockerAuthConfigComesBeforeCiVariablesAndConfigJsonAndMayBeAFile() throws Exception {
        dockerConfig("cfg-user", "cfg-secret");
        String json = "{\"auths\":{\"" + HOST + "\":{\"auth\":\""
                + Base64.getEncoder().encodeToString("auth-config-user:auth-config-secret".getBytes()) + "\"}}}";

        RegistryCredentials fromJson = RegistryAuthLookup.builder()
                .environment(merge(ci, Map.of("HOME", home.toString(), "DOCKER_AUTH_CONFIG", json)))
                .build().find(HOST).orElseThrow();
        Path file = TestFiles.write(home, "DOCKER_AUTH_CONFIG", json);
        RegistryCredentials fromFile = RegistryAuthLookup.builder()
                .environment(merge(ci, Map.of("HOME", home.toString(), "DOCKER_AUTH_CONFIG", file.toString())))
                .build().find(HOST).orElseThrow();

        assertEquals("auth-config-user", fromJson.username());
        assertEquals("auth-config-secret", fromJson.password());
        assertEquals("$DOCKER_AUTH_CONFIG auths '" + HOST + "'", fromJson.source());
        assertEquals("auth-config-user", fromFile.username());
        assertEquals("$DOCKER_AUTH_CONFIG (file " + file + ") auths '" + HOST + "'", fromFile.source());
    }

    @Test
    void anIdentityTokenFromAHelperIsNotSentAsAPassword() throws Exception {
        List<Event> events = new ArrayList<>();
        Path bin = helper("hub", "{\"Username\":\"<token>\",\"Secret\":\"identity-token\"}", 0);
        TestFiles.write(home, ".docker/config.json", "{\"credHelpers\":{\"" + HOST + "\":\"hub\"}}");

        assertEquals(Optional.empty(), RegistryAuthLookup.builder().environment(Map.of("HOME", home.toString(), "PATH",
                bin.toString())).events(events::add).build().find(HOST));
        assertEquals(1, events.size(), events::toString);
        assertTrue(events.get(0).message().startsWith("docker-credential-hub holds an identity token for " + HOST), events::toString);
        assertFalse(events.get(0).message().contains("identity-token"));
    }
}
