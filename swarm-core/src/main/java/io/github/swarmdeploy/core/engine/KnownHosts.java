package io.github.swarmdeploy.core.engine;

import com.hierynomus.sshj.transport.verification.KnownHostMatchers;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The host keys OpenSSH {@code known_hosts} lines vouch for, read by sshj's {@link OpenSSHKnownHosts}: plain,
 * hashed ({@code |1|salt|hash}), wildcard and {@code [host]:port} entries, {@code @revoked} keys and
 * {@code @cert-authority} lines whose CA signed the host certificate a server presents (sshj checks the certificate's
 * signature, principals and validity during the key exchange). Each line keeps where it came from, for messages.
 *
 * <p>Two rules are OpenSSH's rather than sshj 0.40's: a revoked key is refused whatever other line lists it, and in a
 * pattern list ({@code *.prod.example,!db.prod.example}) a negated pattern only excludes a host, it never makes a
 * line apply to every other one.
 */
final class KnownHosts {

    /** What the known hosts say about a key a server presented. */
    enum Status {
        /** A line names this host with exactly this key, or a {@code @cert-authority} line with the CA of its certificate. */
        TRUSTED,
        /** The key is marked {@code @revoked} for this host. */
        REVOKED,
        /** Lines name this host with other keys of the same type: the server's key changed, or someone is in between. */
        CHANGED,
        /** No line vouches for this host with a key of this type (for a certificate: no line trusts its CA). */
        UNKNOWN
    }

    /** One usable line: where it is, and what sshj read from it. */
    record Line(String origin, int number, String hosts, boolean revoked, boolean authority, KeyType type, byte[] keyBlob,
                KnownHostEntry entry) {

        /** Where the line is, e.g. {@code /home/ci/.ssh/known_hosts:3}. */
        String location() {
            return origin + ":" + number;
        }
    }

    /** The answer for one host and key, with the lines it is based on. */
    record Lookup(Status status, List<Line> lines) {
    }

    private final List<Line> lines;

