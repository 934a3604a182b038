package io.github.swarmdeploy.core.compose.model;

import java.time.Duration;
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
public record ServiceConfig(
        String name,
        BuildConfig build,
        List<String> capAdd,
        List<String> capDrop,
        String cgroupnsMode,
        String cgroupParent,
        List<String> command,
        List<FileReference> configs,
        String containerName,
        CredentialSpecConfig credentialSpec,
        List<String> dependsOn,
        DeployConfig deploy,
        List<String> devices,
        List<String> dns,
        List<String> dnsSearch,
        String domainName,
        List<String> entrypoint,
        Map<String, Optional<String>> environment,
        List<String> envFile,
        List<String> expose,
        List<String> externalLinks,
        List<String> extraHosts,
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
        List<String> tmpfs,
        boolean tty,
        Map<String, UlimitsConfig> ulimits,
        String user,
        long oomScoreAdj,
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
        return new Builder(this);
    }

    /** Builds a {@link ServiceConfig}; anything not set keeps its zero value. */
    public static final class Builder {
        private String name;
        private BuildConfig build;
        private List<String> capAdd;
        private List<String> capDrop;
        private String cgroupnsMode;
        private String cgroupParent;
        private List<String> command;
        private List<FileReference> configs;
        private String containerName;
        private CredentialSpecConfig credentialSpec;
        private List<String> dependsOn;
        private DeployConfig deploy;
        private List<String> devices;
        private List<String> dns;
        private List<String> dnsSearch;
        private String domainName;
        private List<String> entrypoint;
        private Map<String, Optional<String>> environment;
        private List<String> envFile;
        private List<String> expose;
        private List<String> externalLinks;
        private List<String> extraHosts;
        private String hostname;
        private Optional<HealthCheckConfig> healthcheck;
        private String image;
        private Optional<Boolean> init;
        private String ipc;
        private String isolation;
        private Map<String, String> labels;
        private List<String> links;
        private Optional<LoggingConfig> logging;
        private String macAddress;
        private String networkMode;
        private Map<String, Optional<ServiceNetworkConfig>> networks;
        private String pid;
        private List<ServicePortConfig> ports;
        private boolean privileged;
        private boolean readOnly;
        private String restart;
        private List<FileReference> secrets;
        private List<String> securityOpt;
        private String shmSize;
        private boolean stdinOpen;
        private Optional<Duration> stopGracePeriod;
        private String stopSignal;
        private Map<String, String> sysctls;
        private List<String> tmpfs;
        private boolean tty;
        private Map<String, UlimitsConfig> ulimits;
        private String user;
        private long oomScoreAdj;
        private String usernsMode;
        private List<ServiceVolumeConfig> volumes;
        private String workingDir;

        private Builder() {
        }

        private Builder(ServiceConfig source) {
            name = source.name();
            build = source.build();
            capAdd = source.capAdd();
            capDrop = source.capDrop();
            cgroupnsMode = source.cgroupnsMode();
            cgroupParent = source.cgroupParent();
            command = source.command();
            configs = source.configs();
            containerName = source.containerName();
            credentialSpec = source.credentialSpec();
            dependsOn = source.dependsOn();
            deploy = source.deploy();
            devices = source.devices();
            dns = source.dns();
            dnsSearch = source.dnsSearch();
            domainName = source.domainName();
            entrypoint = source.entrypoint();
            environment = source.environment();
            envFile = source.envFile();
            expose = source.expose();
            externalLinks = source.externalLinks();
            extraHosts = source.extraHosts();
            hostname = source.hostname();
            healthcheck = source.healthcheck();
            image = source.image();
            init = source.init();
            ipc = source.ipc();
            isolation = source.isolation();
            labels = source.labels();
            links = source.links();
            logging = source.logging();
            macAddress = source.macAddress();
            networkMode = source.networkMode();
            networks = source.networks();
            pid = source.pid();
            ports = source.ports();
            privileged = source.privileged();
            readOnly = source.readOnly();
            restart = source.restart();
            secrets = source.secrets();
            securityOpt = source.securityOpt();
            shmSize = source.shmSize();
            stdinOpen = source.stdinOpen();
            stopGracePeriod = source.stopGracePeriod();
            stopSignal = source.stopSignal();
            sysctls = source.sysctls();
            tmpfs = source.tmpfs();
            tty = source.tty();
            ulimits = source.ulimits();
            user = source.user();
            oomScoreAdj = source.oomScoreAdj();
            usernsMode = source.usernsMode();
            volumes = source.volumes();
            workingDir = source.workingDir();
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder build(BuildConfig value) {
            this.build = value;
            return this;
        }

        public Builder capAdd(List<String> value) {
            this.capAdd = value;
            return this;
        }

        public Builder capDrop(List<String> value) {
            this.capDrop = value;
            return this;
        }

        public Builder cgroupnsMode(String value) {
            this.cgroupnsMode = value;
            return this;
        }

        public Builder cgroupParent(String value) {
            this.cgroupParent = value;
            return this;
        }

        public Builder command(List<String> value) {
            this.command = value;
            return this;
        }

        public Builder configs(List<FileReference> value) {
            this.configs = value;
            return this;
        }

        public Builder containerName(String value) {
            this.containerName = value;
            return this;
        }

        public Builder credentialSpec(CredentialSpecConfig value) {
            this.credentialSpec = value;
            return this;
        }

        public Builder dependsOn(List<String> value) {
            this.dependsOn = value;
            return this;
        }

        public Builder deploy(DeployConfig value) {
            this.deploy = value;
            return this;
        }

        public Builder devices(List<String> value) {
            this.devices = value;
            return this;
        }

        public Builder dns(List<String> value) {
            this.dns = value;
            return this;
        }

        public Builder dnsSearch(List<String> value) {
            this.dnsSearch = value;
            return this;
        }

        public Builder domainName(String value) {
            this.domainName = value;
            return this;
        }

        public Builder entrypoint(List<String> value) {
            this.entrypoint = value;
            return this;
        }

        public Builder environment(Map<String, Optional<String>> value) {
            this.environment = value;
            return this;
        }

        public Builder envFile(List<String> value) {
            this.envFile = value;
            return this;
        }

        public Builder expose(List<String> value) {
            this.expose = value;
            return this;
        }

        public Builder externalLinks(List<String> value) {
            this.externalLinks = value;
            return this;
        }

        public Builder extraHosts(List<String> value) {
            this.extraHosts = value;
            return this;
        }

        public Builder hostname(String value) {
            this.hostname = value;
            return this;
        }

        public Builder healthcheck(Optional<HealthCheckConfig> value) {
            this.healthcheck = value;
            return this;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder init(Optional<Boolean> value) {
            this.init = value;
            return this;
        }

        public Builder ipc(String value) {
            this.ipc = value;
            return this;
        }

        public Builder isolation(String value) {
            this.isolation = value;
            return this;
        }

        public Builder labels(Map<String, String> value) {
            this.labels = value;
            return this;
        }

        public Builder links(List<String> value) {
            this.links = value;
            return this;
        }

        public Builder logging(Optional<LoggingConfig> value) {
            this.logging = value;
            return this;
        }

        public Builder macAddress(String value) {
            this.macAddress = value;
            return this;
        }

        public Builder networkMode(String value) {
            this.networkMode = value;
            return this;
        }

        public Builder networks(Map<String, Optional<ServiceNetworkConfig>> value) {
            this.networks = value;
            return this;
        }

        public Builder pid(String value) {
            this.pid = value;
            return this;
        }

        public Builder ports(List<ServicePortConfig> value) {
            this.ports = value;
            return this;
        }

        public Builder privileged(boolean value) {
            this.privileged = value;
            return this;
        }

        public Builder readOnly(boolean value) {
            this.readOnly = value;
            return this;
        }

        public Builder restart(String value) {
            this.restart = value;
            return this;
        }

        public Builder secrets(List<FileReference> value) {
            this.secrets = value;
            return this;
        }

        public Builder securityOpt(List<String> value) {
            this.securityOpt = value;
            return this;
        }

        public Builder shmSize(String value) {
            this.shmSize = value;
            return this;
        }

        public Builder stdinOpen(boolean value) {
            this.stdinOpen = value;
            return this;
        }

        public Builder stopGracePeriod(Optional<Duration> value) {
            this.stopGracePeriod = value;
            return this;
        }

        public Builder stopSignal(String value) {
            this.stopSignal = value;
            return this;
        }

        public Builder sysctls(Map<String, String> value) {
            this.sysctls = value;
            return this;
        }

        public Builder tmpfs(List<String> value) {
            this.tmpfs = value;
            return this;
        }

        public Builder tty(boolean value) {
            this.tty = value;
            return this;
        }

        public Builder ulimits(Map<String, UlimitsConfig> value) {
            this.ulimits = value;
            return this;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder oomScoreAdj(long value) {
            this.oomScoreAdj = value;
            return this;
        }

        public Builder usernsMode(String value) {
            this.usernsMode = value;
            return this;
        }

        public Builder volumes(List<ServiceVolumeConfig> value) {
            this.volumes = value;
            return this;
        }

        public Builder workingDir(String value) {
            this.workingDir = value;
            return this;
        }

        public ServiceConfig build() {
            return new ServiceConfig(name, build, capAdd, capDrop, cgroupnsMode, cgroupParent, command, configs, containerName, credentialSpec, dependsOn, deploy, devices, dns, dnsSearch, domainName, entrypoint, environment, envFile, expose, externalLinks, extraHosts, hostname, healthcheck, image, init, ipc, isolation, labels, links, logging, macAddress, networkMode, networks, pid, ports, privileged, readOnly, restart, secrets, securityOpt, shmSize, stdinOpen, stopGracePeriod, stopSignal, sysctls, tmpfs, tty, ulimits, user, oomScoreAdj, usernsMode, volumes, workingDir);
        }
    }
}
