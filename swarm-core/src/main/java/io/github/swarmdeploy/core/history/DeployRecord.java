package io.github.swarmdeploy.core.history;

import io.github.swarmdeploy.core.plan.Change;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One entry of a stack's deploy history ({@link DeployHistory}): a deploy, a rollback or a removal, what it changed,
 * what each service runs after it (image and digest), where it came from, how it ended, and, sealed, the service
 * specs it applied, which {@code swarm:rollback} returns to.
 *
 * <p>What is readable without the stack's key is what a deploy prints anyway: names, actions, the compose names of
 * changed fields, images, config and secret names, the CI job. Specs (environment values, commands, driver
 * options: anything a CI log must not show) are only in {@link #specs()}, which a record stores sealed. No record
 * holds a secret's value: specs name secrets, the swarm keeps their values.
 *
 * @param sequence     1 for the stack's first record, then one more than the newest (under the stack's lock)
 * @param outcome      {@link Outcome#RUNNING} until the deploy finishes (also when it was interrupted)
 * @param finishedAt   when it finished, once it did
 * @param failure      the first line of why it failed, "" when it did not
 * @param returnedTo   for a rollback, the record whose specs it applied
 * @param counts       the plan's summary
 * @param services     every service the plan names, in plan order
 * @param specs        the stack's services and networks as the deploy left them (as planned, for one that failed);
 *                     empty for a removal, a record too large to hold them, or one whose seal cannot be opened
 * @param specsMissing why {@code specs} is empty, "" when it is not
 */
public record DeployRecord(String stack, long sequence, Kind kind, Instant startedAt, Outcome outcome,
                           Optional<Instant> finishedAt, String failure, OptionalLong returnedTo, DeployOrigin origin,
                           Counts counts, List<ServiceEntry> services, Optional<AppliedStack> specs,
                           String specsMissing) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public DeployRecord {
        Objects.requireNonNull(stack, "stack");
        if (sequence < 1) {
            throw new IllegalArgumentException("a record's sequence number starts at 1, was " + sequence);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(returnedTo, "returnedTo");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(counts, "counts");
        services = List.copyOf(services);
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(specsMissing, "specsMissing");
    }

    /** What kind of step a record is. */
    public enum Kind {
        DEPLOY, ROLLBACK, REMOVE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }
    }

    /** How the step ended; a record is written before the first change, as {@link #RUNNING}. */
    public enum Outcome {
        RUNNING("running or interrupted"), SUCCEEDED("succeeded"), FAILED("failed");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        /** The label value. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** For people. */
        public String text() {
            return text;
        }

        static Outcome of(String word) {
            for (Outcome outcome : values()) {
                if (outcome.word().equals(word)) {
                    return outcome;
                }
            }
            return RUNNING;
        }
    }

    /** The plan's summary: objects (networks, secrets, configs, services) created, updated, removed, unchanged. */
    public record Counts(long created, long updated, long removed, long unchanged) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);

        public String describe() {
            return created + " created, " + updated + " updated, " + removed + " removed, " + unchanged + " unchanged";
        }
    }

    /**
     * One service of the plan.
     *
     * @param action       what the step did to it
     * @param fields       for an update, the compose names of the fields that changed (values are never kept here)
     * @param image        the image it runs after the step (pinned to a digest when the registry told one); "" for a
     *                     removed one
     * @param configs      the configs its spec uses, by name
     * @param secrets      the secrets its spec uses, by name
     * @param promotedFrom the stack whose digest it was promoted from, or the images
     *                     file
     */
    public record ServiceEntry(String name, Change.Action action, List<String> fields, String image,
                               List<String> configs, List<String> secrets, Optional<String> promotedFrom) {

        public ServiceEntry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(action, "action");
            fields = List.copyOf(fields);
            Objects.requireNonNull(image, "image");
            configs = List.copyOf(configs);
            secrets = List.copyOf(secrets);
            Objects.requireNonNull(promotedFrom, "promotedFrom");
        }

        public boolean isChanged() {
            return action == Change.Action.CREATE || action == Change.Action.UPDATE || action == Change.Action.REMOVE;
        }
    }

    /** Whether it ended well: the state it left is one to return to. */
    public boolean isSuccess() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** A successful deploy or rollback whose specs can be read: what {@code swarm:rollback} can return to. */
    public boolean canBeReturnedTo() {
        return kind != Kind.REMOVE && specs.isPresent();
    }

    /** The record with the outcome it finished with. */
    public DeployRecord finished(Outcome value, Instant at, String why) {
        return new DeployRecord(stack, sequence, kind, startedAt, value, Optional.of(at), why, returnedTo, origin,
                counts, services, specs, specsMissing);
    }

    /** The same record without its specs, saying why. */
    public DeployRecord withoutSpecs(String why) {
        return new DeployRecord(stack, sequence, kind, startedAt, outcome, finishedAt, failure, returnedTo, origin,
                counts, services, Optional.empty(), why);
    }

    /**
     * One line for people, newest first in a listing:
     * {@code #3  2024-07-17 09:12:44Z  deploy  succeeded  ~web +worker  app:20240717_8a4f53ae  commit 8a4f53ae (main) by alice}.
     */
    public String render() {
        List<String> parts = new ArrayList<>();
        parts.add("#" + sequence);
        parts.add(TIME.format(startedAt.truncatedTo(ChronoUnit.SECONDS)));
        parts.add(kind.word() + returnedTo.stream().mapToObj(n -> " to #" + n).findFirst().orElse(""));
        parts.add(outcome.text() + (failure.isEmpty() ? "" : ": " + failure));
        List<String> changed = services.stream().filter(ServiceEntry::isChanged)
                .map(service -> service.action().symbol() + shortName(service.name())).toList();
        parts.add(changed.isEmpty() ? (kind == Kind.REMOVE ? "stack removed" : "no service changed")
                : String.join(" ", changed));
        Set<String> images = new LinkedHashSet<>();
        services.stream().filter(service -> service.isChanged() && !service.image().isEmpty())
                .forEach(service -> images.add(shortImage(service.image())
                        + service.promotedFrom().map(from -> " (promoted from " + from + ")").orElse("")));
        if (!images.isEmpty()) {
            parts.add(String.join(" ", images));
        }
        String origin = this.origin.describe();
        if (!origin.isEmpty()) {
            parts.add(origin);
        }
        return String.join("  ", parts);
    }

    /** The service's name within the stack ({@code web} for {@code shop_prod_web}). */
    public String shortName(String service) {
        return shortName(stack, service);
    }

    /** The service's name within {@code stack} ({@code web} for {@code shop_prod_web}). */
    public static String shortName(String stack, String service) {
        return service.startsWith(stack + "_") ? service.substring(stack.length() + 1) : service;
    }

    /** {@code app:v2} for {@code registry:5000/team/app:v2@sha256:…}: what a person recognises. */
    static String shortImage(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        return withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
    }
}
