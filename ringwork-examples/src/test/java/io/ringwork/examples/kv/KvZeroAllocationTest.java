package io.ringwork.examples.kv;

import io.ringwork.CqeHandler;
import io.ringwork.Ring;
import io.ringwork.VerbFlags;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In steady state {@code kv:} READs and WRITEs on an open handle allocate nothing beyond what the runtime's own
 * READ/WRITE path allocates for a scheme that touches its buffers: the same workload on {@code zero:} (which fills
 * what it reads and only measures what it writes) in the same run is the baseline. Both ask the request for each
 * buffer's segment, which the runtime makes on first use.
 * Measured on the client thread and on the dispatcher threads, where the scheme runs, with the JVM's per-thread
 * allocation counters.
 */
class KvZeroAllocationTest
{
    private static final int BATCH = 32;
    private static final int VALUE = 256;
    private static final int BATCHES = 5_000;
    private static final long SLACK = 16 * 1024;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private long sink;
    private int errors;

    @Test
    void shouldAllocateNothingPerReadOrWriteOfAnOpenKeyBeyondTheRuntime()
    {
        final long[] baseline = measure("zero:");
        final long[] kv = measure("kv:hot");
        final String report = "client kv=" + kv[0] + " zero=" + baseline[0] + ", dispatchers kv=" + kv[1] + " zero=" +
            baseline[1] + " bytes over " + (long)BATCHES * BATCH + " READs and WRITEs each";
        assertEquals(0, errors, "error completions");
        assertTrue(kv[0] <= baseline[0] + SLACK, report);
        assertTrue(kv[1] <= baseline[1] + SLACK, report);
    }

    /**
     * Warms up, then runs the workload on a handle of {@code path}.
     *
     * @return bytes allocated by the client thread and by the dispatcher threads.
     */
    private long[] measure(final String path)
    {
        try (KvFixture kv = new KvFixture())
        {
            final long handle = kv.open(path, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            final long buffer = kv.pool.allocate(VALUE, 64);
            final CqeHandler handler = cqe ->
            {
                sink += cqe.result();
                errors += 0 == cqe.error() ? 0 : 1;
            };
            run(kv.ring, handler, handle, buffer, BATCHES);
            final long clientBefore = threads.getCurrentThreadAllocatedBytes();
            final long dispatchersBefore = dispatcherBytes(threads);
            run(kv.ring, handler, handle, buffer, BATCHES);
            final long client = threads.getCurrentThreadAllocatedBytes() - clientBefore;
            final long served = dispatcherBytes(threads) - dispatchersBefore;
            kv.closeHandle(handle);
            return new long[] {client, served};
        }
    }

    private static long dispatcherBytes(final com.sun.management.ThreadMXBean threads)
    {
        long total = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("ringwork-dispatch-"))
            {
                total += Math.max(0, threads.getThreadAllocatedBytes(thread.threadId()));
            }
        }
        return total;
    }

    private void run(final Ring ring, final CqeHandler handler, final long handle, final long buffer,
        final int batches)
    {
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                if (0 == (i & 1))
                {
                    ring.getSqe().prepWrite(handle, buffer, VALUE, (long)(i & 7) * VALUE).userData(i);
                }
                else
                {
                    ring.getSqe().prepRead(handle, buffer, VALUE, (long)(i & 7) * VALUE).userData(i);
                }
            }
            int reaped = 0;
            int ready = ring.enter(BATCH, BATCH, KvFixture.WAIT_NANOS);
            while (reaped < BATCH)
            {
                assertTrue(ready > 0, "ring stalled");
                reaped += ring.forEachCqe(handler, BATCH);
                if (reaped < BATCH)
                {
                    ready = ring.enter(0, BATCH - reaped, KvFixture.WAIT_NANOS);
                }
            }
        }
    }
}
