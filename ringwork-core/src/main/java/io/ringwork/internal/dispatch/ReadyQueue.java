package io.ringwork.internal.dispatch;

/**
 * The operations ready to dispatch, highest SQE priority first and, within a priority, in submission order.
 */
final class ReadyQueue extends OpHeap
{
    ReadyQueue(final int capacity)
    {
        super(capacity);
    }

    @Override
    boolean before(final Op a, final Op b)
    {
        return a.priority != b.priority ? a.priority > b.priority : a.seq < b.seq;
    }

    @Override
    int indexOf(final Op op)
    {
        return op.readyIndex;
    }

    @Override
    void indexOf(final Op op, final int index)
    {
        op.readyIndex = index;
    }
}
