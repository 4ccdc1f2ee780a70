package io.ringwork.internal.future;

import io.ringwork.Completion;

import java.util.concurrent.CompletableFuture;

/**
 * A preallocated table of the futures in flight on one ring: a free-slot stack and, per slot, the future and its
 * generation. Taking and freeing a slot allocates nothing. Used by one thread (the ring's client thread).
 */
public final class FutureSlots
{
    private final CompletableFuture<?>[] futures;
    private final int[] generations;
    private final int[] free;
    private int freeCount;

    /**
     * A table of {@code capacity} slots.
     *
     * @param capacity the most operations in flight at once.
     */
    public FutureSlots(final int capacity)
    {
        futures = new CompletableFuture<?>[capacity];
        generations = new int[capacity];
        free = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    /**
     * Puts a future in a free slot.
     *
     * @param future completed when the CQE comes.
     * @return the user data for the SQE, or -1 if every slot is taken.
     */
    public long take(final CompletableFuture<Completion> future)
    {
        if (0 == freeCount)
        {
            return -1;
        }
        final int slot = free[--freeCount];
        futures[slot] = future;
        return UserData.encode(slot, generations[slot]);
    }

    /**
     * Takes the future a CQE's user data names, freeing its slot.
     *
     * @param userData from the CQE.
     * @return the future, or null if the user data names no slot in flight (stale, forged or not ours).
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Completion> remove(final long userData)
    {
        final int slot = UserData.slot(userData);
        if (slot < 0 || slot >= futures.length || generations[slot] != UserData.generation(userData))
        {
            return null;
        }
        final CompletableFuture<?> future = futures[slot];
        if (null == future)
        {
            return null;
        }
        futures[slot] = null;
        generations[slot]++;
        free[freeCount++] = slot;
        return (CompletableFuture<Completion>)future;
    }

    /**
     * Slots in use.
     *
     * @return operations in flight.
     */
    public int inFlight()
    {
        return futures.length - freeCount;
    }
}
