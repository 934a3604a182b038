package io.github.swarmdeploy.core.plan;

import java.util.List;
import java.util.Objects;

/**
 * What a deploy does to one object of the stack, in the words of the plan.
 *
 * @param kind   network, secret, config or service
 * @param name   the object's Swarm name
 * @param action create, update, unchanged, remove, or left alone although no longer in the files
 * @param fields for an update, the fields that differ
 * @param note   anything else worth saying ("" when nothing), e.g. why an object is left alone
 */
public record Change(Kind kind, String name, Action action, List<FieldChange> fields, String note) {

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        fields = List.copyOf(fields);
        Objects.requireNonNull(note, "note");
    }

    public static Change of(Kind kind, String name, Action action) {
        return new Change(kind, name, action, List.of(), "");
    }

    public Change withNote(String text) {
        return new Change(kind, name, action, fields, text);
    }

    /** Whether applying the plan touches this object. */
    public boolean isMutation() {
        return action == Action.CREATE || action == Action.UPDATE || action == Action.REMOVE;
    }

    public enum Kind {
        NETWORK("network"), SECRET("secret"), CONFIG("config"), SERVICE("service");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    public enum Action {
        CREATE("+"), UPDATE("~"), UNCHANGED("="), REMOVE("-"), KEEP("!");

        private final String symbol;

        Action(String symbol) {
            this.symbol = symbol;
        }

        /** The diff-like mark that starts the plan line. */
        public String symbol() {
            return symbol;
        }
    }
}
