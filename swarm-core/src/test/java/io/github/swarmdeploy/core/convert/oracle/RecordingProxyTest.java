package io.github.swarmdeploy.core.convert.oracle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The proxy splits a connection's bytes into the requests a client sent on it. */
class RecordingProxyTest {

    @Test
    void requestsWithContentLengthAndChunkedBodiesOneAfterTheOther() {
        String stream = "HEAD /_ping HTTP/1.1\r\nHost: api.moby.localhost\r\n\r\n"
                + "POST /v1.41/services/create HTTP/1.1\r\nContent-Length: 13\r\nContent-Type: application/json\r\n\r\n"
                + "{\"Name\":\"a\"}\n"
                + "POST /v1.41/configs/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"Nam\r\n8\r\ne\":\"b\"}\n\r\n0\r\n\r\n";
        List<RecordingProxy.Request> requests = new ArrayList<>();

        RecordingProxy.parse(stream.getBytes(StandardCharsets.UTF_8), requests);

        assertEquals(3, requests.size());
        assertEquals("HEAD /_ping", requests.get(0).method() + " " + requests.get(0).path());
        assertEquals("", requests.get(0).bodyText());
        assertEquals("/v1.41/services/create", requests.get(1).path());
        assertEquals("{\"Name\":\"a\"}\n", requests.get(1).bodyText());
        assertEquals("{\"Name\":\"b\"}\n", requests.get(2).bodyText());
    }
}
