package io.github.swarmdeploy.core.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void registryWithPortPathAndTag() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/sandbox/busybox:latest");
        assertEquals("127.0.0.1:5000", ref.domain());
        assertEquals("sandbox/busybox", ref.path());
        assertEquals("latest", ref.tag());
        assertEquals("", ref.digest());
        assertEquals("127.0.0.1:5000", ref.registry());
    }

    @Test
    void dockerHubNamesHaveNoDomain() {
        ImageReference ref = ImageReference.parse("library/busybox");
        assertEquals("", ref.domain());
        assertEquals("library/busybox", ref.path());
        assertEquals("docker.io", ref.registry());
        assertEquals("busybox", ImageReference.parse("busybox").path());
    }

    @Test
    void localhostIsADomain() {
        assertEquals("localhost", ImageReference.parse("localhost/app:1").domain());
    }

    @Test
    void pinningAddsLatestWhenNoTagIsWritten() {
        assertEquals("registry.example.com/app:latest@" + DIGEST,
                ImageReference.parse("registry.example.com/app").pinnedTo(DIGEST).toString());
        assertEquals("registry.example.com/app:20240717_8a4f53ae@" + DIGEST,
                ImageReference.parse("registry.example.com/app:20240717_8a4f53ae").pinnedTo(DIGEST).toString());
    }

    @Test
    void digestIsParsedAndCanBeDropped() {
        ImageReference ref = ImageReference.parse("reg.io/app:1.0@" + DIGEST);
        assertTrue(ref.hasDigest());
        assertEquals(DIGEST, ref.digest());
        assertEquals("reg.io/app:1.0", ref.withoutDigest().toString());
        assertEquals("reg.io/app:1.0@" + DIGEST, ref.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "app:1:2", "app:", "app:-bad", "reg.io/App:1", "app@sha256:short", "a//b",
            "app:with space", "-app", "app/", "registry:5000/"})
    void invalidReferencesAreRefused(String reference) {
        assertFalse(ImageReference.isValid(reference), reference);
        InvalidImageReferenceException e = assertThrows(InvalidImageReferenceException.class,
                () -> ImageReference.parse(reference));
        assertTrue(e.getMessage().contains("'" + reference + "'"), e.getMessage());
    }

    @Test
    void upperCaseRepositoryIsNamedInTheMessage() {
        InvalidImageReferenceException e = assertThrows(InvalidImageReferenceException.class,
                () -> ImageReference.parse("reg.io/App:1"));
        assertTrue(e.getMessage().contains("must be lowercase"), e.getMessage());
    }

    @Test
    void tooLongNameIsRefused() {
        assertFalse(ImageReference.isValid("reg.io/" + "a".repeat(250)));
    }
}
