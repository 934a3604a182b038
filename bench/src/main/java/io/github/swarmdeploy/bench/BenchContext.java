package io.github.swarmdeploy.bench;

import io.github.swarmdeploy.core.engine.EngineConnection;

import java.nio.file.Path;

/**
 * What fixtures and deployers share in one run.
 *
 * @param root      the repository root (fixtures under bench/fixtures)
 * @param registry  the sandbox registry ({@code 127.0.0.1:5000})
 * @param appImage  the benchmark's image, built FROM the sandbox base image and pushed under this name
 * @param engine    the local engine (reads and set-up; never used to deploy)
 * @param logs      where each command's output goes
 */
record BenchContext(Path root, String registry, String appImage, EngineConnection engine, Path logs) {

    /** An image in the sandbox registry under the benchmark's own namespace: {@code <registry>/swarm-bench/<path>}. */
    String benchImage(String path) {
        return registry + "/swarm-bench/" + path;
    }
}
