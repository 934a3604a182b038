package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.OptionValues;
import io.github.swarmdeploy.core.convert.CreateRequests;
import io.github.swarmdeploy.core.engine.EngineException;
import io.github.swarmdeploy.core.engine.Filters;
import io.github.swarmdeploy.core.engine.SwarmApi;
import io.github.swarmdeploy.core.engine.SwarmDataObject;
import io.github.swarmdeploy.core.event.EventListener;
import io.github.swarmdeploy.core.naming.StackLabels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A stack's deploy history, kept in the swarm itself (raft-replicated, the same for every manager, surviving the CI
 * runner): one config per record ({@link RecordCodec}). Written under the stack's lock: the next sequence number is
 * one more than the newest record's, and Swarm's refusal of a second config of the same name guards it even against
 * a deploy that lost its lock. Bounded: after each record, the oldest beyond {@code keep} are removed. Records are
 * the stack's bookkeeping ({@link StackLabels#isBookkeeping}): a deploy does not plan them, prune does not count or
 * remove them, and they outlive {@code swarm:remove}.
 */
public final class DeployHistory {

    /** How many records stay unless told otherwise. */
    public static final int DEFAULT_KEEP = 20;
    private static final int CREATE_ATTEMPTS = 5;

    private final SwarmApi engine;
    private final String stack;
    private final EventListener events;

    public DeployHistory(SwarmApi engine, String stack, EventListener events) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.stack = Objects.requireNonNull(stack, "stack");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Every record of the stack, newest first. A record that cannot be read is left out with a warning naming it;
     * without the seal (or with one that does not open them), records come without their specs, saying why.
     */
    public List<DeployRecord> fetchRecords(Optional<HistorySeal> seal) {
        List<DeployRecord> records = new ArrayList<>();
        for (SwarmDataObject config : fetchConfigs()) {
            try {
                records.add(RecordCodec.decode(stack, config.labels(), config.data(), seal));
            } catch (IllegalArgumentException e) {
                events.warn("config " + config.name() + " of the history of stack " + stack + " cannot be read ("
                        + e.getMessage() + "); it is left out");
            }
        }
        records.sort(Comparator.comparingLong(DeployRecord::sequence).reversed());
        return records;
    }

    /** The sequence number the next record gets: one more than the newest's (labels only, nothing is decoded). */
    public long nextSequence() {
        return fetchConfigs().stream().map(config -> RecordCodec.sequenceOf(config.labels()))
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).max().orElse(0) + 1;
    }

    /**
     * Writes a record as it starts ({@link DeployRecord.Outcome#RUNNING}), at {@code record.sequence()} or, should a
     * record of that number exist (written by a deploy that lost its lock), the next free one.
     *
     * @return the record as written (its sequence number, without specs when they did not fit)
     * @throws EngineException when the engine refuses it
     */
    public Written start(DeployRecord record, Optional<HistorySeal> seal) {
        DeployRecord candidate = record;
        for (int attempt = 1; ; attempt++) {
            RecordCodec.Encoded encoded = RecordCodec.encode(candidate, seal);
            String name = RecordCodec.configName(stack, candidate.sequence());
            try {
                String id = engine.createConfig(CreateRequests.config(name, RecordCodec.labels(encoded.record()),
                        encoded.data()));
                if (encoded.record().specs().isEmpty() && record.specs().isPresent()) {
                    events.warn("deploy record #" + candidate.sequence() + " of stack " + stack + " holds no specs: "
                            + encoded.record().specsMissing() + "; StackDeployment.rollback cannot return to this deploy");
                }
                return new Written(id, name, encoded.record());
            } catch (EngineException e) {
                if (!e.isConflict() || attempt == CREATE_ATTEMPTS) {
                    throw e;
                }
                candidate = renumbered(candidate, Math.max(nextSequence(), candidate.sequence() + 1));
            }
        }
    }

    /** A record written to the swarm: its config, and the record as kept. */
    public record Written(String configId, String configName, DeployRecord record) {
    }

    /**
     * Sets how the step ended on its record, then removes the records beyond {@code keep}. Never throws: a record
     * that cannot be finished stays "running or interrupted", which is what it looks like to whoever reads it.
     */
    public DeployRecord finish(Written written, DeployRecord.Outcome outcome, Instant at, String failure, int keep) {
        DeployRecord finished = written.record().finished(outcome, at, failure.isEmpty() ? "" : RecordCodec.failureText(failure));
        try {
            SwarmDataObject config = engine.fetchConfig(written.configId()).orElseThrow(() ->
                    new IllegalStateException("config " + written.configName() + " is gone"));
            ObjectNode spec = config.spec().deepCopy();
            spec.remove("Data");
            ObjectNode labels = spec.putObject("Labels");
            RecordCodec.labels(finished).forEach(labels::put);
            engine.updateConfig(config.id(), config.version(), spec);
        } catch (RuntimeException e) {
            events.warn("could not record how deploy #" + finished.sequence() + " of stack " + stack + " ended ("
                    + finished.outcome().text() + "): " + e.getMessage() + "; its record says it is running or was"
                    + " interrupted");
        }
        trim(keep);
        return finished;
    }

    /** Removes the records older than the newest {@code keep}; returns their numbers. Never throws. */
    public List<Long> trim(int keep) {
        List<Long> removed = new ArrayList<>();
        try {
            List<SwarmDataObject> newestFirst = new ArrayList<>(fetchConfigs());
            newestFirst.sort(Comparator.comparingLong((SwarmDataObject config) ->
                    RecordCodec.sequenceOf(config.labels()).orElse(0)).reversed());
            for (SwarmDataObject config : RetentionRule.beyond(newestFirst, keep)) {
                try {
                    engine.removeConfig(config.id());
                    removed.add(RecordCodec.sequenceOf(config.labels()).orElse(0));
                } catch (EngineException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
            if (!removed.isEmpty()) {
                events.debug("removed deploy records " + removed + " of stack " + stack + " ("
                        + Option.HISTORY_KEEP.is(keep) + ")");
            }
        } catch (RuntimeException e) {
            events.warn("could not remove deploy records of stack " + stack + " beyond " + Option.HISTORY_KEEP.is(keep)
                    + ": " + e.getMessage());
        }
        return removed;
    }

    private List<SwarmDataObject> fetchConfigs() {
        return engine.fetchConfigs(Filters.label(StackLabels.namespaceFilter(stack))
                        .and(Filters.LABEL, StackLabels.KIND + "=" + StackLabels.HISTORY_KIND)).stream()
                .filter(config -> RecordCodec.isRecordOf(stack, config.labels())).toList();
    }

    private static DeployRecord renumbered(DeployRecord record, long sequence) {
        return new DeployRecord(record.stack(), sequence, record.kind(), record.startedAt(), record.outcome(),
                record.finishedAt(), record.failure(), record.returnedTo(), record.origin(), record.counts(),
                record.services(), record.specs(), record.specsMissing());
    }

    /** Which records the history's keep lets go. Pure. */
    static final class RetentionRule {

        private RetentionRule() {
        }

        /** The elements after the first {@code keep} of a newest-first list. */
        static <T> List<T> beyond(List<T> newestFirst, int keep) {
            OptionValues.atLeast(Option.HISTORY_KEEP, keep, 1, "records of the stack's history that stay");
            return newestFirst.size() <= keep ? List.of() : List.copyOf(newestFirst.subList(keep, newestFirst.size()));
        }
    }
}
