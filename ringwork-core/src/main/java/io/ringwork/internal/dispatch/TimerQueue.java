package io.ringwork.internal.dispatch;

/**
 * Armed timers, earliest deadline first, keyed by {@code Op.timerDeadline} ({@link System#nanoTime()} values,
 * compared by subtraction so the clock may wrap).
 */
final class TimerQueue extends OpHeap
{
    TimerQueue(final int capacity)
    {
        super(capacity);
    }

    /**
     * Adds the op, or moves it if its deadline changed.
     *
     * @param op with {@code timerDeadline} set.
     */
    void schedule(final Op op)
    {
        remove(op);
        add(op);
    }

    @Override
    boolean before(final Op a, final Op b)
    {
        return a.timerDeadline - b.timerDeadline < 0;
    }

    @Override
    int indexOf(final Op op)
    {
        return op.timerIndex;
    }

    @Override
    void indexOf(final Op op, final int index)
    {
        op.timerIndex = index;
    }
}
