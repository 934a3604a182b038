package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.naming.StackLabels;

import java.util.List;
import java.util.stream.Collectors;

/** Why prune keeps or removes an object; {@link #describe()} is the text a user reads. */
public sealed interface PruneReason {

    String describe();

    /** A service points at it, in its current spec or in the previous one a rollback returns to. */
    record UsedByService(String service, boolean inPreviousSpec) implements PruneReason {
        @Override
        public String describe() {
            return inPreviousSpec
                    ? "in the previous spec of service " + service + " (its rollback target)"
                    : "used by service " + service;
        }
    }

    /**
     * Records of the stack's history (among the newest the history keeps) use it: a rollback to one of them
     * needs it.
     */
    record NeededByHistory(List<Long> sequences) implements PruneReason {

        public NeededByHistory {
            sequences = List.copyOf(sequences);
        }

        @Override
        public String describe() {
            return "a rollback to " + sequences.stream().map(n -> "#" + n).collect(Collectors.joining(", "))
                    + " of the stack's history needs it";
        }
    }

    /** One of the newest versions of its logical key, kept whether used or not. */
    record AmongNewest(String key, int rank, int keep) implements PruneReason {
        @Override
        public String describe() {
            return (rank == 1 ? "the newest" : "the " + ordinal(rank) + " newest") + " version of '" + key + "' (keep " + keep + ")";
        }

        /** 2nd, 3rd, 4th, 11th, 21st: the rank as one says it. */
        static String ordinal(int n) {
            int lastTwo = n % 100;
            String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
            return n + suffix;
        }
    }

    /** Labelled with the stack but not created by swarm-deploy: never touched. */
    record NotCreatedBySwarmDeploy() implements PruneReason {
        @Override
        public String describe() {
            return "not created by swarm-deploy (no " + StackLabels.MANAGED + "=true label)";
        }
    }

    /** A managed config or secret without its logical key: its versions cannot be told apart. */
    record WithoutKey() implements PruneReason {
        @Override
        public String describe() {
            return "no " + StackLabels.KEY + " label, so its versions cannot be told apart";
        }
    }

    /** Between reading and removing, something started using it; the engine refused to remove it. */
    record InUseOnRemoval(String engineMessage) implements PruneReason {
        @Override
        public String describe() {
            return "became in use before it could be removed (" + engineMessage + ")";
        }
    }

    /** Nothing points at it and, for a config or secret with keep above 0, newer versions of its key are kept. */
    record Unused(ObjectKind kind, String key, int keep) implements PruneReason {
        @Override
        public String describe() {
            String unused = "used by no service's current or previous spec";
            // with keep 0 no version is kept for being new: "not among the newest 0" would say nothing
            return kind == ObjectKind.NETWORK || keep == 0 ? unused
                    : unused + ", and not among the newest " + keep + " of '" + key + "'";
        }
    }

    /** It was to be removed but someone else removed it first. */
    record AlreadyGone() implements PruneReason {
        @Override
        public String describe() {
            return "already gone (removed by someone else meanwhile)";
        }
    }
}
