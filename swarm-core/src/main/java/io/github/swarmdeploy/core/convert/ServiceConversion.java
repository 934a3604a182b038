package io.github.swarmdeploy.core.convert;

import io.github.swarmdeploy.core.golang.Json;
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
                .withIsolation(Json.orNull(service.isolation()))
                .withSysctls(Json.orNull(service.sysctls()))
                .withCapabilityAdd(Json.orNull(capabilities.get(0)))
                .withCapabilityDrop(Json.orNull(capabilities.get(1)))
                .withUlimits(Json.orNull(ContainerConversion.ulimits(service.ulimits())))
                .withOomScoreAdj(Json.orNull(service.oomScoreAdj()));
        container.withImage(ImageNames.withDefaultTag(service.image()))
                .withCommand(Json.orNull(service.entrypoint()))
                .withArgs(Json.orNull(service.command()))
                .withHostname(Json.orNull(service.hostname()))
                .withHosts(Json.orNull(ContainerConversion.extraHosts(service.extraHosts())))
                .withDnsConfig(ContainerConversion.dns(service))
                .withHealthCheck(ContainerConversion.healthcheck(context, service))
                .withEnv(Json.orNull(ContainerConversion.environment(service.environment())))
                .withLabels(context.namespace().withStackLabel(service.labels()))
                .withDir(Json.orNull(service.workingDir()))
                .withUser(Json.orNull(service.user()))
                .withMounts(Json.orNull(MountConversion.mounts(context, service)))
                .withStopGracePeriod(service.stopGracePeriod().map(java.time.Duration::toNanos).orElse(null))
                .withStopSignal(Json.orNull(service.stopSignal()))
                .withTty(Json.orNull(service.tty()))
                .withOpenStdin(Json.orNull(service.stdinOpen()))
                .withSecrets(Json.orNull(FileObjectConversion.secretReferences(context, service, ids)))
                .withConfigs(Json.orNull(configs))
                .withReadOnly(Json.orNull(service.readOnly()))
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
