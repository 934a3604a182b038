package io.github.swarmdeploy.core.gitlab;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The merge request a GitLab pipeline runs for, as its predefined variables name it.
 *
 * @param apiUrl    {@code CI_API_V4_URL}, e.g. {@code https://gitlab.example.com/api/v4} (self-hosted works)
 * @param projectId {@code CI_MERGE_REQUEST_PROJECT_ID}
 * @param iid       {@code CI_MERGE_REQUEST_IID}, the number users see ({@code !42})
 */
public record MergeRequest(URI apiUrl, String projectId, String iid) {

    public MergeRequest {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(iid, "iid");
    }

    /** Present inside a merge-request pipeline, i.e. when all three variables are set. */
    public static Optional<MergeRequest> fromEnvironment(Map<String, String> environment) {
        String api = environment.get("CI_API_V4_URL");
        String project = environment.get("CI_MERGE_REQUEST_PROJECT_ID");
        String iid = environment.get("CI_MERGE_REQUEST_IID");
        if (isBlank(api) || isBlank(project) || isBlank(iid)) {
            return Optional.empty();
        }
        return Optional.of(new MergeRequest(URI.create(api.trim().replaceAll("/+$", "")), project.trim(), iid.trim()));
    }

    /** {@code POST} here adds a note (a comment) to the merge request. */
    public URI notesUrl() {
        return URI.create(apiUrl + "/projects/" + projectId + "/merge_requests/" + iid + "/notes");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
