package io.github.swarmdeploy.core.engine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The host keys an OpenSSH {@code known_hosts} file vouches for: plain, comma-separated, wildcard ({@code *},
 * {@code ?}) and negated ({@code !}) host patterns, {@code [host]:port} entries, hashed entries
 * ({@code |1|salt|hash}, as {@code ssh-keygen -H} and {@code HashKnownHosts yes} write them) and
 * {@code @revoked} keys. {@code @cert-authority} lines are skipped: host certificates are not supported.
 * Pure: the content comes in as text, together with where it came from, for messages.
 */
final class KnownHosts {

    /** What the known hosts say about a key a server presented. */
    enum Status {
        /** A line names this host with exactly this key. */
        TRUSTED,
        /** The key is marked {@code @revoked} for this host. */
        REVOKED,
        /** Lines name this host with other keys of the same type: the server's key changed, or someone is in between. */
        CHANGED,
        /** No line vouches for this host with a key of this type. */
        UNKNOWN
    }

    /** One usable line. */
    record Entry(String origin, int lineNumber, boolean revoked, String hosts, String keyType, byte[] keyBlob) {

        /** Where the line is, e.g. {@code /home/ci/.ssh/known_hosts:3}. */
        String location() {
            return origin + ":" + lineNumber;
        }

        boolean hasKey(String type, byte[] blob) {
            return keyType.equals(type) && MessageDigest.isEqual(keyBlob, blob);
        }
    }

    /** The answer for one host and key, with the lines it is based on. */
    record Lookup(Status status, List<Entry> entries) {
    }

    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static KnownHosts empty() {
        return new KnownHosts(List.of());
    }

    /** Parses known_hosts text; lines that are not entries (comments, blanks, garbage) are skipped as ssh does. */
    static KnownHosts parse(String content, String origin) {
        List<Entry> parsed = new ArrayList<>();
        String[] lines = content.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            Entry entry = parseLine(lines[i].strip(), origin, i + 1);
            if (entry != null) {
                parsed.add(entry);
            }
        }
        return new KnownHosts(parsed);
    }

    /** Both files' lines, this one's first. */
    KnownHosts and(KnownHosts other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new KnownHosts(all);
    }

    List<Entry> entries() {
        return entries;
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
    static String line(String host, int port, String keyType, byte[] keyBlob) {
        return hostToken(host, port) + " " + keyType + " " + Base64.getEncoder().encodeToString(keyBlob);
    }

    /** What these lines say about {@code host:port} presenting the given key. */
    Lookup lookup(String host, int port, String keyType, byte[] keyBlob) {
        String token = hostToken(host, port);
        List<Entry> sameType = new ArrayList<>();
        for (Entry entry : entries) {
            if (!matchesHost(entry.hosts(), token)) {
                continue;
            }
            if (entry.revoked() && entry.hasKey(keyType, keyBlob)) {
                return new Lookup(Status.REVOKED, List.of(entry));
            }
        }
        for (Entry entry : entries) {
            if (entry.revoked() || !matchesHost(entry.hosts(), token)) {
                continue;
            }
            if (entry.hasKey(keyType, keyBlob)) {
                return new Lookup(Status.TRUSTED, List.of(entry));
            }
            if (entry.keyType().equals(keyType)) {
                sameType.add(entry);
            }
        }
        return sameType.isEmpty() ? new Lookup(Status.UNKNOWN, List.of()) : new Lookup(Status.CHANGED, sameType);
    }

    /**
     * The key types known for a host, in file order, so that the key exchange asks the server for a key these
     * lines can verify (a server usually has several; it would otherwise present its preferred one).
     */
    List<String> keyTypesFor(String host, int port) {
        String token = hostToken(host, port);
        Set<String> types = new LinkedHashSet<>();
        for (Entry entry : entries) {
            if (!entry.revoked() && matchesHost(entry.hosts(), token)) {
                types.add(entry.keyType());
            }
        }
        return List.copyOf(types);
    }

    private static Entry parseLine(String line, String origin, int lineNumber) {
        if (line.isEmpty() || line.startsWith("#")) {
            return null;
        }
        String[] fields = line.split("\\s+");
        int next = 0;
        boolean revoked = false;
        if (fields[0].startsWith("@")) {
            if (!fields[0].equals("@revoked")) {
                return null; // @cert-authority or unknown marker
            }
            revoked = true;
            next = 1;
        }
        if (fields.length < next + 3) {
            return null;
        }
        String hosts = fields[next];
        String keyType = fields[next + 1];
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[next + 2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!keyType.equals(embeddedKeyType(blob))) {
            return null;
        }
        return new Entry(origin, lineNumber, revoked, hosts, keyType, blob);
    }

    /** The type name an SSH key blob starts with (a uint32 length and the name), or null when malformed. */
    private static String embeddedKeyType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length <= 0 || length > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /** OpenSSH's rule: a hashed entry matches by HMAC; a pattern list matches when a pattern does and no negated one. */
    static boolean matchesHost(String hosts, String token) {
        if (hosts.startsWith("|1|")) {
            return matchesHashed(hosts, token);
        }
        boolean matched = false;
        for (String pattern : hosts.toLowerCase(Locale.ROOT).split(",")) {
            boolean negated = pattern.startsWith("!");
            String glob = negated ? pattern.substring(1) : pattern;
            if (glob.isEmpty() || !globMatches(glob, token)) {
                continue;
            }
            if (negated) {
                return false;
            }
            matched = true;
        }
        return matched;
    }

    private static boolean matchesHashed(String hashed, String token) {
        String[] parts = hashed.split("\\|");
        // "", "1", salt, hash
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** {@code *} matches any run of characters, {@code ?} exactly one. */
    private static boolean globMatches(String glob, String text) {
        int g = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starAt = g++;
                textAtStar = t;
            } else if (starAt >= 0) {
                g = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    @Override
    public String toString() {
        return "KnownHosts" + Arrays.toString(entries.stream().map(Entry::location).toArray());
    }
}
