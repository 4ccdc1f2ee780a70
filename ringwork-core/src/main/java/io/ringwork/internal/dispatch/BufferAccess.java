package io.ringwork.internal.dispatch;

import java.lang.foreign.MemorySegment;

/**
 * How the dispatcher reaches the buffers that SQEs name by pool reference: bounds-checked views, and guards that
 * keep a buffer from being freed while an operation uses it.
 */
public interface BufferAccess
{
    /**
     * A view of {@code length} bytes at {@code ref}.
     *
     * @param ref    a buffer reference from an SQE.
     * @param length bytes, positive.
     * @return the view.
     * @throws io.ringwork.RingworkException {@code EFAULT} if the range is not inside a live allocation.
     */
    MemorySegment slice(long ref, long length);

    /**
     * Marks the allocation holding {@code ref} as used by an operation in flight.
     *
     * @param ref a reference that {@link #slice} accepted.
     */
    void guard(long ref);

    /**
     * Ends a {@link #guard}.
     *
     * @param ref as guarded.
     */
    void unguard(long ref);
}
