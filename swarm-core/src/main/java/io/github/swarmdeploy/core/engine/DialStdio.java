package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;

import java.util.Locale;

/**
 * The remote side of the SSH transport: {@code docker system dial-stdio}, which connects its stdin and stdout
 * to the remote engine's socket (the docker CLI reaches {@code ssh://} hosts the same way), and what its
 * failures mean for the user.
 */
final class DialStdio {

    private static final int MAX_REMOTE_TEXT = 400;

    private DialStdio() {
    }

    /**
     * The remote command; an {@code ssh://host/path/to/docker.sock} path selects that socket, as with the
     * docker CLI.
     */
    static String command(String remoteSocketPath) {
        if (remoteSocketPath == null || remoteSocketPath.replace("/", "").isEmpty()) {
            return "docker system dial-stdio";
        }
        return "docker " + shellQuoted("--host=unix://" + remoteSocketPath) + " system dial-stdio";
    }

    /** Single-quoted for a POSIX shell: the remote login shell runs the command line. */
    static String shellQuoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** What a failed {@code dial-stdio} (exit status, its stderr) means, said so that the user can act. */
    static SshConnectionException failure(String target, String user, Integer exitStatus, String stderr) {
        String said = remoteText(stderr);
        String lower = said.toLowerCase(Locale.ROOT);
        String remoteSaid = said.isEmpty() ? "" : " (remote said: " + said + ")";
        if (exitStatus != null && exitStatus == 127
                || lower.contains("docker: not found") || lower.contains("docker: command not found")
                || lower.contains("\"docker\": executable file not found")) {
            return new SshConnectionException(Reason.REMOTE_DOCKER_MISSING, "there is no docker command for user "
                    + user + " on " + target + remoteSaid + ": install the Docker CLI there (18.09 or later), or put "
                    + "it on the PATH of non-interactive SSH sessions");
        }
        if (lower.contains("permission denied")) {
            return new SshConnectionException(Reason.REMOTE_DOCKER_DENIED, "user " + user + " on " + target
                    + " may not use Docker: permission denied on the Docker socket" + remoteSaid + ". Add the user to "
                    + "the docker group on the server (sudo usermod -aG docker " + user + "); the next SSH login picks "
                    + "it up");
        }
        if (lower.contains("unknown command") || lower.contains("unknown flag")) {
            return new SshConnectionException(Reason.REMOTE_DOCKER_FAILED, "the docker CLI on " + target
                    + " is too old for docker system dial-stdio (needs 18.09 or later)" + remoteSaid);
        }
        if (lower.contains("cannot connect to the docker daemon") || lower.contains("no such file or directory")
                || lower.contains("connection refused")) {
            return new SshConnectionException(Reason.REMOTE_DOCKER_FAILED, "the Docker daemon on " + target
                    + " does not answer - is it running?" + remoteSaid);
        }
        return new SshConnectionException(Reason.REMOTE_DOCKER_FAILED, "docker system dial-stdio failed on " + target
                + " for user " + user + (exitStatus == null ? "" : " with exit status " + exitStatus) + remoteSaid);
    }

    private static String remoteText(String stderr) {
        String text = stderr == null ? "" : stderr.strip().replaceAll("\\s*\\n\\s*", " / ");
        return text.length() <= MAX_REMOTE_TEXT ? text : text.substring(0, MAX_REMOTE_TEXT) + "...";
    }
}
