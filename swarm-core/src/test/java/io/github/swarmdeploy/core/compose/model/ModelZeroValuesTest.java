package io.github.swarmdeploy.core.compose.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelZeroValuesTest {

    @Test
    void unsetServiceKeysReadAsDockersZeroValues() {
        ServiceConfig service = ServiceConfig.builder("web").image("nginx").build();

        assertEquals("", service.user());
        assertTrue(service.command().isEmpty());
        assertTrue(service.deploy().replicas().isEmpty(), "replicas is a pointer in docker: unset differs from 0");
        assertEquals("", service.deploy().mode());
        assertTrue(service.deploy().placement().constraints().isEmpty());
        assertTrue(service.healthcheck().isEmpty());
        assertFalse(service.credentialSpec().file().length() > 0);
    }

    @Test
    void listsAreCopiedAndUnmodifiable() {
        java.util.ArrayList<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "true"));
        ServiceConfig service = ServiceConfig.builder("job").command(command).build();
        command.add("changed");

        assertEquals(List.of("sh", "-c", "true"), service.command());
        assertThrows(UnsupportedOperationException.class, () -> service.command().add("x"));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ServiceConfig original = ServiceConfig.builder("db").image("postgres").user("999").tty(true).build();

        assertEquals(original, original.toBuilder().build());
        assertEquals("1000", original.toBuilder().user("1000").build().user());
    }

    @Test
    void objectContentNeverShowsItsBytes() {
        ObjectContent secret = ObjectContent.ofText("hunter2");
        FileObjectConfig config = new FileObjectConfig("db_password", "", FileObjectConfig.Source.CONTENT, "", "",
                secret, null, null, null, null, null, null);

        assertFalse(config.toString().contains("hunter2"));
        assertEquals("<7 bytes>", secret.toString());
        assertEquals(ObjectContent.ofText("hunter2"), secret);
    }
}
