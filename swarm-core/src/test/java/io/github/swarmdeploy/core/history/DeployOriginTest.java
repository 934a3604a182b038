package io.github.swarmdeploy.core.history;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class DeployOriginTest {

    @Test
    void gitLabJobVariablesOnlyTheNamedOnes() {
        DeployOrigin origin = DeployOrigin.fromEnvironment(Map.of("CI_COMMIT_SHA", "8a4f53ae01234567",
                "CI_COMMIT_REF_NAME", "main", "CI_JOB_URL", "https://gitlab.example.com/g/p/-/jobs/42",
                "GITLAB_USER_LOGIN", "alice", "SWARM_TAG", "20240717_8a4f53ae", "CI_JOB_TOKEN", "glcbt-s3cr3t",
                "CI_REGISTRY_PASSWORD", "s3cr3t", "USER", "gitlab-runner"));

        assertEquals(Map.of("commit", "8a4f53ae01234567", "ref", "main", "imageTag", "20240717_8a4f53ae",
                "jobUrl", "https://gitlab.example.com/g/p/-/jobs/42", "user", "alice"), origin.asMap());
        assertFalse(origin.toString().contains("s3cr3t"));
        assertEquals("commit 8a4f53ae (main) by alice", origin.describe());
    }

    @Test
    void gitHubActionsTagBuild() {
        DeployOrigin origin = DeployOrigin.fromEnvironment(Map.of("GITHUB_SHA", "abc", "GITHUB_REF_NAME", "v1.2",
                "GITHUB_REF_TYPE", "tag", "GITHUB_SERVER_URL", "https://github.com", "GITHUB_REPOSITORY", "o/r",
                "GITHUB_RUN_ID", "99", "GITHUB_ACTOR", "bob"));

        assertEquals(Optional.of("v1.2"), origin.gitTag());
        assertEquals(Optional.empty(), origin.ref());
        assertEquals(Optional.of("https://github.com/o/r/actions/runs/99"), origin.jobUrl());
        assertEquals("commit abc (v1.2) by bob", origin.describe());
    }

    @Test
    void aShellGivesTheUserAndValuesAreOneShortLine() {
        DeployOrigin origin = DeployOrigin.fromEnvironment(Map.of("USER", "carol", "CI_COMMIT_REF_NAME",
                "feature\nwith\u0007control" + "x".repeat(300)));

        assertEquals(Optional.of("carol"), origin.user());
        assertEquals(200, origin.ref().orElseThrow().length());
        assertFalse(origin.ref().get().contains("\n"));
    }
}
