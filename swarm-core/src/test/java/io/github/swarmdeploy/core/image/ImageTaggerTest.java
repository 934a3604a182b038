package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.event.Event;
import io.github.swarmdeploy.core.event.EventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageTaggerTest {

    /** 23:30 UTC on the 26th is already the 27th in Berlin: the tag must take the UTC date. */
    private static final Clock LATE_EVENING_UTC = Clock.fixed(Instant.parse("2024-07-26T23:30:00Z"), ZoneId.of("Europe/Berlin"));

    @TempDir
    Path tmp;

    private final List<Event> events = new ArrayList<>();
    private final EventListener listener = events::add;

    private ImageTagger tagger(Map<String, String> environment) {
        return new ImageTagger(environment, LATE_EVENING_UTC, listener);
    }

    @Test
    void defaultTagIsUtcDateAndFirstEightHexOfHeadCommit() {
        GitFixture repo = GitFixture.init(tmp);
        repo.commit("a.txt", "one");
        String head = repo.commit("a.txt", "two");

        ImageTag tag = tagger(Map.of()).computeTag(tmp, null, null, null);

        assertEquals("20240726_" + head.substring(0, 8), tag.value());
        assertEquals(Optional.of(head), tag.commit());
        assertTrue(tag.origin().startsWith("git repository"), tag.origin());
    }

    @Test
    void theDateIsThePipelinesSoAJobRunAfterMidnightTagsLikeTheOthers() {
        // the pipeline started on the 25th; this job runs (or is retried) on the 26th
        Map<String, String> ci = Map.of("CI_COMMIT_SHA", "a5fa34c7" + "0".repeat(32),
                "CI_PIPELINE_CREATED_AT", "2024-07-25T23:59:58Z");

        assertEquals("20240725_a5fa34c7", tagger(ci).computeTag(tmp, null, null, null).value());
    }

    @Test
    void anUnreadablePipelineStartNamesTheVariable() {
        Map<String, String> ci = Map.of("CI_COMMIT_SHA", "a5fa34c7" + "0".repeat(32), "CI_PIPELINE_CREATED_AT", "yesterday");

        SwarmDeployException e = assertThrows(SwarmDeployException.class, () -> tagger(ci).computeTag(tmp, null, null, null));
        assertEquals("CI_PIPELINE_CREATED_AT='yesterday' is not a time like 2024-07-26T23:30:00Z; unset it to date the tag"
                + " by the clock", e.getMessage());
    }

    @Test
    void aTagHandedOnBySwarmTagInTheEnvironmentIsUsedAndAGivenOneWins() {
        Map<String, String> later = Map.of("SWARM_TAG", "20240725_a5fa34c7", "CI_COMMIT_SHA", "8a4f53ae" + "0".repeat(32));

        ImageTag handedOn = tagger(later).computeTag(tmp, null, null, null);
        assertEquals("20240725_a5fa34c7", handedOn.value());
        assertEquals("SWARM_TAG from the environment", handedOn.origin());
        assertEquals("release-2", tagger(later).computeTag(tmp, "release-2", null, null).value());
        SwarmDeployException e = assertThrows(SwarmDeployException.class,
                () -> tagger(Map.of("SWARM_TAG", "-bad")).computeTag(tmp, null, null, null));
        assertTrue(e.getMessage().startsWith("SWARM_TAG='-bad' is not a valid image tag"), e.getMessage());
    }

    @Test
    void commitIsFoundFromASubdirectoryOfTheWorkTree() throws Exception {
        GitFixture repo = GitFixture.init(tmp);
        String head = repo.commit("backend/Dockerfile", "FROM scratch\n");

        ImageTag tag = tagger(Map.of()).computeTag(tmp.resolve("backend"), null, "{sha}", null);

        assertEquals(head, tag.value());
    }

    @Test
    void packedRefsAreReadWhenTheBranchHasNoLooseRef() {
        GitFixture repo = GitFixture.init(tmp);
        String head = repo.commit("a.txt", "one");
        repo.git("pack-refs", "--all", "--prune");
        assertTrue(Files.notExists(tmp.resolve(".git/refs/heads/main")), "the fixture should have packed the ref");

        assertEquals(head, tagger(Map.of()).computeTag(tmp, null, "{sha}", null).value());
    }

    @Test
    void detachedHeadGivesItsCommit() {
        GitFixture repo = GitFixture.init(tmp);
        String first = repo.commit("a.txt", "one");
        repo.commit("a.txt", "two");
        repo.git("checkout", "-q", "--detach", first);

        assertEquals(first.substring(0, 8), tagger(Map.of()).computeTag(tmp, null, "{sha8}", null).value());
    }

    @Test
    void linkedWorktreeWithGitdirFileIsFollowedToItsOwnHead() {
        GitFixture repo = GitFixture.init(tmp.resolve("main"));
        repo.commit("a.txt", "one");
        repo.git("branch", "feature/login");
        Path worktree = tmp.resolve("wt");
        repo.git("worktree", "add", "-q", worktree.toString(), "feature/login");
        GitFixture linked = GitFixture.existing(worktree);
        String featureHead = linked.commit("b.txt", "feature work");
        assertTrue(Files.isRegularFile(worktree.resolve(".git")), ".git of a linked worktree is a file");

        ImageTag tag = tagger(Map.of()).computeTag(worktree, null, "{branch}-{sha}", null);

        assertEquals("feature-login-" + featureHead, tag.value());
    }

    @Test
    void gitlabCommitVariableWinsOverTheRepository() {
        GitFixture repo = GitFixture.init(tmp);
        repo.commit("a.txt", "one");
        String ciCommit = "a5fa34c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6";

        ImageTag tag = tagger(Map.of("CI_COMMIT_SHA", ciCommit, "GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"))
                .computeTag(tmp, null, null, null);

        assertEquals("20240726_a5fa34c7", tag.value());
        assertEquals("CI_COMMIT_SHA", tag.origin());
    }

    @Test
    void githubCommitVariableWorksWithoutAnyRepository() {
        ImageTag tag = tagger(Map.of("GITHUB_SHA", "0123456789ABCDEF0123456789abcdef01234567", "GITHUB_REF_NAME", "main"))
                .computeTag(tmp, null, "{branch}.{sha8}", null);

        assertEquals("main.01234567", tag.value());
        assertEquals("GITHUB_SHA", tag.origin());
    }

    @Test
    void explicitTagWinsOverEverything() {
        ImageTag tag = tagger(Map.of("CI_COMMIT_SHA", "a5fa34c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6"))
                .computeTag(tmp, " release-1.4 ", "{sha}", "1.0");

        assertEquals("release-1.4", tag.value());
        assertEquals("given explicitly", tag.origin());
    }

    @Test
    void customFormatFillsEveryPlaceholder() {
        String sha = "a5fa34c7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6";
        ImageTag tag = tagger(Map.of("CI_COMMIT_SHA", sha, "CI_COMMIT_REF_NAME", "feature/JIRA-12"))
                .computeTag(tmp, null, "v{version}-{branch}-{date}-{sha8}", "2.3.0-SNAPSHOT");

        assertEquals("v2.3.0-SNAPSHOT-feature-JIRA-12-20240726-a5fa34c7", tag.value());
    }

    @Test
    void unknownPlaceholderIsRejectedNamingTheKnownOnes() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () ->
                tagger(Map.of("CI_COMMIT_SHA", "a5fa34c7d1e2f3a4")).computeTag(tmp, null, "{date}_{commit}", null));

        assertTrue(e.getMessage().contains("unknown placeholder {commit}"), e.getMessage());
        assertTrue(e.getMessage().contains("{sha8}"), e.getMessage());
    }

    @Test
    void noCommitAnywhereIsAnErrorThatSaysWhatToDo() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () ->
                tagger(Map.of()).computeTag(tmp, null, null, null));

        assertTrue(e.getMessage().contains("CI_COMMIT_SHA"), e.getMessage());
        assertTrue(e.getMessage().contains("give a tag explicitly (ImageRelease.tag(explicitTag))"), e.getMessage());
    }

    @Test
    void formatWithoutCommitNeedsNoRepository() {
        ImageTag tag = tagger(Map.of()).computeTag(tmp, null, "nightly-{date}", null);
        assertEquals("nightly-20240726", tag.value());
        assertEquals("format 'nightly-{date}' without a commit", tag.origin());
    }

    @Test
    void invalidResultingTagIsRejected() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () ->
                tagger(Map.of()).computeTag(tmp, "-bad:tag", null, null));
        assertTrue(e.getMessage().contains("not a valid image tag"), e.getMessage());
    }

    @Test
    void malformedCommitVariableIsNamed() {
        SwarmDeployException e = assertThrows(SwarmDeployException.class, () ->
                tagger(Map.of("CI_COMMIT_SHA", "$CI_COMMIT_SHA")).computeTag(tmp, null, null, null));
        assertTrue(e.getMessage().startsWith("CI_COMMIT_SHA="), e.getMessage());
    }

    @Test
    void uncommittedChangesGiveAWarningNamingThem() {
        GitFixture repo = GitFixture.init(tmp);
        repo.commit("a.txt", "one");
        repo.write("a.txt", "edited");

        tagger(Map.of()).computeTag(tmp, null, null, null);

        List<String> warnings = events.stream().filter(e -> e.level() == Event.Level.WARN).map(Event::message).toList();
        assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
        assertTrue(warnings.get(0).contains("uncommitted") && warnings.get(0).contains("a.txt"), warnings.get(0));
    }

    @Test
    void theToolsOwnOutputFilesInABuildDirectoryThatIsNotIgnoredAreNoUncommittedChange() {
        committedRepoWithUntracked("target/swarm/tag", "target/swarm/images.json", "build/build_version.tmp");
        List<Path> ownOutputs = List.of(tmp.resolve("target/swarm/tag"), tmp.resolve("target/swarm/images.json"),
                tmp.resolve("build/build_version.tmp"), tmp.resolve("target/swarm/deploy-report.json"));

        tagger(Map.of()).ignoringOwnOutputs(ownOutputs).computeTag(tmp, null, null, null);

        assertTrue(events.stream().noneMatch(e -> e.level() == Event.Level.WARN), () -> "events: " + events);
    }

    @Test
    void otherFilesNextToTheToolsOwnOutputsStillCount() {
        committedRepoWithUntracked("target/swarm/tag", "target/swarm/notes.txt");

        tagger(Map.of()).ignoringOwnOutputs(List.of(tmp.resolve("target/swarm/tag"), Path.of("/elsewhere/tag")))
                .computeTag(tmp, null, null, null);

        List<String> warnings = events.stream().filter(e -> e.level() == Event.Level.WARN).map(Event::message).toList();
        assertEquals(1, warnings.size(), () -> "warnings: " + warnings);
        // git names the untracked directory that holds it
        assertTrue(warnings.get(0).contains("1 uncommitted change(s) (target/)"), warnings.get(0));
    }

    private void committedRepoWithUntracked(String... files) {
        GitFixture repo = GitFixture.init(tmp);
        repo.commit("a.txt", "one");
        for (String file : files) {
            repo.write(file, "written by a build");
        }
    }

    @Test
    void cleanTreeGivesNoWarning() {
        GitFixture repo = GitFixture.init(tmp);
        repo.commit("a.txt", "one");

        tagger(Map.of()).computeTag(tmp, null, null, null);

        assertTrue(events.stream().noneMatch(e -> e.level() == Event.Level.WARN), () -> "events: " + events);
    }
}
