package io.ringwork.internal.schemes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the threads reading on their own thread are reading, one slot each, in the manner of hazard pointers: a
 * reader publishes the handle it is about to use in a free slot with one CAS and clears it with one release store;
 * the handle's closer marks it closed and then waits until no slot names it. So a descriptor is never closed under a
 * read in progress, and a read that starts after the close sees the mark and does not touch the descriptor.
 * <p>
 * Compared with a reference count on the handle, no two readers write the same cache line: with many threads on
 * one hot file, a count would bounce between cores twice per read. The price moves to close, which scans the slots
 * and may wait for a read to finish (a page-cache copy: microseconds). Each slot sits on a cache line of its own.
 * {@code ReaderSlotsTest} in ringwork-stress checks the protocol with jcstress.
 * <p>
 * The protocol, for a handle with a volatile {@code closed} flag:
 * <pre>
 *   reader:  slot = enter(handle)  (CAS)         closer:  closed = true   (volatile store)
 *            if (closed) { exit(slot); skip }             awaitExit(handle) (volatile loads)
 *            ... use the descriptor ...                   close(2)
 *            exit(slot)            (release)
 * </pre>
 * Both sides write, then read what the other writes, with sequentially consistent accesses (Dekker): either the
 * reader sees {@code closed}, or the closer sees the reader's slot and waits for its exit.
 */
public final class ReaderSlots
{
    /** Object references per cache line and a half, so two slots never share a line. */
    private static final int SPACING = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    private final Object[] slots;
    private final int mask;

    /**
     * Slots for at most {@code count} reads at once.
     *
     * @param count a power of two.
     */
    public ReaderSlots(final int count)
    {
        if (count < 1 || Integer.bitCount(count) != 1)
        {
            throw new IllegalArgumentException("count=" + count + " must be a power of two");
        }
        slots = new Object[count * SPACING];
        mask = count - 1;
    }

    /**
     * Takes a free slot for a read of {@code target}, starting at the one the current thread's id names.
     *
     * @param target what the read uses; not null.
     * @return the slot, or -1 if every slot is taken (the caller reads another way).
     */
    public int enter(final Object target)
    {
        final int start = (int)Thread.currentThread().threadId();
        for (int k = 0; k <= mask; k++)
        {
            final int slot = (start + k) & mask;
            // A plain look first, so a taken slot costs no CAS. The CAS (volatile semantics) both takes the slot and
            // publishes the target before the caller's check of the target's closed flag: the reader half of Dekker.
            if (null == SLOT.get(slots, slot * SPACING) && SLOT.compareAndSet(slots, slot * SPACING, null, target))
            {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Ends a read.
     *
     * @param slot from {@link #enter}.
     */
    public void exit(final int slot)
    {
        // Release: the read's use of the descriptor is done before a closer that sees the slot empty closes it.
        SLOT.setRelease(slots, slot * SPACING, null);
    }

    /**
     * Waits until no read of {@code target} is in progress; call after marking the target closed.
     *
     * @param target the closed object.
     */
    public void awaitExit(final Object target)
    {
        for (int slot = 0; slot <= mask; slot++)
        {
            int spins = 0;
            // Volatile: the closer half of Dekker, after its volatile store of the closed flag.
            while (target == SLOT.getVolatile(slots, slot * SPACING))
            {
                if (++spins < 1_000)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    // The reader's thread was descheduled mid-read: give it the CPU.
                    Thread.yield();
                }
            }
        }
    }
}
