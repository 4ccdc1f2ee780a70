package io.ringwork;

import io.ringwork.internal.dispatch.Dispatcher;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw path allocates nothing per operation in steady state: NOPs in batches of 32, measured on the client thread
 * and on the dispatcher thread with the JVM's per-thread allocation counters.
 */
class ZeroAllocationTest
{
    private static final int BATCH = 32;

    private long sink;

    @Test
    void shouldAllocateNothingPerNopOnTheRawPath() throws InterruptedException
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final CqeHandler handler = cqe -> sink += cqe.result() + cqe.userData();
            run(f, handler, 10_000);
            final Dispatcher dispatcher = f.runtime.dispatchers().get(0);
            final Thread thread = dispatcher.thread();
            assertNotNull(thread);
            final long clientBefore = threads.getCurrentThreadAllocatedBytes();
            final long dispatcherBefore = threads.getThreadAllocatedBytes(thread.threadId());
            final int batches = 10_000;
            run(f, handler, batches);
            final long client = threads.getCurrentThreadAllocatedBytes() - clientBefore;
            final long served = threads.getThreadAllocatedBytes(thread.threadId()) - dispatcherBefore;
            final long ops = (long)batches * BATCH;
            assertTrue(client + served < 16 * 1024, "allocated client=" + client + " dispatcher=" + served +
                " bytes over " + ops + " NOPs");
        }
    }

    private void run(final RuntimeFixture f, final CqeHandler handler, final int batches)
    {
        final Ring ring = f.ring;
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                ring.getSqe().prepNop().userData(i);
            }
            int reaped = 0;
            int ready = ring.enter(BATCH, BATCH, RuntimeFixture.WAIT_NANOS);
            while (reaped < BATCH)
            {
                assertTrue(ready > 0, "ring stalled");
                reaped += ring.forEachCqe(handler, BATCH);
                if (reaped < BATCH)
                {
                    ready = ring.enter(0, BATCH - reaped, RuntimeFixture.WAIT_NANOS);
                }
            }
            assertEquals(BATCH, reaped);
        }
    }
}
