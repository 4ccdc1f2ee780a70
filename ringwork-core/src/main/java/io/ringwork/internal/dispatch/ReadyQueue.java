package io.ringwork.internal.dispatch;

/**
 * The operations ready to dispatch, highest SQE priority first and, within a priority, in submission order: a binary
 * heap over a preallocated array, each op remembering its index so a cancel can take it out in O(log n).
 */
final class ReadyQueue
{
    private final Op[] heap;
    private int size;

    ReadyQueue(final int capacity)
    {
        heap = new Op[capacity];
    }

    boolean isEmpty()
    {
        return 0 == size;
    }

    void add(final Op op)
    {
        heap[size] = op;
        op.readyIndex = size;
        size++;
        siftUp(op.readyIndex);
    }

    Op poll()
    {
        final Op top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(final Op op)
    {
        removeAt(op.readyIndex);
    }

    private void removeAt(final int index)
    {
        final Op removed = heap[index];
        removed.readyIndex = -1;
        size--;
        if (index == size)
        {
            heap[size] = null;
            return;
        }
        final Op last = heap[size];
        heap[size] = null;
        heap[index] = last;
        last.readyIndex = index;
        siftDown(index);
        if (heap[index] == last)
        {
            siftUp(index);
        }
    }

    private static boolean before(final Op a, final Op b)
    {
        return a.priority != b.priority ? a.priority > b.priority : a.seq < b.seq;
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
            above.readyIndex = index;
            index = parent;
        }
        heap[index] = op;
        op.readyIndex = index;
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
            heap[index].readyIndex = index;
            index = child;
        }
        heap[index] = op;
        op.readyIndex = index;
    }
}
