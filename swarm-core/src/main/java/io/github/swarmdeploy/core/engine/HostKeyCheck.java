package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.event.EventListener;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether to trust the key an SSH server presents: pinned fingerprints when configured, otherwise the
 * known_hosts lines; anything else is refused, unless host key checking was explicitly switched off (then a
 * warning says what was accepted). sshj only learns yes or no; the reason is kept for the error message.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final SshSettings settings;
    private final KnownHosts knownHosts;
    private final String knownHostsSources;
    private final EventListener events;
    private volatile SshConnectionException rejection;

    HostKeyCheck(SshSettings settings, KnownHosts knownHosts, String knownHostsSources, EventListener events) {
        this.settings = settings;
        this.knownHosts = knownHosts;
        this.knownHostsSources = knownHostsSources;
        this.events = events;
    }

    /** Reads the known_hosts file (an explicitly named one must exist) and the content of the variable. */
    static HostKeyCheck load(SshSettings settings, EventListener events) {
        KnownHosts known = KnownHosts.empty();
        List<String> sources = new ArrayList<>();
        Path file = settings.knownHostsFile();
        if (Files.isRegularFile(file)) {
            try {
                known = known.and(KnownHosts.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
            } catch (IOException e) {
                throw new EngineConfigurationException("cannot read the known_hosts file " + file + ": " + e.getMessage());
            }
            sources.add(file.toString());
        } else if (settings.isKnownHostsFileExplicit()) {
            throw new EngineConfigurationException("swarm.ssh.knownHosts: the file " + file + " does not exist");
        }
        if (settings.knownHostsContent().isPresent()) {
            String content = settings.knownHostsContent().get();
            String source = "$" + SshSettings.KNOWN_HOSTS_ENV;
            // a GitLab File variable holds the path of a file with the lines, not the lines
            Optional<Path> variableFile = FileVariable.file(content);
            if (variableFile.isPresent()) {
                source = source + " (file " + variableFile.get() + ")";
                try {
                    content = Files.readString(variableFile.get(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new EngineConfigurationException("cannot read the known_hosts file " + variableFile.get()
                            + " that " + SshSettings.KNOWN_HOSTS_ENV + " names: " + e.getMessage());
                }
            }
            known = known.and(KnownHosts.parse(content, source));
            sources.add(source);
        }
        String described = sources.isEmpty() ? file + " (missing)" : String.join(" and ", sources);
        return new HostKeyCheck(settings, known, described, events);
    }

    /** Why the last key was refused, if it was. */
    Optional<SshConnectionException> rejection() {
        return Optional.ofNullable(rejection);
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String type = KeyType.fromKey(key).toString();
        byte[] blob = SshKeys.blob(key);
        Optional<SshConnectionException> refused = judge(hostname, port, type, blob);
        if (refused.isEmpty()) {
            return true;
        }
        if (!settings.isStrictHostKeyChecking()) {
            events.warn("swarm.ssh.strictHostKeyChecking=false: connecting to " + KnownHosts.hostToken(hostname, port)
                    + " WITHOUT verifying its host key " + type + " " + HostKeyFingerprint.of(blob)
                    + " (" + unverifiedBecause(refused.get().reason()) + "); whoever sits between here and the server "
                    + "can read and change what is deployed");
            return true;
        }
        rejection = refused.get();
        return false;
    }

    /** The verdict for one presented key; empty when it is trusted. */
    Optional<SshConnectionException> judge(String hostname, int port, String type, byte[] blob) {
        String fingerprint = HostKeyFingerprint.of(blob);
        String host = KnownHosts.hostToken(hostname, port);
        String line = KnownHosts.line(hostname, port, type, blob);
        if (!settings.hostKeyFingerprints().isEmpty()) {
            if (settings.hostKeyFingerprints().contains(fingerprint)) {
                events.debug("SSH host key " + type + " " + fingerprint + " of " + host + " matches the pinned fingerprint");
                return Optional.empty();
            }
            return Optional.of(new SshConnectionException(Reason.HOST_KEY_NOT_PINNED, "Host key verification failed: "
                    + host + " presented the " + type + " key " + fingerprint + ", which is not the pinned "
                    + "swarm.ssh.hostKeyFingerprint " + String.join(", ", settings.hostKeyFingerprints())
                    + ". Refusing to connect: someone may be intercepting the connection, or the pin names another of "
                    + "the server's keys (on the server, ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type)
                    + "_key.pub prints the fingerprint of this one)."));
        }
        KnownHosts.Lookup lookup = knownHosts.lookup(hostname, port, type, blob);
        switch (lookup.status()) {
            case TRUSTED:
                events.debug("SSH host key " + type + " " + fingerprint + " of " + host + " is known ("
                        + lookup.entries().get(0).location() + ")");
                return Optional.empty();
            case REVOKED:
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_REVOKED, "Host key verification failed: "
                        + host + " presented the " + type + " key " + fingerprint + ", which is marked @revoked at "
                        + lookup.entries().get(0).location() + ". Refusing to connect."));
            case CHANGED:
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_CHANGED, "Host key verification failed: "
                        + "the " + type + " host key of " + host + " has CHANGED - someone may be intercepting the "
                        + "connection (man-in-the-middle attack), or the server's key was replaced. It presented "
                        + fingerprint + ", but " + lookup.entries().stream()
                        .map(entry -> entry.location() + " expects " + HostKeyFingerprint.of(entry.keyBlob()))
                        .collect(Collectors.joining(", ")) + ". Refusing to connect. Only if you know the key was "
                        + "replaced, check the new fingerprint on the server and replace that line with:\n" + line));
            default:
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_UNKNOWN, "Host key verification failed: "
                        + host + " is not a known host (looked in " + knownHostsSources + "). It presented the "
                        + type + " key " + fingerprint + ". If that is the server's key (check on the server with "
                        + "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type) + "_key.pub), trust it by adding this "
                        + "line to " + settings.knownHostsFile() + " (or to $" + SshSettings.KNOWN_HOSTS_ENV + "):\n"
                        + line + "\nor pin it with -Dswarm.ssh.hostKeyFingerprint=" + fingerprint));
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        if (!settings.hostKeyFingerprints().isEmpty()) {
            return List.of();
        }
        List<String> algorithms = new ArrayList<>();
        for (String type : knownHosts.keyTypesFor(hostname, port)) {
            if (type.equals("ssh-rsa")) {
                // an RSA host key is negotiated under its signature algorithms' names
                algorithms.add("rsa-sha2-512");
                algorithms.add("rsa-sha2-256");
            }
            algorithms.add(type);
        }
        return algorithms;
    }

    private static String shortType(String type) {
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return type.startsWith("ssh-") ? type.substring(4) : type;
    }

    private static String unverifiedBecause(Reason reason) {
        return switch (reason) {
            case HOST_KEY_CHANGED -> "it is NOT the key known_hosts has for this host";
            case HOST_KEY_REVOKED -> "it is marked @revoked in known_hosts";
            case HOST_KEY_NOT_PINNED -> "it does NOT match swarm.ssh.hostKeyFingerprint";
            default -> "known_hosts does not list it";
        };
    }
}
