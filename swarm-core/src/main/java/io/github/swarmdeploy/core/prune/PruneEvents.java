package io.github.swarmdeploy.core.prune;

import io.github.swarmdeploy.core.event.Event;

/** The events prune sends: one per object decided, one summary. */
public final class PruneEvents {

    private PruneEvents() {
    }

    /** One object went, would go, or stayed, and why. */
    public record ObjectDecided(PruneDecision decision, boolean dryRun) implements Event {
        @Override
        public Level level() {
            return Level.INFO;
        }

        @Override
        public String message() {
            String action = decision.isRemoval()
                    ? (dryRun ? "- would remove " : "- removed ")
                    : (dryRun ? "= would keep " : "= kept ");
            return action + decision.object().describe() + ": " + decision.because();
        }
    }

    /** The counts at the end of a prune. */
    public record Finished(PruneReport report) implements Event {
        @Override
        public Level level() {
            return Level.INFO;
        }

        @Override
        public String message() {
            return report.summary();
        }
    }
}
