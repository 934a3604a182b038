package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The image of one service: {@code <prefix>/<service>:<tag>}, e.g.
 * {@code registry.example.com/group/app/backend:20240727_a5fa34c7}.
 *
 * @param repository {@code <prefix>/<service>}
 * @param tag        the tag alone
 */
public record ImageName(String repository, String tag) {

    /** How registry addresses name Docker Hub after normalising. */
    public static final String DOCKER_HUB = "docker.io";

    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    public ImageName {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
    }

    /** The image of {@code service} under {@code prefix}; rejects names a registry would refuse. */
    public static ImageName of(String prefix, String service, String tag) {
        String trimmedPrefix = prefix.strip().replaceAll("/+$", "");
        String repository = trimmedPrefix + "/" + service;
        String path = hasRegistryHost(repository) ? repository.substring(repository.indexOf('/') + 1) : repository;
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new SwarmDeployException("image '" + repository + "' is not a valid repository name: '" + component
                        + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        return new ImageName(repository, tag);
    }

    /** {@code repository:tag}. */
    public String reference() {
        return repository + ":" + tag;
    }

    /** The registry the image lives in: its first component when that names a host, else Docker Hub. */
    public String registryHost() {
        if (!hasRegistryHost(repository)) {
            return DOCKER_HUB;
        }
        String host = repository.substring(0, repository.indexOf('/'));
        return isDockerHub(host) ? DOCKER_HUB : host;
    }

    /** The address the engine expects in credentials for {@link #registryHost()}. */
    public String registryAddress() {
        return registryAddress(registryHost());
    }

    /**
     * The address the engine and the docker CLI's credential stores use for a registry host: Docker Hub's is
     * {@code https://index.docker.io/v1/}, any other registry's is its host.
     */
    static String registryAddress(String registryHost) {
        return registryHost.equals(DOCKER_HUB) ? "https://index.docker.io/v1/" : registryHost;
    }

    static boolean isDockerHub(String host) {
        return DOCKER_HUB_ALIASES.contains(host);
    }

    private static boolean hasRegistryHost(String repository) {
        int slash = repository.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = repository.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    @Override
    public String toString() {
        return reference();
    }
}
