package io.github.swarmdeploy.core.convert;

import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import io.github.swarmdeploy.core.compose.model.ServiceConfig;
import io.github.swarmdeploy.core.convert.swarm.SwarmContainerSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One service as the ServiceSpec {@code docker stack deploy} sends (docker's {@code convert.Service}). */
final class ServiceConversion {

    /** docker's label holding the image as written in the file (before tagging or pinning). */
    static final String IMAGE_LABEL = "com.docker.stack.image";

    private ServiceConversion() {
    }

    static ServiceSpec spec(ConversionContext context, ServiceConfig service, Optional<ObjectIds> ids) {
        String path = "services." + service.name();
        List<ContainerSpecConfig> configs = FileObjectConversion.configReferences(context, service, ids);
        List<List<String>> capabilities = ContainerConversion.capabilities(service.capAdd(), service.capDrop());

        SwarmContainerSpec container = new SwarmContainerSpec()
                .withIsolation(GoValues.orNull(service.isolation()))
                .withSysctls(GoValues.orNull(service.sysctls()))
                .withCapabilityAdd(GoValues.orNull(capabilities.get(0)))
                .withCapabilityDrop(GoValues.orNull(capabilities.get(1)))
                .withUlimits(GoValues.orNull(ContainerConversion.ulimits(service.ulimits())))
                .withOomScoreAdj(GoValues.orNull(service.oomScoreAdj()));
        container.withImage(ImageNames.withDefaultTag(service.image()))
                .withCommand(GoValues.orNull(service.entrypoint()))
                .withArgs(GoValues.orNull(service.command()))
                .withHostname(GoValues.orNull(service.hostname()))
                .withHosts(GoValues.orNull(ContainerConversion.extraHosts(service.extraHosts())))
                .withDnsConfig(ContainerConversion.dns(service))
                .withHealthCheck(ContainerConversion.healthcheck(context, service))
                .withEnv(GoValues.orNull(ContainerConversion.environment(service.environment())))
                .withLabels(context.namespace().withStackLabel(service.labels()))
                .withDir(GoValues.orNull(service.workingDir()))
                .withUser(GoValues.orNull(service.user()))
                .withMounts(GoValues.orNull(MountConversion.mounts(context, service)))
                .withStopGracePeriod(service.stopGracePeriod().map(java.time.Duration::toNanos).orElse(null))
                .withStopSignal(GoValues.orNull(service.stopSignal()))
                .withTty(GoValues.orNull(service.tty()))
                .withOpenStdin(GoValues.orNull(service.stdinOpen()))
                .withSecrets(GoValues.orNull(FileObjectConversion.secretReferences(context, service, ids)))
                .withConfigs(GoValues.orNull(configs))
                .withReadOnly(GoValues.orNull(service.readOnly()))
                .withPrivileges(ContainerConversion.privileges(context, service, configs))
                .withInit(service.init().orElse(null));

        TaskSpec task = new TaskSpec()
                .withContainerSpec(container)
                .withLogDriver(ContainerConversion.logDriver(service.logging()))
                .withResources(DeployConversion.resources(context, service))
                .withRestartPolicy(DeployConversion.restartPolicy(context, service))
                .withPlacement(DeployConversion.placement(service))
                .withNetworks(NetworkConversion.attachments(context, service));

        Map<String, String> labels = context.namespace().withStackLabel(service.deploy().labels());
        labels = new LinkedHashMap<>(labels);
        labels.put(IMAGE_LABEL, service.image());

        return new ServiceSpec()
                .withName(context.namespace().scope(service.name()))
                .withLabels(labels)
                .withTaskTemplate(task)
                .withEndpointSpec(DeployConversion.endpointSpec(context, service))
                .withMode(DeployConversion.mode(context, service))
                .withUpdateConfig(DeployConversion.updateConfig(context, path + ".deploy.update_config",
                        service.deploy().updateConfig()))
                .withRollbackConfig(DeployConversion.updateConfig(context, path + ".deploy.rollback_config",
                        service.deploy().rollbackConfig()));
    }
}