    private KnownHosts(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    static KnownHosts empty() {
        return new KnownHosts(List.of());
    }

    /** Parses known_hosts text; lines that are not entries (comments, blanks, garbage) are skipped as ssh does. */
    static KnownHosts parse(String content, String origin) {
        OpenSSHKnownHosts.EntryFactory factory = noFile().new EntryFactory();
        List<Line> parsed = new ArrayList<>();
        String[] texts = content.split("\r?\n|\r", -1);
        for (int i = 0; i < texts.length; i++) {
            String text = texts[i].strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            try {
                line(factory.parseEntry(text), text, origin, i + 1).ifPresent(parsed::add);
            } catch (IOException | RuntimeException e) {
                // a line sshj cannot read (a malformed hash or key) is skipped, as ssh skips it
            }
        }
        return new KnownHosts(parsed);
    }

    /** sshj's known_hosts reader, used only for its line parser. */
    private static OpenSSHKnownHosts noFile() {
        try {
            return new OpenSSHKnownHosts(new StringReader(""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Line> line(KnownHostEntry entry, String text, String origin, int number) {
        if (!(entry instanceof OpenSSHKnownHosts.HostEntry) || entry.getType() == KeyType.UNKNOWN) {
            return Optional.empty();
        }
        String[] fields = text.split("\\s+");
        boolean marked = fields[0].startsWith("@");
        String hosts = fields[marked ? 1 : 0];
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[marked ? 3 : 2]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
        PublicKey key = publicKey(blob);
        if (key == null || KeyType.fromKey(key) != entry.getType()) {
            return Optional.empty(); // the key's own type contradicts the line's
        }
        return Optional.of(new Line(origin, number, hosts, fields[0].equals("@revoked"),
                fields[0].equals("@cert-authority"), entry.getType(), blob, entry));
    }

    /** Both sources' lines, this one's first. */
    KnownHosts and(KnownHosts other) {
        List<Line> all = new ArrayList<>(lines);
        all.addAll(other.lines);
        return new KnownHosts(all);
    }

    List<Line> lines() {
        return lines;
    }

    /**
     * How a host is named in known_hosts: {@code host} on port 22, {@code [host]:port} on any other port,
     * in lower case.
     */
    static String hostToken(String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    /** The line that makes a host and key known, ready to append to a known_hosts file. */
    static String line(String host, int port, PublicKey key) {
        return hostToken(host, port) + " " + KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(SshKeys.blob(key));
    }

    /** The line that makes a CA trusted for a host's certificates. */
    static String authorityLine(String host, int port, PublicKey authority) {
        return "@cert-authority " + line(host, port, authority);
    }

    /** What these lines say about {@code host:port} presenting {@code key}. */
    Lookup lookup(String host, int port, PublicKey key) {
        String token = hostToken(host, port);
        KeyType type = KeyType.fromKey(key);
        byte[] blob = SshKeys.blob(key);
        for (Line line : lines) {
            if (line.revoked() && line.type() == type && Arrays.equals(line.keyBlob(), blob) && matchesHost(line.hosts(), token)) {
                return new Lookup(Status.REVOKED, List.of(line));
            }
        }
        List<Line> sameType = new ArrayList<>();
        for (Line line : lines) {
            if (line.revoked() || !applies(line, type) || !matchesHost(line.hosts(), token)) {
                continue;
            }
            if (verifies(line, key)) {
                return new Lookup(Status.TRUSTED, List.of(line));
            }
            if (!line.authority()) {
                sameType.add(line);
            }
        }
        return sameType.isEmpty() ? new Lookup(Status.UNKNOWN, List.of()) : new Lookup(Status.CHANGED, sameType);
    }

    /**
     * The host key algorithms to ask the server for, so that the key exchange gets a key these lines can verify (a
     * server usually has several keys and would otherwise present its preferred one): the types known for the host,
     * in file order, an RSA key under its signature algorithms' names too, and every certificate type when a
     * {@code @cert-authority} line applies.
     */
    List<String> algorithmsFor(String host, int port) {
        String token = hostToken(host, port);
        Set<String> algorithms = new LinkedHashSet<>();
        for (Line line : lines) {
            if (line.revoked() || !matchesHost(line.hosts(), token)) {
                continue;
            }
            if (line.authority()) {
                for (KeyType candidate : KeyType.values()) {
                    if (candidate.getParent() != null) {
                        algorithms.add(candidate.toString());
                    }
                }
            } else {
                if (line.type() == KeyType.RSA) {
                    algorithms.add("rsa-sha2-512");
                    algorithms.add("rsa-sha2-256");
                }
                algorithms.add(line.type().toString());
            }
        }
        return List.copyOf(algorithms);
    }

    /** A plain line for this key type, or a CA line when the key is a certificate (whose CA may be of any type). */
    private static boolean applies(Line line, KeyType presented) {
        return line.authority() ? presented.getParent() != null : line.type() == presented;
    }

    private static boolean verifies(Line line, PublicKey key) {
        try {
            return line.entry().verify(key);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * OpenSSH's rule, with sshj's matcher for each pattern (hashed, wildcard, {@code [host]:port}): a hashed entry
     * matches by HMAC; a pattern list matches when one of its patterns does and none of its negated ones.
     */
    static boolean matchesHost(String hosts, String token) {
        if (hosts.startsWith("|")) {
            return matches(hosts, token);
        }
        boolean matched = false;
        for (String pattern : hosts.toLowerCase(Locale.ROOT).split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            if (glob.isEmpty() || !matches(glob, token)) {
                continue;
            }
            if (negated) {
                return false;
            }
            matched = true;
        }
        return matched;
    }

    private static boolean matches(String pattern, String token) {
        try {
            return KnownHostMatchers.createMatcher(pattern).match(token);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The key of an SSH wire form, or null when it is not one sshj reads. */
    static PublicKey publicKey(byte[] blob) {
        try {
            return new Buffer.PlainBuffer(blob).readPublicKey();
        } catch (Buffer.BufferException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "KnownHosts" + lines.stream().map(Line::location).toList();
    }
}
