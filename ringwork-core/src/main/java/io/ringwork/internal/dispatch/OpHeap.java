package io.ringwork.internal.dispatch;

/**
 * A binary heap of ops over a preallocated array, each op remembering its index in the heap so it can be taken out
 * in O(log n) when it is cancelled. Subclasses say what comes first and which of the op's index fields they own,
 * because one op can sit in two heaps at once (ready and armed timers).
 */
abstract class OpHeap
{
    private final Op[] heap;
    private int size;

    OpHeap(final int capacity)
    {
        heap = new Op[capacity];
    }

    /**
     * The order of the heap.
     *
     * @param a an op.
     * @param b another op.
     * @return true if {@code a} comes out before {@code b}.
     */
    abstract boolean before(Op a, Op b);

    /**
     * The op's position in this heap.
     *
     * @param op an op.
     * @return its index, -1 when it is not in this heap.
     */
    abstract int indexOf(Op op);

    /**
     * Records the op's position in this heap.
     *
     * @param op    an op.
     * @param index its index, -1 when it leaves.
     */
    abstract void indexOf(Op op, int index);

    final boolean isEmpty()
    {
        return 0 == size;
    }

    final Op peek()
    {
        return heap[0];
    }

    final void add(final Op op)
    {
        heap[size] = op;
        indexOf(op, size);
        size++;
        siftUp(size - 1);
    }

    final Op poll()
    {
        final Op top = heap[0];
        removeAt(0);
        return top;
    }

    /**
     * Takes the op out if it is in this heap.
     *
     * @param op an op.
     */
    final void remove(final Op op)
    {
        final int index = indexOf(op);
        if (index >= 0)
        {
            removeAt(index);
        }
    }

    private void removeAt(final int index)
    {
        final Op[] heap = this.heap;
        indexOf(heap[index], -1);
        size--;
        if (index == size)
        {
            heap[size] = null;
            return;
        }
        final Op last = heap[size];
        heap[size] = null;
        heap[index] = last;
        indexOf(last, index);
        siftDown(index);
        if (heap[index] == last)
        {
            siftUp(index);
        }
    }

    private void siftUp(final int start)
    {
        final Op[] heap = this.heap;
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
            indexOf(above, index);
            index = parent;
        }
        heap[index] = op;
        indexOf(op, index);
    }

    private void siftDown(final int start)
    {
        final Op[] heap = this.heap;
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
            indexOf(heap[index], index);
            index = child;
        }
        heap[index] = op;
        indexOf(op, index);
    }
}
