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
    private final int[] opcodes;
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
        opcodes = new int[capacity];
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
     * @param opcode the SQE's verb, for a completion made up by {@link #failAll}.
     * @return the user data for the SQE, or -1 if every slot is taken.
     */
    public long take(final CompletableFuture<Completion> future, final int opcode)
    {
        if (0 == freeCount)
        {
            return -1;
        }
        final int slot = free[--freeCount];
        futures[slot] = future;
        opcodes[slot] = opcode;
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

    /**
     * Completes every future in flight with an error, for a ring whose server is gone: no CQE will come for them.
     *
     * @param error the errno number for their completions.
     * @return how many futures were completed.
     */
    public int failAll(final int error)
    {
        int failed = 0;
        for (int slot = 0; slot < futures.length; slot++)
        {
            final CompletableFuture<?> future = futures[slot];
            if (null != future)
            {
                final long userData = UserData.encode(slot, generations[slot]);
                final int opcode = opcodes[slot];
                remove(userData).complete(new Completion(userData, 0, error, opcode, 0, 0));
                failed++;
            }
        }
        return failed;
    }
}
