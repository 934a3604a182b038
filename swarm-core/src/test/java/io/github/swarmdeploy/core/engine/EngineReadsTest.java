package io.github.swarmdeploy.core.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineReadsTest {

    /** Each read waits until the other has started: only reads sent at once both answer. */
    @Test
    void readsAreSentAtOnce() {
        CountDownLatch started = new CountDownLatch(2);
        EngineReads.Pending<String> first = EngineReads.start(() -> answerWhenBothStarted(started, "nodes"));
        EngineReads.Pending<String> second = EngineReads.start(() -> answerWhenBothStarted(started, "services"));

        assertEquals("nodes", first.get());
        assertEquals("services", second.get());
    }

    @Test
    void whatAReadThrewIsThrownAsItWas() {
        EngineException refused = new EngineException(503, "cannot reach the Docker engine at the test engine");
        EngineReads.Pending<String> read = EngineReads.start(() -> {
            throw refused;
        });

        assertSame(refused, assertThrows(EngineException.class, read::get));
    }

    /** More reads than run on threads of their own all answer, each its own (the rest run on the caller's thread). */
    @Test
    void moreReadsThanThreadsAllAnswer() {
        List<EngineReads.Pending<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 3 * EngineReads.AT_ONCE; i++) {
            int n = i;
            reads.add(EngineReads.start(() -> n));
        }

        for (int i = 0; i < reads.size(); i++) {
            assertEquals(i, reads.get(i).get());
        }
    }

    private static String answerWhenBothStarted(CountDownLatch started, String answer) {
        started.countDown();
        await(started);
        return answer;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "the other read never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
