package io.github.swarmdeploy.core.compose.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code build:} (ignored by Swarm; kept for {@code swarm:config} and warnings). Args without a value are empty Optionals. */
public record BuildConfig(
        String context,
        String dockerfile,
        Map<String, Optional<String>> args,
        Map<String, String> labels,
        List<String> cacheFrom,
        @ComposeKey(form = ComposeKey.Form.HOSTS_LIST) List<String> extraHosts,
        String network,
        String target) {

    public BuildConfig {
        context = Defaults.orEmpty(context);
        dockerfile = Defaults.orEmpty(dockerfile);
        args = Defaults.map(args);
        labels = Defaults.map(labels);
        cacheFrom = Defaults.list(cacheFrom);
        extraHosts = Defaults.list(extraHosts);
        network = Defaults.orEmpty(network);
        target = Defaults.orEmpty(target);
    }
}
