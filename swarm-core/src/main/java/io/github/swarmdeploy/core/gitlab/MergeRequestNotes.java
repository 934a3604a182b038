package io.github.swarmdeploy.core.gitlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.event.EventListener;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts notes (comments) to the merge request of the running GitLab pipeline. A note that cannot be
 * posted is a warning, never a failure: the build or deployment it reports on has already happened.
 *
 * <p>Configured with {@link #configure}: on by default inside a merge-request pipeline when a token is
 * present; the token comes from the caller, else {@code GITLAB_TOKEN},
 * else {@code MY_GITLAB_TOKEN}, and is sent as {@code PRIVATE-TOKEN}.
 */
public final class MergeRequestNotes {

    private static final List<String> TOKEN_VARIABLES = List.of("GITLAB_TOKEN", "MY_GITLAB_TOKEN");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final MergeRequest mergeRequest;
    private final String token;
    private final EventListener events;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public MergeRequestNotes(MergeRequest mergeRequest, String token, EventListener events) {
        this.mergeRequest = Objects.requireNonNull(mergeRequest, "mergeRequest");
        this.token = Objects.requireNonNull(token, "token");
        this.events = Objects.requireNonNull(events, "events");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * Notes for this pipeline's merge request, or empty when notes are off.
     *
     * @param enabled       {@code null}: on when inside a merge-request pipeline with a token;
     *                      {@code true}: on, with a warning when the merge request or the token is missing;
     *                      {@code false}: off
     * @param explicitToken wins over the environment's token variables; may be null
     */
    public static Optional<MergeRequestNotes> configure(Map<String, String> environment, Boolean enabled,
                                                        String explicitToken, EventListener events) {
        if (Boolean.FALSE.equals(enabled)) {
            return Optional.empty();
        }
        Optional<MergeRequest> mergeRequest = MergeRequest.fromEnvironment(environment);
        Optional<String> token = Optional.ofNullable(explicitToken).filter(value -> !value.isBlank())
                .or(() -> TOKEN_VARIABLES.stream().map(environment::get)
                        .filter(value -> value != null && !value.isBlank()).findFirst());
        if (mergeRequest.isPresent() && token.isPresent()) {
            return Optional.of(new MergeRequestNotes(mergeRequest.get(), token.get(), events));
        }
        if (Boolean.TRUE.equals(enabled)) {
            events.warn("Not posting a merge request note: " + (mergeRequest.isEmpty()
                    ? "this is not a merge-request pipeline (CI_API_V4_URL, CI_MERGE_REQUEST_PROJECT_ID, CI_MERGE_REQUEST_IID)"
                    : "no GitLab token (" + Option.GITLAB_TOKEN + ", GITLAB_TOKEN or MY_GITLAB_TOKEN)"));
        } else if (mergeRequest.isPresent()) {
            events.debug("Not posting a merge request note: no GitLab token (GITLAB_TOKEN or MY_GITLAB_TOKEN)");
        }
        return Optional.empty();
    }

    public MergeRequest mergeRequest() {
        return mergeRequest;
    }

    /**
     * Posts a note with this Markdown body; true when GitLab accepted it. Failures become warnings that
     * name the merge request and GitLab's answer.
     */
    public boolean post(String markdown) {
        String where = "merge request !" + mergeRequest.iid() + " at " + mergeRequest.apiUrl();
        try {
            byte[] body = json.writeValueAsBytes(Map.of("body", markdown));
            HttpRequest request = HttpRequest.newBuilder(mergeRequest.notesUrl())
                    .timeout(TIMEOUT)
                    .header("PRIVATE-TOKEN", token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                events.info("Posted a note to " + where);
                return true;
            }
            events.warn("Could not post a note to " + where + ": GitLab answered " + response.statusCode()
                    + " " + gitlabMessage(response.body()));
        } catch (IOException e) {
            events.warn("Could not post a note to " + where + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.warn("Could not post a note to " + where + ": interrupted");
        } catch (IllegalArgumentException e) {
            events.warn("Could not post a note to " + where + ": " + e.getMessage());
        }
        return false;
    }

    /**
     * Posts the outcome of a deployment: the stack, the services that changed, and the verdict
     * (e.g. {@code "deployed"}, {@code "rolled back: backend did not converge"}).
     */
    public boolean postDeployment(String stack, List<String> changedServices, boolean succeeded, String verdict) {
        return post(deploymentNote(stack, changedServices, succeeded, verdict));
    }

    /** The Markdown {@link #postDeployment} sends. */
    public static String deploymentNote(String stack, List<String> changedServices, boolean succeeded, String verdict) {
        StringBuilder note = new StringBuilder()
                .append(succeeded ? ":white_check_mark:" : ":x:")
                .append(" swarm-deploy: stack `").append(stack).append("` ").append(verdict).append('\n');
        if (changedServices.isEmpty()) {
            note.append("\nNo service changed.\n");
        } else {
            note.append('\n');
            changedServices.forEach(service -> note.append("- `").append(service).append("`\n"));
        }
        return note.toString();
    }

    private String gitlabMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.has("message")) {
                return node.get("message").toString();
            }
            if (node != null && node.has("error")) {
                return node.get("error").asText();
            }
        } catch (IOException ignored) {
            // not JSON
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            message = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getClass().getSimpleName();
        }
        return "GitLab is unreachable (" + message + ")";
    }
}
