package io.ringwork.internal.dispatch;

/**
 * Armed timers, earliest deadline first: a binary heap over a preallocated array of ops keyed by
 * {@code Op.timerDeadline} ({@link System#nanoTime()} values, compared by subtraction so the clock may wrap).
 */
final class TimerQueue
{
    private final Op[] heap;
    private int size;

    TimerQueue(final int capacity)
    {
        heap = new Op[capacity];
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    Op peek()
    {
        return heap[0];
    }

    /**
     * Adds the op, or moves it if its deadline changed.
     *
     * @param op with {@code timerDeadline} set.
     */
    void schedule(final Op op)
    {
        if (op.timerIndex >= 0)
        {
            removeAt(op.timerIndex);
        }
        heap[size] = op;
        op.timerIndex = size;
        size++;
        siftUp(op.timerIndex);
    }

    Op poll()
    {
        final Op top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(final Op op)
    {
        if (op.timerIndex >= 0)
        {
            removeAt(op.timerIndex);
        }
    }

    private void removeAt(final int index)
    {
        final Op removed = heap[index];
        removed.timerIndex = -1;
        size--;
        if (index == size)
        {
            heap[size] = null;
            return;
        }
        final Op last = heap[size];
        heap[size] = null;
        heap[index] = last;
        last.timerIndex = index;
        siftDown(index);
        if (heap[index] == last)
        {
            siftUp(index);
        }
    }

    private static boolean before(final Op a, final Op b)
    {
        return a.timerDeadline - b.timerDeadline < 0;
    }

    private void siftUp(final int start)
    {
        int index = start;
        final Op op = heap[index];
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            final Op above = heap[parent];
            if (!before(op, above))
            {
                break;
            }
            heap[index] = above;
            above.timerIndex = index;
            index = parent;
        }
        heap[index] = op;
        op.timerIndex = index;
    }

    private void siftDown(final int start)
    {
        int index = start;
        final Op op = heap[index];
        while (true)
        {
            final int left = 2 * index + 1;
            if (left >= size)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < size && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[child], op))
            {
                break;
            }
            heap[index] = heap[child];
            heap[index].timerIndex = index;
            index = child;
        }
        heap[index] = op;
        op.timerIndex = index;
    }
}
