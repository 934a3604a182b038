package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the stack, with every key docker's compose types know, including those Swarm ignores
 * ({@code build}, {@code restart}, ...) so they can be printed and warned about.
 *
 * @param name the service's key under {@code services:}
 * @param command replaces the image's CMD when not empty; a string is split like a shell would
 * @param environment after env_file and environment were combined; a key without a value that is not set in the environment has an empty Optional
 * @param extraHosts as {@code host:ip} strings in the order given
 * @param networks a network listed without options has an empty Optional
 * @param oomScoreAdj always 0, as in docker 28.2, which never reads {@code oom_score_adj} from a file (its
 *                    decoder looks for a key {@code oomscoreadj}); the loader warns when the key is used
 */
@ComposeStruct(extensions = true)
public record ServiceConfig(
        @ComposeKey(derived = true) String name,
        BuildConfig build,
        List<String> capAdd,
        List<String> capDrop,
        String cgroupnsMode,
        String cgroupParent,
        @ComposeKey(form = ComposeKey.Form.SHELL_COMMAND) List<String> command,
        List<FileReference> configs,
        String containerName,
        CredentialSpecConfig credentialSpec,
        List<String> dependsOn,
        DeployConfig deploy,
        List<String> devices,
        @ComposeKey(form = ComposeKey.Form.STRING_LIST) List<String> dns,
        @ComposeKey(form = ComposeKey.Form.STRING_LIST) List<String> dnsSearch,
        @ComposeKey("domainname") String domainName,
        @ComposeKey(form = ComposeKey.Form.SHELL_COMMAND) List<String> entrypoint,
        Map<String, Optional<String>> environment,
        @ComposeKey(form = ComposeKey.Form.STRING_LIST) List<String> envFile,
        @ComposeKey(form = ComposeKey.Form.STRING_OR_NUMBER_LIST) List<String> expose,
        List<String> externalLinks,
        @ComposeKey(form = ComposeKey.Form.HOSTS_LIST) List<String> extraHosts,
        String hostname,
        Optional<HealthCheckConfig> healthcheck,
        String image,
        Optional<Boolean> init,
        String ipc,
        String isolation,
        Map<String, String> labels,
        List<String> links,
        Optional<LoggingConfig> logging,
        String macAddress,
        String networkMode,
        Map<String, Optional<ServiceNetworkConfig>> networks,
        String pid,
        List<ServicePortConfig> ports,
        boolean privileged,
        boolean readOnly,
        String restart,
        List<FileReference> secrets,
        List<String> securityOpt,
        String shmSize,
        boolean stdinOpen,
        Optional<Duration> stopGracePeriod,
        String stopSignal,
        Map<String, String> sysctls,
        @ComposeKey(form = ComposeKey.Form.STRING_LIST) List<String> tmpfs,
        boolean tty,
        Map<String, UlimitsConfig> ulimits,
        String user,
        @ComposeKey("oomscoreadj") long oomScoreAdj,
        String usernsMode,
        List<ServiceVolumeConfig> volumes,
        String workingDir) {

    public ServiceConfig {
        name = Defaults.orEmpty(name);
        build = build == null ? new BuildConfig(null, null, null, null, null, null, null, null) : build;
        capAdd = Defaults.list(capAdd);
        capDrop = Defaults.list(capDrop);
        cgroupnsMode = Defaults.orEmpty(cgroupnsMode);
        cgroupParent = Defaults.orEmpty(cgroupParent);
        command = Defaults.list(command);
        configs = Defaults.list(configs);
        containerName = Defaults.orEmpty(containerName);
        credentialSpec = credentialSpec == null ? new CredentialSpecConfig(null, null, null) : credentialSpec;
        dependsOn = Defaults.list(dependsOn);
        deploy = deploy == null ? new DeployConfig(null, null, null, null, null, null, null, null, null) : deploy;
        devices = Defaults.list(devices);
        dns = Defaults.list(dns);
        dnsSearch = Defaults.list(dnsSearch);
        domainName = Defaults.orEmpty(domainName);
        entrypoint = Defaults.list(entrypoint);
        environment = Defaults.map(environment);
        envFile = Defaults.list(envFile);
        expose = Defaults.list(expose);
        externalLinks = Defaults.list(externalLinks);
        extraHosts = Defaults.list(extraHosts);
        hostname = Defaults.orEmpty(hostname);
        healthcheck = Defaults.optional(healthcheck);
        image = Defaults.orEmpty(image);
        init = Defaults.optional(init);
        ipc = Defaults.orEmpty(ipc);
        isolation = Defaults.orEmpty(isolation);
        labels = Defaults.map(labels);
        links = Defaults.list(links);
        logging = Defaults.optional(logging);
        macAddress = Defaults.orEmpty(macAddress);
        networkMode = Defaults.orEmpty(networkMode);
        networks = Defaults.map(networks);
        pid = Defaults.orEmpty(pid);
        ports = Defaults.list(ports);
        restart = Defaults.orEmpty(restart);
        secrets = Defaults.list(secrets);
        securityOpt = Defaults.list(securityOpt);
        shmSize = Defaults.orEmpty(shmSize);
        stopGracePeriod = Defaults.optional(stopGracePeriod);
        stopSignal = Defaults.orEmpty(stopSignal);
        sysctls = Defaults.map(sysctls);
        tmpfs = Defaults.list(tmpfs);
        ulimits = Defaults.map(ulimits);
        user = Defaults.orEmpty(user);
        usernsMode = Defaults.orEmpty(usernsMode);
        volumes = Defaults.list(volumes);
        workingDir = Defaults.orEmpty(workingDir);
    }

    public static Builder builder(String name) {
        return new Builder().name(name);
    }

    public Builder toBuilder() {
        return new Builder(RecordValues.of(this));
    }

    /**
     * Builds a {@link ServiceConfig}; anything not set keeps its zero value. One setter per component, named
     * after it (ModelZeroValuesTest checks that each sets its own).
     */
    public static final class Builder {
        private final Map<String, Object> values;

        private Builder() {
            this(new HashMap<>());
        }

        private Builder(Map<String, Object> values) {
            this.values = new HashMap<>(values);
        }

        private Builder set(String component, Object value) {
            values.put(component, value);
            return this;
        }

        public ServiceConfig build() {
            return RecordValues.build(ServiceConfig.class, values);
        }

        public Builder name(String value) {
            return set("name", value);
        }

        public Builder build(BuildConfig value) {
            return set("build", value);
        }

        public Builder capAdd(List<String> value) {
            return set("capAdd", value);
        }

        public Builder capDrop(List<String> value) {
            return set("capDrop", value);
        }

        public Builder cgroupnsMode(String value) {
            return set("cgroupnsMode", value);
        }

        public Builder cgroupParent(String value) {
            return set("cgroupParent", value);
        }

        public Builder command(List<String> value) {
            return set("command", value);
        }

        public Builder configs(List<FileReference> value) {
            return set("configs", value);
        }

        public Builder containerName(String value) {
            return set("containerName", value);
        }

        public Builder credentialSpec(CredentialSpecConfig value) {
            return set("credentialSpec", value);
        }

        public Builder dependsOn(List<String> value) {
            return set("dependsOn", value);
        }

        public Builder deploy(DeployConfig value) {
            return set("deploy", value);
        }

        public Builder devices(List<String> value) {
            return set("devices", value);
        }

        public Builder dns(List<String> value) {
            return set("dns", value);
        }

        public Builder dnsSearch(List<String> value) {
            return set("dnsSearch", value);
        }

        public Builder domainName(String value) {
            return set("domainName", value);
        }

        public Builder entrypoint(List<String> value) {
            return set("entrypoint", value);
        }

        public Builder environment(Map<String, Optional<String>> value) {
            return set("environment", value);
        }

        public Builder envFile(List<String> value) {
            return set("envFile", value);
        }

        public Builder expose(List<String> value) {
            return set("expose", value);
        }

        public Builder externalLinks(List<String> value) {
            return set("externalLinks", value);
        }

        public Builder extraHosts(List<String> value) {
            return set("extraHosts", value);
        }

        public Builder hostname(String value) {
            return set("hostname", value);
        }

        public Builder healthcheck(Optional<HealthCheckConfig> value) {
            return set("healthcheck", value);
        }

        public Builder image(String value) {
            return set("image", value);
        }

        public Builder init(Optional<Boolean> value) {
            return set("init", value);
        }

        public Builder ipc(String value) {
            return set("ipc", value);
        }

        public Builder isolation(String value) {
            return set("isolation", value);
        }

        public Builder labels(Map<String, String> value) {
            return set("labels", value);
        }

        public Builder links(List<String> value) {
            return set("links", value);
        }

        public Builder logging(Optional<LoggingConfig> value) {
            return set("logging", value);
        }

        public Builder macAddress(String value) {
            return set("macAddress", value);
        }

        public Builder networkMode(String value) {
            return set("networkMode", value);
        }

        public Builder networks(Map<String, Optional<ServiceNetworkConfig>> value) {
            return set("networks", value);
        }

        public Builder pid(String value) {
            return set("pid", value);
        }

        public Builder ports(List<ServicePortConfig> value) {
            return set("ports", value);
        }

        public Builder privileged(boolean value) {
            return set("privileged", value);
        }

        public Builder readOnly(boolean value) {
            return set("readOnly", value);
        }

        public Builder restart(String value) {
            return set("restart", value);
        }

        public Builder secrets(List<FileReference> value) {
            return set("secrets", value);
        }

        public Builder securityOpt(List<String> value) {
            return set("securityOpt", value);
        }

        public Builder shmSize(String value) {
            return set("shmSize", value);
        }

        public Builder stdinOpen(boolean value) {
            return set("stdinOpen", value);
        }

        public Builder stopGracePeriod(Optional<Duration> value) {
            return set("stopGracePeriod", value);
        }

        public Builder stopSignal(String value) {
            return set("stopSignal", value);
        }

        public Builder sysctls(Map<String, String> value) {
            return set("sysctls", value);
        }

        public Builder tmpfs(List<String> value) {
            return set("tmpfs", value);
        }

        public Builder tty(boolean value) {
            return set("tty", value);
        }

        public Builder ulimits(Map<String, UlimitsConfig> value) {
            return set("ulimits", value);
        }

        public Builder user(String value) {
            return set("user", value);
        }

        public Builder oomScoreAdj(long value) {
            return set("oomScoreAdj", value);
        }

        public Builder usernsMode(String value) {
            return set("usernsMode", value);
        }

        public Builder volumes(List<ServiceVolumeConfig> value) {
            return set("volumes", value);
        }

        public Builder workingDir(String value) {
            return set("workingDir", value);
        }
    }
}
