package io.ringwork.internal.dispatch;

import io.ringwork.internal.layout.SharedAccess;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The FUTEX_WAIT operations of every ring of a runtime, by the pool reference of their 32-bit word, in arrival order.
 * The check of the word and the enqueue happen under one lock, and a FUTEX_WAKE dequeues under the same lock after the
 * waker changed the word: so a waiter either sees the new value (EAGAIN) or is found by the wake (Linux's futex
 * protocol). Waits and wakes are rare next to reads and writes, so a lock and a map are fine here.
 */
public final class FutexTable
{
    private record Waiter(Op op, int generation)
    {
    }

    private final Map<Long, ArrayDeque<Waiter>> waiters = new HashMap<>();

    /**
     * Queues a waiter if the word still holds the expected value.
     *
     * @param key      the word's pool reference.
     * @param word     the word, 4 bytes, 4-byte aligned.
     * @param expected the value to wait on.
     * @param op       the FUTEX_WAIT.
     * @return false if the word holds another value (the wait ends at once with EAGAIN).
     */
    synchronized boolean await(final long key, final MemorySegment word, final int expected, final Op op)
    {
        // acquire: pairs with the release (or stronger) store of a writer that then calls FUTEX_WAKE.
        if (expected != (int)SharedAccess.INT.getAcquire(word, 0L))
        {
            return false;
        }
        waiters.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Waiter(op, op.generation));
        return true;
    }

    /**
     * Takes a waiter out (cancel, timeout).
     *
     * @param key the word's pool reference.
     * @param op  the FUTEX_WAIT.
     * @return false if it was no longer queued: a wake took it first.
     */
    synchronized boolean remove(final long key, final Op op)
    {
        final ArrayDeque<Waiter> queue = waiters.get(key);
        if (null == queue)
        {
            return false;
        }
        final boolean removed = queue.removeIf(w -> w.op == op && w.generation == op.generation);
        if (queue.isEmpty())
        {
            waiters.remove(key);
        }
        return removed;
    }

    /**
     * Wakes up to {@code count} waiters, oldest first; each learns it through its dispatcher's inbox.
     *
     * @param key   the word's pool reference.
     * @param count most waiters to wake.
     * @return how many were woken.
     */
    synchronized int wake(final long key, final long count)
    {
        final ArrayDeque<Waiter> queue = waiters.get(key);
        if (null == queue)
        {
            return 0;
        }
        int woken = 0;
        while (woken < count && !queue.isEmpty())
        {
            final Waiter waiter = queue.pollFirst();
            waiter.op.handBack(Op.REASON_FUTEX);
            woken++;
        }
        if (queue.isEmpty())
        {
            waiters.remove(key);
        }
        return woken;
    }
}
