package io.ringwork.internal.reactor;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Operations handed to the reactor by any thread: an intrusive lock-free stack (Treiber) through
 * {@link ReactorOp#next}, so handing over allocates nothing; the reactor takes the whole stack at once and reverses
 * it, so operations are written in the order they were handed over (per thread, and as the CAS ordered them across
 * threads).
 */
final class OpQueue
{
    private final AtomicReference<ReactorOp> head = new AtomicReference<>();

    /**
     * Pushes an operation; any thread. The CAS is the hand-over: everything the caller wrote into the op before it
     * happens-before the reactor's {@link #takeAll()} that sees it.
     *
     * @param op not queued already.
     * @return true if the queue was empty, so the reactor may be asleep and needs a wake-up.
     */
    boolean push(final ReactorOp op)
    {
        ReactorOp top;
        do
        {
            top = head.get();
            op.next = top;
        }
        while (!head.compareAndSet(top, op));
        return null == top;
    }

    /**
     * Takes everything pushed so far, oldest first; reactor thread only.
     *
     * @return the first op, linked through {@code next}, or null.
     */
    ReactorOp takeAll()
    {
        ReactorOp op = head.getAndSet(null);
        ReactorOp reversed = null;
        while (null != op)
        {
            final ReactorOp following = op.next;
            op.next = reversed;
            reversed = op;
            op = following;
        }
        return reversed;
    }

    /**
     * Whether anything waits, for the check before sleeping.
     *
     * @return true if not empty.
     */
    boolean isEmpty()
    {
        return null == head.get();
    }
}
