package io.github.swarmdeploy.core.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.swarmdeploy.core.InvalidOptionException;
import io.github.swarmdeploy.core.Option;
import io.github.swarmdeploy.core.plan.EngineFeatures;
import io.github.swarmdeploy.core.plan.SpecNormalizer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Which record a rollback returns to. Pure.
 *
 * <ul>
 *   <li>a rollback to record N, when it is a deploy or rollback whose specs can be read.</li>
 *   <li>By default, the previous successful deploy: when the newest record succeeded, the newest successful one
 *       before it that applied other specs (a deploy that changed nothing, or re-applied the same, is skipped: going
 *       back to it would change nothing); when the newest failed or never finished (or is a removal), the newest
 *       successful one, whatever it applied: the last state known good.</li>
 * </ul>
 */
public final class RollbackTarget {

    private RollbackTarget() {
    }

    /** Why no record can be returned to: the message says which and what to do. */
    public static final class NoTargetException extends IllegalArgumentException {
        NoTargetException(String message) {
            super(message);
        }
    }

    /**
     * The record a user names: {@code 12} or {@code #12}, as the history shows it; none when {@code text} is blank.
     *
     * @throws InvalidOptionException for anything but a positive number
     */
    public static OptionalLong recordNumber(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        String number = text.strip().startsWith("#") ? text.strip().substring(1) : text.strip();
        try {
            long value = Long.parseLong(number);
            if (value > 0) {
                return OptionalLong.of(value);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw InvalidOptionException.of(Option.ROLLBACK_TO, text, "is not a record number; the history lists them (#12: "
                + Option.ROLLBACK_TO.is(12) + ")");
    }

    /**
     * @param records the stack's records, any order
     * @param to      the record asked for, if any
     * @throws NoTargetException when there is none to return to
     */
    public static DeployRecord choose(String stack, List<DeployRecord> records, OptionalLong to) {
        List<DeployRecord> newestFirst = records.stream()
                .sorted(Comparator.comparingLong(DeployRecord::sequence).reversed()).toList();
        if (newestFirst.isEmpty()) {
            throw new NoTargetException("stack " + stack + " has no deploy history: nothing to roll back to (a"
                    + " deploy of this version of swarm-deploy records one)");
        }
        if (to.isPresent()) {
            return asked(stack, newestFirst, to.getAsLong());
        }
        DeployRecord newest = newestFirst.get(0);
        boolean compare = newest.isSuccess() && newest.canBeReturnedTo();
        for (DeployRecord record : newestFirst.subList(1, newestFirst.size())) {
            if (record.isSuccess() && record.canBeReturnedTo()
                    && !(compare && sameSpecs(record.specs().get(), newest.specs().get()))) {
                return record;
            }
        }
        throw new NoTargetException("stack " + stack + " has no successful deploy before #" + newest.sequence()
                + " to roll back to" + (compare ? " that applied other specs" : "") + " (records "
                + range(newestFirst) + " are kept; " + unusable(newestFirst.subList(1, newestFirst.size()))
                + "); name one with " + Option.ROLLBACK_TO);
    }

    private static DeployRecord asked(String stack, List<DeployRecord> newestFirst, long sequence) {
        DeployRecord record = newestFirst.stream().filter(candidate -> candidate.sequence() == sequence).findFirst()
                .orElseThrow(() -> new NoTargetException(Option.ROLLBACK_TO.is(sequence) + ": stack " + stack
                        + " has no record #" + sequence + " (it keeps " + range(newestFirst)
                        + ", " + Option.HISTORY_KEEP + " bounds them)"));
        if (record.kind() == DeployRecord.Kind.REMOVE) {
            throw new NoTargetException(Option.ROLLBACK_TO.is(sequence) + ": record #" + sequence
                    + " is the removal of the stack, not a deploy to return to");
        }
        if (record.specs().isEmpty()) {
            throw new NoTargetException(Option.ROLLBACK_TO.is(sequence) + ": record #" + sequence + " of stack "
                    + stack + " holds no specs to return to: " + record.specsMissing());
        }
        return record;
    }

    /** Whether two records applied the same services with the same specs (a forced update aside). */
    static boolean sameSpecs(AppliedStack left, AppliedStack right) {
        SpecNormalizer normalizer = new SpecNormalizer(UnaryOperator.identity(), new EngineFeatures(""));
        return specs(left, normalizer).equals(specs(right, normalizer));
    }

    private static Map<String, JsonNode> specs(AppliedStack stack, SpecNormalizer normalizer) {
        return stack.services().stream().collect(Collectors.toMap(AppliedStack.AppliedService::name,
                service -> normalizer.normalize(service.spec())));
    }

    private static String range(List<DeployRecord> newestFirst) {
        long newest = newestFirst.get(0).sequence();
        long oldest = newestFirst.get(newestFirst.size() - 1).sequence();
        return newest == oldest ? "#" + newest : "#" + oldest + "–#" + newest;
    }

    private static String unusable(List<DeployRecord> older) {
        if (older.isEmpty()) {
            return "there is no earlier one";
        }
        return older.stream().map(record -> "#" + record.sequence() + " " + (record.kind() == DeployRecord.Kind.REMOVE
                ? "is a removal" : !record.isSuccess() ? record.outcome().text()
                : record.specs().isEmpty() ? "has no specs" : "applied the same specs"))
                .collect(Collectors.joining(", "));
    }
}
