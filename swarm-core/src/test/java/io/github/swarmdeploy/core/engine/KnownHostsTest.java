package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
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
        assertEquals("known_hosts:2", lookup.lines().get(0).location());
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
        assertEquals(List.of("known_hosts:2"), lookup.lines().stream().map(KnownHosts.Line::location).toList());
        assertEquals(KnownHosts.Status.CHANGED, lookup("hashed.example", 22, otherEd25519).status());
    }

    @Test
    void wildcardsAndNegationFollowOpenSsh() {
        assertEquals(KnownHosts.Status.TRUSTED, lookup("web.prod.example", 22, RSA).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("db.prod.example", 22, RSA).status());
        // sshj 0.40 alone would let the negated pattern match every host but db.prod.example
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("elsewhere.org", 22, RSA).status());
        assertEquals(KnownHosts.Status.TRUSTED, lookup("node1.example", 22, ED25519).status());
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("node12.example", 22, ED25519).status());
    }

    @Test
    void revokedKeyIsRefusedEvenWhenAnotherLineWouldMatch() {
        KnownHosts extra = FIXTURE.and(KnownHosts.parse("revoked.example " + ED25519[0] + " " + ED25519[1], "extra"));
        assertEquals(KnownHosts.Status.REVOKED, extra.lookup("revoked.example", 22, key(ED25519)).status());
        // sshj 0.40 alone accepts a revoked key when a later line lists it
        KnownHosts revokedLast = KnownHosts.parse("revoked.example " + ED25519[0] + " " + ED25519[1] + "\n@revoked "
                + "revoked.example " + ED25519[0] + " " + ED25519[1], "later");
        assertEquals(KnownHosts.Status.REVOKED, revokedLast.lookup("revoked.example", 22, key(ED25519)).status());
        assertEquals(KnownHosts.Status.TRUSTED, lookup("revoked.example", 22, ECDSA).status());
    }

    @Test
    void aCertificateAuthorityLineVouchesForNoPlainKeyCommentsAndGarbageAreSkipped() {
        // @cert-authority *.example makes no *.example host "changed" for a plain rsa key: it trusts certificates
        assertEquals(KnownHosts.Status.UNKNOWN, lookup("any.example", 22, RSA).status());
        assertEquals(9, FIXTURE.lines().size());
        assertEquals("known_hosts:10", FIXTURE.lines().get(8).location());
        assertTrue(FIXTURE.lines().get(8).authority());
    }

    @Test
    void algorithmsForAHostAreTheKeyTypesItIsKnownWithAndCertificatesWhereACaApplies() {
        assertEquals(List.of("ecdsa-sha2-nistp256"), FIXTURE.algorithmsFor("manager.example", 2222));
        assertEquals(List.of(), FIXTURE.algorithmsFor("unknown.org", 22));
        List<String> withCa = FIXTURE.algorithmsFor("manager.example", 22);
        assertEquals("ssh-ed25519", withCa.get(0));
        assertTrue(withCa.contains("ssh-ed25519-cert-v01@openssh.com") && withCa.contains("ssh-rsa-cert-v01@openssh.com"),
                withCa::toString);
        List<String> revoked = FIXTURE.algorithmsFor("revoked.example", 22);
        assertEquals("ecdsa-sha2-nistp256", revoked.get(0));
        assertFalse(revoked.contains("ssh-ed25519"), "the revoked key's type is not asked for: " + revoked);
    }

    @Test
    void lineToAddUsesBracketsOffPort22AndParsesBack() {
        String line = KnownHosts.line("127.0.0.1", 2222, key(ED25519));
        assertEquals("[127.0.0.1]:2222 " + ED25519[0] + " " + ED25519[1], line);
        assertEquals("manager.example " + ED25519[0] + " " + ED25519[1], KnownHosts.line("manager.example", 22, key(ED25519)));
        assertEquals(KnownHosts.Status.TRUSTED, KnownHosts.parse(line, "added").lookup("127.0.0.1", 2222, key(ED25519)).status());
    }

    @Test
    void windowsLineEndingsAndBlankContentAreFine() {
        String crlf = "# comment\r\nmanager.example " + ED25519[0] + " " + ED25519[1] + "\r\n";
        assertEquals(KnownHosts.Status.TRUSTED, KnownHosts.parse(crlf, "env").lookup("manager.example", 22, key(ED25519)).status());
        assertTrue(KnownHosts.parse("", "empty").lines().isEmpty());
    }

    @Test
    void lineWhoseKeyTypeContradictsItsKeyIsSkipped() {
        KnownHosts lying = KnownHosts.parse("manager.example ssh-rsa " + ED25519[1], "lying");
        assertTrue(lying.lines().isEmpty());
        assertFalse(KnownHosts.matchesHost("|1|bad|bad", "manager.example"));
        assertEquals(KnownHosts.Status.UNKNOWN, KnownHosts.parse("|1|bad|bad ssh-ed25519 " + ED25519[1], "bad hash")
                .lookup("manager.example", 22, key(ED25519)).status());
    }

    private static KnownHosts.Lookup lookup(String host, int port, String[] key) {
        return FIXTURE.lookup(host, port, key(key));
    }

    static PublicKey key(String[] key) {
        return KnownHosts.publicKey(blob(key));
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
