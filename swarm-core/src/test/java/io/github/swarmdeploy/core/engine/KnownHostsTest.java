package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHostsTest {

    private static final KnownHosts FIXTURE = KnownHosts.parse(resource("known_hosts"), "known_hosts");
    private static final String[] ED25519 = publicKey("ed25519_openssh");
    private static final String[] ECDSA = publicKey("ecdsa_openssh");
    private static final String[] RSA = publicKey("rsa_openssh");

    @Test
    void plainHostOnPort22IsTrustedWithItsKey() {
        KnownHosts.Lookup lookup = lookup("manager.example", 22, ED25519);
        assertEquals(KnownHosts.Status.TRUSTED, lookup.status());
        assertEquals("known_hosts:2", lookup.entries().get(0).location());
    }

    @Test
    void hostNamesMatchCaseInsensitively() {
        assertEquals(KnownHosts.Status.TRUSTED, lookup("Manager.EXAMPLE", 22, ED25519).status());
    }

    @Test
    void bracketedEntryAppliesToItsPortOnly() {
        assertEquals(KnownHosts.Status.TRUSTED, lookup("manager.example", 2222, ECDSA).status());
        // on port 22 the host is known with ed25519 only: an ecdsa key there is simply not known
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("manager.example", 22, ECDSA).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("manager.example", 2200, ED25519).status());
    }

    @Test
    void hashedEntriesWrittenBySshKeygenMatch() {
        // lines 4 and 5 were produced by `ssh-keygen -H` for hashed.example and [hashed.example]:2200
        assertEquals(KnownHosts.Status.TRUSTED, lookup("hashed.example", 22, ED25519).status());
        assertEquals(KnownHosts.Status.TRUSTED, lookup("hashed.example", 2200, ECDSA).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("hashed.example", 2201, ECDSA).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("other.example", 22, ED25519).status());
    }

    @Test
    void sameTypeWithAnotherKeyIsAChange() {
        String[] otherEd25519 = publicKey("ed25519_openssh_encrypted");
        KnownHosts.Lookup lookup = lookup("manager.example", 22, otherEd25519);
        assertEquals(KnownHosts.Status.CHANGED, lookup.status());
        assertEquals(List.of("known_hosts:2"), lookup.entries().stream().map(KnownHosts.Entry::location).toList());
        assertEquals(KnownHosts.Status.CHANGED, lookup("hashed.example", 22, otherEd25519).status());
    }

    @Test
    void wildcardsAndNegationFollowOpenSsh() {
        assertEquals(KnownHosts.Status.TRUSTED, lookup("web.prod.example", 22, RSA).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("db.prod.example", 22, RSA).status());
        assertEquals(KnownHosts.Status.TRUSTED, lookup("node1.example", 22, ED25519).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("node12.example", 22, ED25519).status());
    }

    @Test
    void revokedKeyIsRefusedEvenWhenAnotherLineWouldMatch() {
        KnownHosts extra = FIXTURE.and(KnownHosts.parse("revoked.example " + ED25519[0] + " " + ED25519[1], "extra"));
        assertEquals(KnownHosts.Status.REVOKED, extra.lookup("revoked.example", 22, ED25519[0], blob(ED25519)).status());
        assertEquals(KnownHosts.Status.TRUSTED, lookup("revoked.example", 22, ECDSA).status());
    }

    @Test
    void certificateAuthoritiesCommentsAndGarbageAreSkipped() {
        // @cert-authority *.example would otherwise make every *.example host "changed" for rsa
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("any.example", 22, RSA).status());
        assertEquals(8, FIXTURE.entries().size());
    }

    @Test
    void keyTypesForAHostAreThoseItIsKnownWith() {
        assertEquals(List.of("ssh-ed25519"), FIXTURE.keyTypesFor("manager.example", 22));
        assertEquals(List.of("ecdsa-sha2-nistp256"), FIXTURE.keyTypesFor("manager.example", 2222));
        assertEquals(List.of("ecdsa-sha2-nistp256"), FIXTURE.keyTypesFor("revoked.example", 22));
        assertEquals(List.of(), FIXTURE.keyTypesFor("unknown.example", 22));
    }

    @Test
    void lineToAddUsesBracketsOffPort22AndParsesBack() {
        String line = KnownHosts.line("127.0.0.1", 2222, ED25519[0], blob(ED25519));
        assertEquals("[127.0.0.1]:2222 " + ED25519[0] + " " + ED25519[1], line);
        assertEquals("manager.example " + ED25519[0] + " " + ED25519[1],
                KnownHosts.line("manager.example", 22, ED25519[0], blob(ED25519)));
        assertEquals(KnownHosts.Status.TRUSTED,
                KnownHosts.parse(line, "added").lookup("127.0.0.1", 2222, ED25519[0], blob(ED25519)).status());
    }

    @Test
    void windowsLineEndingsAndBlankContentAreFine() {
        String crlf = "# comment\r\nmanager.example " + ED25519[0] + " " + ED25519[1] + "\r\n";
        assertEquals(KnownHosts.Status.TRUSTED,
                KnownHosts.parse(crlf, "env").lookup("manager.example", 22, ED25519[0], blob(ED25519)).status());
        assertTrue(KnownHosts.parse("", "empty").entries().isEmpty());
    }

    @Test
    void lineWhoseKeyTypeContradictsItsKeyIsSkipped() {
        KnownHosts lying = KnownHosts.parse("manager.example ssh-rsa " + ED25519[1], "lying");
        assertTrue(lying.entries().isEmpty());
        assertFalse(KnownHosts.matchesHost("|1|bad|bad", "manager.example"));
    }

    private static KnownHosts.Lookup lookup(String host, int port, String[] key) {
        return FIXTURE.lookup(host, port, key[0], blob(key));
    }

    static byte[] blob(String[] key) {
        return Base64.getDecoder().decode(key[1]);
    }

    /** type and base64 of a fixture public key. */
    static String[] publicKey(String name) {
        String[] fields = resource("keys/" + name + ".pub").trim().split(" ");
        return new String[] {fields[0], fields[1]};
    }

    static String resource(String name) {
        try (InputStream in = KnownHostsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
