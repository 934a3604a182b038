package io.github.swarmdeploy.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the goal tests look at on the sandbox swarm: a stack's service versions and configs, a deployed service's
 * HTTP answer. (Creating, listing and removing whole stacks: {@code SandboxSwarm}.)
 */
final class DeployedStacks {

    private DeployedStacks() {
    }

    /** Every service of the stack with its version: equal maps mean no service was updated. */
    static Map<String, Long> versions(DockerClient docker, String stack) {
        Map<String, Long> versions = new TreeMap<>();
        for (Service service : docker.listServicesCmd().withLabelFilter(Map.of(StackLabels.NAMESPACE, stack)).exec()) {
            versions.put(service.getSpec().getName(), service.getVersion().getIndex());
        }
        return versions;
    }

    /** Names of the stack's configs, sorted. */
    static TreeSet<String> configNames(DockerClient docker, String stack) {
        TreeSet<String> names = new TreeSet<>();
        docker.listConfigsCmd().withFilters(Map.of("label", List.of(StackLabels.namespaceFilter(stack)))).exec()
                .forEach(config -> names.add(config.getSpec().getName()));
        return names;
    }

    /** The body {@code http://127.0.0.1:<port>/} answers with. */
    static String httpGet(int port) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(3))
                            .build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
