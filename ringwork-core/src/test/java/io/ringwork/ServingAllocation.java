package io.ringwork;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Heap bytes a piece of work costs the calling thread and the threads serving a runtime's first ring: its dispatcher
 * and the io_uring loop, counted once when the loop hosts the ring. Three windows, the least of them counts: a steady
 * allocation per operation shows in every window, a JIT episode on a loaded machine (a deoptimized method running
 * interpreted for a while) in one.
 */
final class ServingAllocation
{
    /**
     * The least window and every window's breakdown, for the failure message.
     *
     * @param least   bytes in the least window.
     * @param windows {@code [client=.. dispatcher=.. loop=..]} per window.
     */
    record Windows(long least, String windows)
    {
    }

    private ServingAllocation()
    {
    }

    /**
     * Runs {@code work} three times and measures each.
     *
     * @param runtime the runtime, its first ring already served and warmed up.
     * @param work    one window's work, on the calling thread.
     * @return the windows.
     */
    static Windows leastOfThree(final Ringwork runtime, final Runnable work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Thread dispatcher = runtime.dispatchers().get(0).thread();
        assertNotNull(dispatcher);
        final Thread loop = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("ringwork-iouring")).findFirst().orElseThrow();
        long least = Long.MAX_VALUE;
        final StringBuilder all = new StringBuilder();
        for (int window = 0; window < 3; window++)
        {
            final long clientBefore = threads.getCurrentThreadAllocatedBytes();
            final long dispatcherBefore = threads.getThreadAllocatedBytes(dispatcher.threadId());
            final long loopBefore = threads.getThreadAllocatedBytes(loop.threadId());
            work.run();
            final long client = threads.getCurrentThreadAllocatedBytes() - clientBefore;
            final long served = threads.getThreadAllocatedBytes(dispatcher.threadId()) - dispatcherBefore;
            final long looped = threads.getThreadAllocatedBytes(loop.threadId()) - loopBefore;
            // A ring hosted by the io_uring thread has that thread as its dispatcher: count it once.
            least = Math.min(least, client + looped + (dispatcher == loop ? 0 : served));
            all.append(" [client=").append(client).append(" dispatcher=").append(served).append(" loop=")
                .append(looped).append(']');
        }
        return new Windows(least, all.toString());
    }
}
