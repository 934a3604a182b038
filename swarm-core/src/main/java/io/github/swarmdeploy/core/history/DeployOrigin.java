package io.github.swarmdeploy.core.history;

import io.github.swarmdeploy.core.image.ImageTag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a deploy came from, as far as the CI job (or the machine) tells: commit, branch or tag, the image tag of
 * the build, the job's URL and who started it. Read from the environment map the front-end passes in (never from
 * {@code System.getenv} here), and only from the variables named below: nothing else of the environment (tokens,
 * passwords) ever reaches a record. Every value is one line of at most {@value #MAX_LENGTH} characters.
 *
 * @param commit   {@code CI_COMMIT_SHA}, {@code GITHUB_SHA}
 * @param ref      the branch: {@code CI_COMMIT_REF_NAME}, {@code GITHUB_REF_NAME}
 * @param gitTag   {@code CI_COMMIT_TAG}, or {@code GITHUB_REF_NAME} when {@code GITHUB_REF_TYPE} is {@code tag}
 * @param imageTag {@code SWARM_TAG}: the tag {@code swarm:tag} computed for the build's images
 * @param jobUrl   {@code CI_JOB_URL}, or GitHub's run URL
 * @param user     {@code GITLAB_USER_LOGIN}, {@code GITHUB_ACTOR}, else the local {@code USER}/{@code USERNAME}
 */
public record DeployOrigin(Optional<String> commit, Optional<String> ref, Optional<String> gitTag,
                           Optional<String> imageTag, Optional<String> jobUrl, Optional<String> user) {

    static final int MAX_LENGTH = 200;

    public static final DeployOrigin UNKNOWN = new DeployOrigin(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public DeployOrigin {
        commit = clean(commit);
        ref = clean(ref);
        gitTag = clean(gitTag);
        imageTag = clean(imageTag);
        jobUrl = clean(jobUrl);
        user = clean(user);
    }

    /** What the environment of a CI job (GitLab, GitHub Actions) or a shell tells about this deploy. */
    public static DeployOrigin fromEnvironment(Map<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        boolean githubTag = "tag".equals(environment.get("GITHUB_REF_TYPE"));
        Optional<String> githubRun = first(environment, "GITHUB_RUN_ID").flatMap(run -> first(environment,
                "GITHUB_SERVER_URL").flatMap(server -> first(environment, "GITHUB_REPOSITORY")
                .map(repository -> server + "/" + repository + "/actions/runs/" + run)));
        return new DeployOrigin(
                first(environment, "CI_COMMIT_SHA", "GITHUB_SHA"),
                first(environment, "CI_COMMIT_REF_NAME").or(() -> githubTag ? Optional.empty()
                        : first(environment, "GITHUB_REF_NAME")),
                first(environment, "CI_COMMIT_TAG").or(() -> githubTag ? first(environment, "GITHUB_REF_NAME")
                        : Optional.empty()),
                first(environment, ImageTag.VARIABLE),
                first(environment, "CI_JOB_URL").or(() -> githubRun),
                first(environment, "GITLAB_USER_LOGIN", "GITHUB_ACTOR", "USER", "USERNAME"));
    }

    /** The fields that are known, by their record names, for the record and its JSON. */
    public Map<String, String> asMap() {
        Map<String, String> fields = new LinkedHashMap<>();
        commit.ifPresent(value -> fields.put("commit", value));
        ref.ifPresent(value -> fields.put("ref", value));
        gitTag.ifPresent(value -> fields.put("gitTag", value));
        imageTag.ifPresent(value -> fields.put("imageTag", value));
        jobUrl.ifPresent(value -> fields.put("jobUrl", value));
        user.ifPresent(value -> fields.put("user", value));
        return fields;
    }

    /** The inverse of {@link #asMap()}; unknown names are ignored. */
    public static DeployOrigin fromMap(Map<String, String> fields) {
        return new DeployOrigin(Optional.ofNullable(fields.get("commit")), Optional.ofNullable(fields.get("ref")),
                Optional.ofNullable(fields.get("gitTag")), Optional.ofNullable(fields.get("imageTag")),
                Optional.ofNullable(fields.get("jobUrl")), Optional.ofNullable(fields.get("user")));
    }

    /** {@code commit 8a4f53ae (main) by alice}, the parts that are known; "" when none is. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        commit.ifPresent(value -> text.append("commit ").append(value, 0, Math.min(8, value.length())));
        gitTag.or(() -> ref).ifPresent(value -> text.append(text.isEmpty() ? "" : " ").append("(").append(value).append(")"));
        user.ifPresent(value -> text.append(text.isEmpty() ? "" : " ").append("by ").append(value));
        return text.toString();
    }

    private static Optional<String> first(Map<String, String> environment, String... names) {
        for (String name : List.of(names)) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> clean(Optional<String> value) {
        return Objects.requireNonNull(value, "origin field").map(DeployOrigin::oneLine).filter(text -> !text.isEmpty());
    }

    private static String oneLine(String text) {
        return oneLine(text, MAX_LENGTH);
    }

    /** {@code text} on one line (control characters as spaces), cut to {@code max} characters with an ellipsis. */
    static String oneLine(String text, int max) {
        String line = text.strip().replaceAll("\\p{Cntrl}+", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
