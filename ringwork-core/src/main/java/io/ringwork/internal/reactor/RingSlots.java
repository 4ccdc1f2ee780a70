package io.ringwork.internal.reactor;

import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.future.UserData;
import io.ringwork.internal.layout.CqeDescriptor;

import java.lang.foreign.MemorySegment;

/**
 * One ring of a reactor: its client end, its pool, and the slot table that finds an operation (or a raw
 * {@link CqeHandler}) from the user data of its CQE. Slots and generations as in {@code FutureSlots}: taking and
 * freeing allocate nothing, and a CQE whose generation does not match (stale or forged) is dropped. Reactor thread
 * only.
 */
final class RingSlots
{
    final Ring ring;
    final BufferPool pool;
    final Object[] slots;
    private final int[] generations;
    private final int[] free;
    private int freeCount;
    int leasedRegisters;
    int written;
    boolean gone;
    /** Closed by its owner while the reactor still drove it: its memory must not be touched again. */
    boolean unmapped;
    Errno goneErrno = Errno.EPIPE;
    /**
     * A CQE in the reactor's own memory, for raw handlers: the copy of a final CQE (so the handler never reads ring
     * memory that may go away once the slot is free) and the final CQE the reactor makes for a ring gone. One per
     * ring, valid during the handler's call only, as a ring's own entries are.
     */
    final Cqe scratch = new Cqe(MemorySegment.ofArray(new long[CqeDescriptor.LENGTH / Long.BYTES]), 0);

    RingSlots(final Ring ring, final BufferPool pool)
    {
        this.ring = ring;
        this.pool = pool;
        final int capacity = ring.sqEntries() + ring.cqEntries();
        this.slots = new Object[capacity];
        this.generations = new int[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i;
        }
        this.freeCount = capacity;
    }

    int freeSlots()
    {
        return freeCount;
    }

    int inFlight()
    {
        return slots.length - freeCount;
    }

    /**
     * Puts an operation or handler in a free slot.
     *
     * @return its user data; the caller checked {@link #freeSlots()}.
     */
    long take(final Object target)
    {
        final int slot = free[--freeCount];
        slots[slot] = target;
        return userDataAt(slot);
    }

    /**
     * What a CQE's user data names, left in its slot.
     *
     * @return the op or handler, or null for stale or foreign user data.
     */
    Object find(final long userData)
    {
        final int slot = UserData.slot(userData);
        if (slot < 0 || slot >= slots.length || generations[slot] != UserData.generation(userData))
        {
            return null;
        }
        return slots[slot];
    }

    /**
     * The user data a slot's occupant was handed.
     *
     * @param slot an occupied slot.
     * @return what {@link #take} returned for it.
     */
    long userDataAt(final int slot)
    {
        return UserData.encode(slot, generations[slot]);
    }

    void release(final long userData)
    {
        final int slot = UserData.slot(userData);
        slots[slot] = null;
        generations[slot]++;
        free[freeCount++] = slot;
    }
}
