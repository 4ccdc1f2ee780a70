package io.ringwork.internal.dispatch;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Operations handed back to the dispatcher by other threads: an intrusive lock-free stack (Treiber) through
 * {@code Op.inboxNext}, so pushing allocates nothing. The dispatcher takes the whole stack at once and reverses it,
 * so it handles operations in the order they arrived. An op is in the stack at most once (its {@code inInbox} mark).
 */
final class Inbox
{
    private final AtomicReference<Op> head = new AtomicReference<>();

    /**
     * Pushes an op; any thread.
     *
     * @param op not already in the inbox.
     */
    void push(final Op op)
    {
        Op top;
        do
        {
            top = head.get();
            op.inboxNext = top;
        }
        while (!head.compareAndSet(top, op));
    }

    /**
     * Takes everything pushed so far, oldest first; dispatcher thread only.
     *
     * @return the first op, linked through {@code inboxNext}, or null.
     */
    Op takeAll()
    {
        Op op = head.getAndSet(null);
        Op reversed = null;
        while (null != op)
        {
            final Op next = op.inboxNext;
            op.inboxNext = reversed;
            reversed = op;
            op = next;
        }
        return reversed;
    }

    /**
     * Whether anything waits, for the idle check.
     *
     * @return true if the stack is not empty.
     */
    boolean hasWork()
    {
        return null != head.get();
    }
}
