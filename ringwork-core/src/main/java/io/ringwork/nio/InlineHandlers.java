package io.ringwork.nio;

import java.util.ArrayDeque;

/**
 * Runs, on one thread, the completion handlers of reads that completed inside the call that started them, flat
 * instead of nested: a handler that starts the next read, which completes at once too, has that read's handler
 * queued and run after it returns, by the outermost call (a trampoline). So a chain of cached reads does not grow
 * the stack, and the thread that started it does the reads itself with no hand-off. A budget bounds how many reads
 * one outermost call completes this way; after it, reads go through the ring (their handlers then run on the
 * reactor's thread), so the call that started a chain returns.
 */
final class InlineHandlers
{
    /** Reads the outermost call on a thread completes inline before reads go through the ring. */
    static final int BUDGET = 64;

    private static final ThreadLocal<InlineHandlers> CURRENT = ThreadLocal.withInitial(InlineHandlers::new);

    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();
    private boolean running;
    private int completed;

    private InlineHandlers()
    {
    }

    /**
     * This thread's runner.
     *
     * @return the runner.
     */
    static InlineHandlers current()
    {
        return CURRENT.get();
    }

    /**
     * Whether a read may still complete inline on this thread now.
     *
     * @return false once the outermost call has completed {@link #BUDGET} reads inline.
     */
    boolean hasBudget()
    {
        return completed < BUDGET;
    }

    /**
     * Runs a handler of a read that completed inline: now if no handler runs on this thread, else after the running
     * one returns.
     *
     * @param handler the completion to deliver.
     */
    void run(final Runnable handler)
    {
        completed++;
        if (running)
        {
            queued.add(handler);
            return;
        }
        running = true;
        RuntimeException first = null;
        try
        {
            Runnable next = handler;
            while (null != next)
            {
                try
                {
                    next.run();
                }
                catch (final RuntimeException ex)
                {
                    // Every queued completion is still delivered; the first failure reaches the caller after.
                    if (null == first)
                    {
                        first = ex;
                    }
                }
                next = queued.poll();
            }
        }
        finally
        {
            running = false;
            completed = 0;
        }
        if (null != first)
        {
            throw first;
        }
    }
}
