package io.github.swarmdeploy.core.engine;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.engine.SshConnectionException.Reason;
import io.github.swarmdeploy.core.event.EventListener;
import com.hierynomus.sshj.userauth.certificate.Certificate;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.FingerprintVerifier;
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
 * Decides whether to trust the key an SSH server presents: pinned fingerprints when configured (sshj's
 * {@link FingerprintVerifier}), otherwise the known_hosts lines ({@link KnownHosts}, read by sshj), which may also
 * trust a host certificate through its CA; anything else is refused, unless host key checking was explicitly switched
 * off (then a warning says what was accepted). sshj only learns yes or no; the reason is kept for the error message.
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
            throw new EngineConfigurationException(Option.SSH_KNOWN_HOSTS + ": the file " + file + " does not exist");
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
        Optional<SshConnectionException> refused = judge(hostname, port, key);
        if (refused.isEmpty()) {
            return true;
        }
        if (!settings.isStrictHostKeyChecking()) {
            events.warn(Option.SSH_STRICT_HOST_KEY_CHECKING.is(false) + ": connecting to " + KnownHosts.hostToken(hostname, port)
                    + " WITHOUT verifying its host key " + KeyType.fromKey(key) + " " + SshKeys.fingerprint(key)
                    + " (" + unverifiedBecause(refused.get().reason()) + "); whoever sits between here and the server "
                    + "can read and change what is deployed");
            return true;
        }
        rejection = refused.get();
        return false;
    }

    /** The verdict for one presented key (or host certificate); empty when it is trusted. */
    Optional<SshConnectionException> judge(String hostname, int port, PublicKey key) {
        String type = KeyType.fromKey(key).toString();
        String fingerprint = SshKeys.fingerprint(key);
        String host = KnownHosts.hostToken(hostname, port);
        if (!settings.hostKeyFingerprints().isEmpty()) {
            for (String pin : settings.hostKeyFingerprints()) {
                if (FingerprintVerifier.getInstance(pin).verify(hostname, port, key)) {
                    events.debug("SSH host key " + type + " " + fingerprint + " of " + host + " matches the pinned fingerprint");
                    return Optional.empty();
                }
            }
            return Optional.of(new SshConnectionException(Reason.HOST_KEY_NOT_PINNED, "Host key verification failed: "
                    + host + " presented the " + type + " key " + fingerprint + ", which is not the pinned "
                    + Option.SSH_HOST_KEY_FINGERPRINT + " " + String.join(", ", settings.hostKeyFingerprints())
                    + ". Refusing to connect: someone may be intercepting the connection, or the pin names another of "
                    + "the server's keys (on the server, ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type)
                    + "_key.pub prints the fingerprint of this one)."));
        }
        KnownHosts.Lookup lookup = knownHosts.lookup(hostname, port, key);
        Optional<PublicKey> authority = certificateAuthority(key);
        switch (lookup.status()) {
            case TRUSTED:
                events.debug("SSH host " + (authority.isPresent() ? "certificate " + type + " of " + host + " is signed by "
                        + "the CA " + SshKeys.fingerprint(authority.get()) : "key " + type + " " + fingerprint + " of " + host
                        + " is known") + " (" + lookup.lines().get(0).location() + ")");
                return Optional.empty();
            case REVOKED:
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_REVOKED, "Host key verification failed: "
                        + host + " presented the " + type + " key " + fingerprint + ", which is marked @revoked at "
                        + lookup.lines().get(0).location() + ". Refusing to connect."));
            case CHANGED:
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_CHANGED, "Host key verification failed: "
                        + "the " + type + " host key of " + host + " has CHANGED - someone may be intercepting the "
                        + "connection (man-in-the-middle attack), or the server's key was replaced. It presented "
                        + fingerprint + ", but " + lookup.lines().stream()
                        .map(line -> line.location() + " expects " + SshKeys.fingerprint(KnownHosts.publicKey(line.keyBlob())))
                        .collect(Collectors.joining(", ")) + ". Refusing to connect. Only if you know the key was "
                        + "replaced, check the new fingerprint on the server and replace that line with:\n"
                        + KnownHosts.line(hostname, port, key)));
            default:
                if (authority.isPresent()) {
                    String ca = SshKeys.fingerprint(authority.get());
                    return Optional.of(new SshConnectionException(Reason.HOST_KEY_UNKNOWN, "Host key verification "
                            + "failed: " + host + " presented a " + type + " host certificate signed by the CA "
                            + KeyType.fromKey(authority.get()) + " key " + ca + ", which no @cert-authority line for "
                            + "this host trusts (looked in " + knownHostsSources + "). If that is your CA's key (ssh-keygen "
                            + "-lf on its .pub file prints " + ca + "), trust it by adding this line to "
                            + settings.knownHostsFile() + " (or to $" + SshSettings.KNOWN_HOSTS_ENV + "):\n"
                            + KnownHosts.authorityLine(hostname, port, authority.get())));
                }
                return Optional.of(new SshConnectionException(Reason.HOST_KEY_UNKNOWN, "Host key verification failed: "
                        + host + " is not a known host (looked in " + knownHostsSources + "). It presented the "
                        + type + " key " + fingerprint + ". If that is the server's key (check on the server with "
                        + "ssh-keygen -lf /etc/ssh/ssh_host_" + shortType(type) + "_key.pub), trust it by adding this "
                        + "line to " + settings.knownHostsFile() + " (or to $" + SshSettings.KNOWN_HOSTS_ENV + "):\n"
                        + KnownHosts.line(hostname, port, key) + "\nor pin it with " + Option.SSH_HOST_KEY_FINGERPRINT.is(fingerprint)));
        }
    }

    /** The CA that signed a host certificate; empty for a plain key. */
    private static Optional<PublicKey> certificateAuthority(PublicKey key) {
        if (key instanceof Certificate<?> certificate) {
            return Optional.ofNullable(KnownHosts.publicKey(certificate.getSignatureKey()));
        }
        return Optional.empty();
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        if (!settings.hostKeyFingerprints().isEmpty()) {
            return List.of();
        }
        return knownHosts.algorithmsFor(hostname, port);
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
            case HOST_KEY_NOT_PINNED -> "it does NOT match " + Option.SSH_HOST_KEY_FINGERPRINT;
            default -> "known_hosts does not list it";
        };
    }
}
