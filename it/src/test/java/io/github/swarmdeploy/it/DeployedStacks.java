package io.github.swarmdeploy.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the deploy tests look at and clean up on the sandbox swarm: a stack's objects, versions, HTTP answer. */
final class DeployedStacks {

    private static final String NAMESPACE = "com.docker.stack.namespace";

    private DeployedStacks() {
    }

    /** Every service of the stack with its version: equal maps mean no service was updated. */
    static Map<String, Long> versions(DockerClient docker, String stack) {
        Map<String, Long> versions = new TreeMap<>();
        for (Service service : docker.listServicesCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()) {
            versions.put(service.getSpec().getName(), service.getVersion().getIndex());
        }
        return versions;
    }

    /** Names of every service, config, secret and network of the stack. */
    static List<String> objects(DockerClient docker, String stack) {
        List<String> names = new ArrayList<>();
        docker.listServicesCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()
                .forEach(s -> names.add("service " + s.getSpec().getName()));
        docker.listConfigsCmd().withFilters(Map.of("label", List.of(NAMESPACE + "=" + stack))).exec()
                .forEach(c -> names.add("config " + c.getSpec().getName()));
        docker.listSecretsCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()
                .forEach(s -> names.add("secret " + s.getSpec().getName()));
        docker.listNetworksCmd().withFilter("label", List.of(NAMESPACE + "=" + stack)).exec()
                .forEach(n -> names.add("network " + n.getName()));
        return names;
    }

    /** What {@code docker stack rm} does, waiting until the networks can go. */
    static void remove(DockerClient docker, String stack) {
        docker.listServicesCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()
                .forEach(s -> docker.removeServiceCmd(s.getId()).exec());
        docker.listConfigsCmd().withFilters(Map.of("label", List.of(NAMESPACE + "=" + stack))).exec()
                .forEach(c -> docker.removeConfigCmd(c.getId()).exec());
        docker.listSecretsCmd().withLabelFilter(Map.of(NAMESPACE, stack)).exec()
                .forEach(s -> docker.removeSecretCmd(s.getId()).exec());
        Sandbox.await("the networks of " + stack + " removed", Duration.ofSeconds(60), () -> {
            docker.listNetworksCmd().withFilter("label", List.of(NAMESPACE + "=" + stack)).exec()
                    .forEach(n -> {
                        try {
                            docker.removeNetworkCmd(n.getId()).exec();
                        } catch (RuntimeException stillInUse) {
                            // the last containers are still leaving it: next round
                        }
                    });
            return objects(docker, stack);
        }, List::isEmpty);
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

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
