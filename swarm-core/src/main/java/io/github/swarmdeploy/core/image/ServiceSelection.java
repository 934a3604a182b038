package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.InfrastructureException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Which services a build publishes: named ones, those a merge request's labels ask for, or all. */
public final class ServiceSelection {

    /** The label prefix that asks for a service's image to be built, as in {@code build-nginx-proxy}. */
    public static final String BUILD_LABEL_PREFIX = "build-";

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private ServiceSelection() {
    }

    /**
     * The services named by {@code build-<service>} labels in a comma-separated label list such as
     * GitLab's {@code CI_MERGE_REQUEST_LABELS}; everything after the prefix is the service name, hyphens
     * included. Other labels are ignored; each service appears once, in label order.
     */
    public static List<String> fromLabels(String labels) {
        Set<String> services = new LinkedHashSet<>();
        if (labels == null) {
            return List.of();
        }
        for (String label : labels.split(",")) {
            String trimmed = label.trim();
            if (trimmed.startsWith(BUILD_LABEL_PREFIX)) {
                String service = trimmed.substring(BUILD_LABEL_PREFIX.length());
                if (SERVICE_NAME.matcher(service).matches()) {
                    services.add(service);
                }
            }
        }
        return List.copyOf(services);
    }

    /** Named services, trimmed, blanks dropped, each once (a comma-separated value may hold several). */
    public static List<String> named(List<String> services) {
        Set<String> result = new LinkedHashSet<>();
        if (services != null) {
            for (String entry : services) {
                for (String name : entry.split(",")) {
                    if (!name.isBlank()) {
                        result.add(name.trim());
                    }
                }
            }
        }
        return List.copyOf(result);
    }

    /** Every direct subdirectory of {@code baseDirectory} that holds a {@code Dockerfile}, by name. */
    public static List<String> withOwnDockerfile(Path baseDirectory) {
        List<String> services = new ArrayList<>();
        try (Stream<Path> children = Files.list(baseDirectory)) {
            children.filter(Files::isDirectory)
                    .filter(dir -> Files.isRegularFile(dir.resolve("Dockerfile")))
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .forEach(services::add);
        } catch (IOException e) {
            throw new InfrastructureException("cannot list " + baseDirectory + ": " + e.getMessage(), e);
        }
        return List.copyOf(services);
    }
}
