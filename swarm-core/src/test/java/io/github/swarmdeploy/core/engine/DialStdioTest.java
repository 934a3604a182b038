package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialStdioTest {

    @Test
    void remoteCommandIsTheDockerClisAndQuotesASocketPath() {
        assertEquals("docker system dial-stdio", DialStdio.command(null));
        assertEquals("docker system dial-stdio", DialStdio.command("/"));
        assertEquals("docker '--host=unix:///run/user/1000/docker.sock' system dial-stdio",
                DialStdio.command("/run/user/1000/docker.sock"));
        assertEquals("docker '--host=unix:///tmp/it'\\''s.sock' system dial-stdio", DialStdio.command("/tmp/it's.sock"));
    }

    @Test
    void userOutsideTheDockerGroupIsToldToJoinIt() {
        // what docker 28 prints when the socket refuses the user
        SshConnectionException e = DialStdio.failure("manager:22", "deploy", 1,
                "failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: permission denied\n");
        assertEquals(Reason.REMOTE_DOCKER_DENIED, e.reason());
        assertEquals("user deploy on manager:22 may not use Docker: permission denied on the Docker socket (remote "
                + "said: failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: permission "
                + "denied). Add the user to the docker group on the server (sudo usermod -aG docker deploy); the next "
                + "SSH login picks it up", e.getMessage());
    }

    @Test
    void missingDockerCommandIsRecognisedFromShellsAndExitStatus() {
        assertEquals(Reason.REMOTE_DOCKER_MISSING, DialStdio.failure("m:22", "u", 127, "").reason());
        assertEquals(Reason.REMOTE_DOCKER_MISSING, DialStdio.failure("m:22", "u", 1, "sh: 1: docker: not found").reason());
        SshConnectionException bash = DialStdio.failure("m:22", "u", 127, "bash: line 1: docker: command not found");
        assertTrue(bash.getMessage().startsWith("there is no docker command for user u on m:22 (remote said: bash: line 1:"
                + " docker: command not found): install the Docker CLI"), bash.getMessage());
    }

    @Test
    void otherFailuresKeepWhatTheRemoteSaid() {
        SshConnectionException down = DialStdio.failure("m:22", "u", 1,
                "failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: no such file or directory");
        assertEquals(Reason.REMOTE_DOCKER_FAILED, down.reason());
        assertTrue(down.getMessage().startsWith("the Docker daemon on m:22 does not answer - is it running?"));
        SshConnectionException old = DialStdio.failure("m:22", "u", 1, "docker: 'system dial-stdio' is not a docker "
                + "command.\nSee 'docker --help'\nunknown command");
        assertTrue(old.getMessage().contains("too old for docker system dial-stdio"), old.getMessage());
        SshConnectionException other = DialStdio.failure("m:22", "u", 2, "x".repeat(1000));
        assertEquals("docker system dial-stdio failed on m:22 for user u with exit status 2 (remote said: "
                + "x".repeat(400) + "...)", other.getMessage());
    }
}
