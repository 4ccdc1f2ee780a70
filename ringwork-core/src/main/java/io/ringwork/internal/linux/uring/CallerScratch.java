package io.ringwork.internal.linux.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Native scratch for reads on callers' threads: a {@code struct iovec} and an errno capture per stripe, each stripe
 * taken by one thread for the length of one {@code preadv2} call. Stripes, not thread-locals, because callers are
 * often virtual threads, many and short-lived: a thread-local would allocate and register native memory for every
 * one of them. A thread starts at the stripe its id names and takes the first free one; when all are taken (more
 * threads inside a read at once than stripes) the read goes through the ring instead.
 */
final class CallerScratch
{
    private static final int STRIPES = 64;
    private static final int MASK = STRIPES - 1;
    /** Each stripe's busy flag on a cache line of its own (16 ints), so two threads' flags never share one. */
    private static final int FLAG_SPACING = 16;
    /** One 64-byte line per stripe: the iovec at 0, the capture after it, never shared by two stripes. */
    private static final long STRIPE_BYTES = 64;
    private static final long IOVEC_BYTES = 16;
    private static final VarHandle FLAG = MethodHandles.arrayElementVarHandle(int[].class);

    private static final int[] FLAGS = new int[STRIPES * FLAG_SPACING];
    private static final MemorySegment[] IOVECS = new MemorySegment[STRIPES];
    private static final MemorySegment[] CAPTURES = new MemorySegment[STRIPES];

    static
    {
        final Arena arena = Arena.global();
        final MemorySegment memory = arena.allocate(STRIPES * STRIPE_BYTES, STRIPE_BYTES);
        for (int i = 0; i < STRIPES; i++)
        {
            IOVECS[i] = memory.asSlice(i * STRIPE_BYTES, IOVEC_BYTES);
            CAPTURES[i] = Syscalls.allocateCapture(arena);
        }
    }

    private CallerScratch()
    {
    }

    /**
     * Takes a free stripe.
     *
     * @return its index, or -1 if every stripe is in use.
     */
    static int acquire()
    {
        final int start = (int)Thread.currentThread().threadId();
        for (int k = 0; k < STRIPES; k++)
        {
            final int flag = ((start + k) & MASK) * FLAG_SPACING;
            // A plain read first, so a taken stripe costs no CAS; the CAS (volatile) makes the owner's later writes
            // to the stripe's memory ordered after everything the previous owner did before its release.
            if (0 == (int)FLAG.get(FLAGS, flag) && FLAG.compareAndSet(FLAGS, flag, 0, 1))
            {
                return (start + k) & MASK;
            }
        }
        return -1;
    }

    static MemorySegment iovec(final int stripe)
    {
        return IOVECS[stripe];
    }

    static MemorySegment capture(final int stripe)
    {
        return CAPTURES[stripe];
    }

    static void release(final int stripe)
    {
        // Release: this owner's use of the stripe's memory happens-before the next owner's CAS that takes it.
        FLAG.setRelease(FLAGS, stripe * FLAG_SPACING, 0);
    }
}
