package io.github.swarmdeploy.core.image;

import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.SwarmDeployException;
import io.github.swarmdeploy.core.event.EventListener;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes the image tag of a build: an explicit tag wins, then {@code SWARM_TAG} from the environment (the tag an
 * earlier job of the pipeline handed on); otherwise a format (default {@value #DEFAULT_FORMAT}) filled from the
 * commit, the UTC date (of {@value #PIPELINE_CREATED_AT} when set, so that every job of a pipeline gets the same
 * one), the branch and the project version.
 *
 * <p>The commit comes from {@code CI_COMMIT_SHA} (GitLab) or {@code GITHUB_SHA} (GitHub Actions), else
 * from the git repository containing the base directory, read without a git binary. When that
 * repository has uncommitted changes (checked with {@code git status --porcelain} if git is installed)
 * a warning says so: the image would not match its commit.
 */
public final class ImageTagger {

    public static final String DEFAULT_FORMAT = "{date}_{sha8}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final List<String> PLACEHOLDERS = List.of("date", "sha8", "sha", "version", "branch");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{8,64}");
    /** Docker's rule for a tag. */
    private static final Pattern VALID_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final List<String> COMMIT_VARIABLES = List.of("CI_COMMIT_SHA", "GITHUB_SHA");
    private static final List<String> BRANCH_VARIABLES =
            List.of("CI_COMMIT_BRANCH", "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_REF_NAME",
                    "GITHUB_HEAD_REF", "GITHUB_REF_NAME");
    /** GitLab's start time of the pipeline (ISO 8601), e.g. {@code 2024-07-26T23:30:00Z}. */
    public static final String PIPELINE_CREATED_AT = "CI_PIPELINE_CREATED_AT";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Map<String, String> environment;
    private final Clock clock;
    private final EventListener events;
    private final List<Path> ownOutputs;

    /**
     * @param environment the process environment (CI variables)
     * @param clock       gives the date of {@code {date}}, taken in UTC
     */
    public ImageTagger(Map<String, String> environment, Clock clock, EventListener events) {
        this(environment, clock, events, List.of());
    }

    private ImageTagger(Map<String, String> environment, Clock clock, EventListener events, List<Path> ownOutputs) {
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.events = events;
        this.ownOutputs = List.copyOf(ownOutputs);
    }

    /**
     * The same tagger, whose check for uncommitted changes does not count these files: what the caller writes
     * itself (the tag file, images.json, ...), which would otherwise make every second run warn when the build
     * directory is not git-ignored.
     */
    public ImageTagger ignoringOwnOutputs(Collection<Path> files) {
        return new ImageTagger(environment, clock, events, List.copyOf(files));
    }

    /**
     * @param baseDirectory where to look for a git repository when no CI variable names the commit
     * @param explicitTag   wins when not blank
     * @param format        placeholders {@code {date} {sha8} {sha} {version} {branch}}; blank = default
     * @param version       the project version for {@code {version}}, may be null
     */
    public ImageTag computeTag(Path baseDirectory, String explicitTag, String format, String version) {
        if (explicitTag != null && !explicitTag.isBlank()) {
            String tag = explicitTag.trim();
            requireValid(tag, "the given tag '" + tag + "'");
            return new ImageTag(tag, "given explicitly", Optional.empty());
        }
        String handedOn = environment.get(ImageTag.VARIABLE);
        if (handedOn != null && !handedOn.isBlank()) {
            // an earlier job's dotenv report (SWARM_TAG=<tag>), passed on: every job of the pipeline, a retried one
            // too, uses the tag that job computed
            String tag = handedOn.trim();
            requireValid(tag, ImageTag.VARIABLE + "='" + tag + "'");
            return new ImageTag(tag, ImageTag.VARIABLE + " from the environment", Optional.empty());
        }
        String pattern = format == null || format.isBlank() ? DEFAULT_FORMAT : format.trim();
        Map<String, Supplier<String>> values = new LinkedHashMap<>();
        Source source = new Source(baseDirectory, "format '" + pattern + "' without a commit");
        values.put("date", () -> DATE.format(pipelineStart().orElseGet(clock::instant)));
        values.put("sha", () -> source.commit());
        values.put("sha8", () -> source.commit().substring(0, 8));
        values.put("branch", () -> sanitise(source.branch()
                .orElseThrow(() -> new SwarmDeployException("tag format '" + pattern + "' uses {branch} but the branch "
                        + "is unknown (detached HEAD and none of " + String.join(", ", BRANCH_VARIABLES) + " set)"))));
        values.put("version", () -> {
            if (version == null || version.isBlank()) {
                throw new SwarmDeployException("tag format '" + pattern + "' uses {version} but there is no project version");
            }
            return sanitise(version);
        });

        Matcher matcher = PLACEHOLDER.matcher(pattern);
        StringBuilder tag = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw new SwarmDeployException("tag format '" + pattern + "': unknown placeholder {" + name
                        + "} (known: {date}, {sha8}, {sha}, {version}, {branch})");
            }
            matcher.appendReplacement(tag, Matcher.quoteReplacement(values.get(name).get()));
        }
        matcher.appendTail(tag);
        String value = tag.toString();
        requireValid(value, "tag format '" + pattern + "' gives '" + value + "', which");
        return new ImageTag(value, source.origin(), source.resolvedCommit());
    }

    /**
     * When the CI pipeline started ({@value #PIPELINE_CREATED_AT}): the date of the tag is the pipeline's, the same
     * in each of its jobs, also in one that runs or is retried after midnight.
     */
    private Optional<Instant> pipelineStart() {
        String value = environment.get(PIPELINE_CREATED_AT);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            throw new SwarmDeployException(PIPELINE_CREATED_AT + "='" + value + "' is not a time like 2024-07-26T23:30:00Z;"
                    + " unset it to date the tag by the clock");
        }
    }

    private static void requireValid(String tag, String what) {
        if (!VALID_TAG.matcher(tag).matches()) {
            throw new SwarmDeployException(what + " is not a valid image tag: up to 128 letters, digits, '_', '.'"
                    + " and '-', not starting with '.' or '-'");
        }
    }

    /** Branch names and versions may hold characters a tag cannot ({@code feature/x}): those become '-'. */
    static String sanitise(String value) {
        return value.replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    /** Looks the commit up only when the format needs it, once. */
    private final class Source {
        private final Path baseDirectory;
        private String commit;
        private String origin;
        private Optional<String> branch = Optional.empty();
        private boolean resolved;

        Source(Path baseDirectory, String originWithoutCommit) {
            this.baseDirectory = baseDirectory;
            this.origin = originWithoutCommit;
        }

        String commit() {
            resolve();
            if (commit == null) {
                throw new SwarmDeployException("cannot tell the commit to tag: none of " + String.join(", ", COMMIT_VARIABLES)
                        + " is set and " + baseDirectory + " is not inside a git repository with a commit;"
                        + " give a tag explicitly (" + Option.TAG + ") or a format without {sha}/{sha8}");
            }
            return commit;
        }

        Optional<String> branch() {
            resolve();
            return branch;
        }

        Optional<String> resolvedCommit() {
            return Optional.ofNullable(commit);
        }

        String origin() {
            return origin;
        }

        private void resolve() {
            if (resolved) {
                return;
            }
            resolved = true;
            Optional<GitRepository> repository = GitRepository.containing(baseDirectory);
            Optional<GitRepository.Head> head = repository.map(GitRepository::readHead);
            for (String variable : COMMIT_VARIABLES) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    if (!COMMIT.matcher(value.trim()).matches()) {
                        throw new SwarmDeployException(variable + "='" + value + "' is not a commit id (8 to 64 hex digits)");
                    }
                    commit = value.trim().toLowerCase(Locale.ROOT);
                    origin = variable;
                    break;
                }
            }
            if (commit == null && head.isPresent() && head.get().commit().isPresent()) {
                commit = head.get().commit().get();
                origin = "git repository " + repository.get().workTree();
            }
            branch = BRANCH_VARIABLES.stream()
                    .map(environment::get)
                    .filter(value -> value != null && !value.isBlank())
                    .findFirst()
                    .or(() -> head.flatMap(GitRepository.Head::branch));
            repository.ifPresent(this::warnWhenDirty);
        }

        private void warnWhenDirty(GitRepository repository) {
            Optional<List<String>> changes = repository.fetchUncommittedChanges(ownOutputs);
            if (changes.isEmpty()) {
                events.debug("Not checking " + repository.workTree() + " for uncommitted changes: the git binary is not available");
            } else if (!changes.get().isEmpty()) {
                List<String> paths = changes.get();
                String shown = String.join(", ", paths.subList(0, Math.min(5, paths.size())))
                        + (paths.size() > 5 ? ", ..." : "");
                events.warn("The working tree " + repository.workTree() + " has " + paths.size()
                        + " uncommitted change(s) (" + shown + "): images built now may not match commit "
                        + (commit == null ? "HEAD" : commit.substring(0, Math.min(8, commit.length()))));
            }
        }
    }
}
