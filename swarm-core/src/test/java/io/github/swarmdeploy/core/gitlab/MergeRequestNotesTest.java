package io.github.swarmdeploy.core.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.sandbox.FakeGitLab;
import io.github.swarmdeploy.core.sandbox.SandboxSwarm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergeRequestNotesTest {

    private final FakeGitLab gitlab = FakeGitLab.start();
    private final List<Event> events = new ArrayList<>();
    private final EventListener listener = events::add;

    @AfterEach
    void stop() {
        gitlab.close();
    }

    @Test
    void notePostsEscapedJsonWithTheTokenToTheMergeRequestNotes() throws Exception {
        MergeRequestNotes notes = MergeRequestNotes.configure(gitlab.mergeRequestPipeline("glpat-test"), null, null, listener)
                .orElseThrow();
        String markdown = "line \"one\"\nback\\slash\ttab `code` ünïcödé";

        assertTrue(notes.post(markdown));

        List<FakeGitLab.Received> received = gitlab.received();
        assertEquals(1, received.size());
        FakeGitLab.Received request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v4/projects/77/merge_requests/12/notes", request.path());
        assertEquals("glpat-test", request.token());
        assertEquals("application/json", request.contentType());
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals(markdown, body.get("body").asText(), "the body must survive JSON escaping unchanged");
        assertEquals(1, body.size());
    }

    @Test
    void explicitTokenWinsAndMyGitlabTokenIsTheLastResort() {
        Map<String, String> env = new HashMap<>(gitlab.mergeRequestPipeline("from-env"));
        MergeRequestNotes.configure(env, null, "explicit", listener).orElseThrow().post("x");
        env.remove("GITLAB_TOKEN");
        env.put("MY_GITLAB_TOKEN", "my-token");
        MergeRequestNotes.configure(env, null, null, listener).orElseThrow().post("y");

        assertEquals(List.of("explicit", "my-token"), gitlab.received().stream().map(FakeGitLab.Received::token).toList());
    }

    @Test
    void offOutsideAMergeRequestPipelineOrWithoutToken() {
        Map<String, String> noToken = new HashMap<>(gitlab.mergeRequestPipeline("t"));
        noToken.remove("GITLAB_TOKEN");
        assertEquals(Optional.empty(), MergeRequestNotes.configure(noToken, null, null, listener));
        assertEquals(Optional.empty(), MergeRequestNotes.configure(Map.of("GITLAB_TOKEN", "t"), null, null, listener));
        assertEquals(Optional.empty(), MergeRequestNotes.configure(gitlab.mergeRequestPipeline("t"), false, null, listener));
        assertTrue(events.stream().noneMatch(e -> e.level() == Event.Level.WARN), () -> "events: " + events);
    }

    @Test
    void askedForButImpossibleIsAWarning() {
        assertEquals(Optional.empty(), MergeRequestNotes.configure(Map.of("GITLAB_TOKEN", "t"), true, null, listener));
        assertTrue(events.stream().anyMatch(e -> e.level() == Event.Level.WARN && e.message().contains("not a merge-request pipeline")),
                () -> "events: " + events);
    }

    @Test
    void rejectedNoteIsAWarningWithGitlabsAnswerButNeverTheToken() {
        gitlab.answer(401);
        MergeRequestNotes notes = MergeRequestNotes.configure(gitlab.mergeRequestPipeline("glpat-secret-value"), null, null, listener)
                .orElseThrow();

        assertFalse(notes.post("hello"));

        Event warning = events.stream().filter(e -> e.level() == Event.Level.WARN).findFirst().orElseThrow();
        assertTrue(warning.message().contains("401") && warning.message().contains("!12"), warning.message());
        assertTrue(events.stream().noneMatch(e -> e.message().contains("glpat-secret-value")), () -> "events: " + events);
    }

    @Test
    void unreachableApiIsAWarningNotAFailure() throws Exception {
        int closedPort = SandboxSwarm.freePort();
        Map<String, String> env = new HashMap<>(gitlab.mergeRequestPipeline("t"));
        env.put("CI_API_V4_URL", "http://127.0.0.1:" + closedPort + "/api/v4");
        MergeRequestNotes notes = MergeRequestNotes.configure(env, null, null, listener).orElseThrow();

        assertFalse(notes.post("hello"));

        assertTrue(events.stream().anyMatch(e -> e.level() == Event.Level.WARN && e.message().contains("unreachable")),
                () -> "events: " + events);
    }

    @Test
    void deploymentNoteNamesStackChangedServicesAndVerdict() throws Exception {
        MergeRequestNotes notes = MergeRequestNotes.configure(gitlab.mergeRequestPipeline("t"), null, null, listener).orElseThrow();

        assertTrue(notes.postDeployment("shop_prod", List.of("backend", "nginx-proxy"), false, "rolled back: backend did not converge"));

        String body = new ObjectMapper().readTree(gitlab.received().get(0).body()).get("body").asText();
        assertTrue(body.startsWith(":x: swarm-deploy: stack `shop_prod` rolled back: backend did not converge"), body);
        assertTrue(body.contains("- `backend`\n- `nginx-proxy`\n"), body);
    }
}
