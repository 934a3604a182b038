package io.github.swarmdeploy.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceSelectionTest {

    @Test
    void buildLabelsKeepHyphenatedServiceNamesWhole() {
        assertEquals(List.of("nginx-proxy", "backend"),
                ServiceSelection.fromLabels("build-nginx-proxy,build-backend"));
    }

    @Test
    void unrelatedLabelsAreIgnored() {
        assertEquals(List.of("frontend"),
                ServiceSelection.fromLabels("bug, needs-review ,build-frontend,rebuild-all,Build-admin,build-,deploy::prod"));
    }

    @Test
    void spacesAroundLabelsAndRepeatsDoNotMatter() {
        assertEquals(List.of("backend", "worker_2"),
                ServiceSelection.fromLabels(" build-backend , build-worker_2, build-backend "));
    }

    @Test
    void noLabelsSelectNothing() {
        assertEquals(List.of(), ServiceSelection.fromLabels(""));
        assertEquals(List.of(), ServiceSelection.fromLabels(null));
    }

    @Test
    void namedServicesMaySplitOnCommas() {
        assertEquals(List.of("a", "b", "c"), ServiceSelection.named(List.of("a,b", " c ", "a", "")));
    }

    @Test
    void allMeansEveryDirectoryWithItsOwnDockerfile(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("backend"));
        Files.writeString(base.resolve("backend/Dockerfile"), "FROM scratch\n");
        Files.createDirectories(base.resolve("nginx-proxy"));
        Files.writeString(base.resolve("nginx-proxy/Dockerfile"), "FROM scratch\n");
        Files.createDirectories(base.resolve("docs"));
        Files.writeString(base.resolve("docs/README.md"), "no image here\n");
        Files.createDirectories(base.resolve(".git"));
        Files.writeString(base.resolve(".git/Dockerfile"), "hidden directories are not services\n");
        Files.writeString(base.resolve("Dockerfile"), "FROM scratch\n");

        assertEquals(List.of("backend", "nginx-proxy"), ServiceSelection.withOwnDockerfile(base));
    }
}
