package io.github.swarmdeploy.core.compose.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code deploy:}. */
public record DeployConfig(
        @ComposeKey(oneOf = {"replicated", "global", "replicated-job", "global-job"}, what = "mode") String mode,
        @ComposeKey(form = ComposeKey.Form.UINT64) Optional<Long> replicas,
        Map<String, String> labels,
        Optional<UpdateConfig> updateConfig,
        Optional<UpdateConfig> rollbackConfig,
        Resources resources,
        Optional<RestartPolicy> restartPolicy,
        Placement placement,
        @ComposeKey(oneOf = {"vip", "dnsrr"}, what = "endpoint mode") String endpointMode) {

    public DeployConfig {
        mode = Defaults.orEmpty(mode);
        replicas = Defaults.optional(replicas);
        labels = Defaults.map(labels);
        updateConfig = Defaults.optional(updateConfig);
        rollbackConfig = Defaults.optional(rollbackConfig);
        resources = resources == null ? new Resources(Optional.empty(), Optional.empty()) : resources;
        restartPolicy = Defaults.optional(restartPolicy);
        placement = placement == null ? new Placement(List.of(), List.of(), 0) : placement;
        endpointMode = Defaults.orEmpty(endpointMode);
    }
}
