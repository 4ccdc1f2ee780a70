package io.ringwork.internal.linux.uring;

import io.ringwork.internal.schemes.ReaderSlots;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The slots of reads on callers' threads: which handle each read uses ({@link ReaderSlots}, so a closing handle waits
 * for its reads) and, per slot, the native scratch of one {@code preadv2} call: a {@code struct iovec} and an errno
 * capture. Slots, not thread-locals, because callers are often virtual threads, many and short-lived: a thread-local
 * would allocate and register native memory for every one of them. When all slots are taken (more threads inside a
 * read at once than slots) the read goes through the ring instead.
 */
final class CallerScratch
{
    private static final int SLOTS = 64;
    private static final long IOVEC_BYTES = 16;
    /** One 64-byte line of native memory per slot: the iovec at 0, never shared by two slots. */
    private static final long SLOT_BYTES = 64;

    private static final ReaderSlots READERS = new ReaderSlots(SLOTS);
    private static final MemorySegment[] IOVECS = new MemorySegment[SLOTS];
    private static final MemorySegment[] CAPTURES = new MemorySegment[SLOTS];

    static
    {
        final Arena arena = Arena.global();
        final MemorySegment memory = arena.allocate(SLOTS * SLOT_BYTES, SLOT_BYTES);
        for (int i = 0; i < SLOTS; i++)
        {
            IOVECS[i] = memory.asSlice(i * SLOT_BYTES, IOVEC_BYTES);
            CAPTURES[i] = Syscalls.allocateCapture(arena);
        }
    }

    private CallerScratch()
    {
    }

    /**
     * Takes a free slot for a read of {@code handle}.
     *
     * @return the slot, or -1 if every slot is in use.
     */
    static int enter(final Object handle)
    {
        return READERS.enter(handle);
    }

    static MemorySegment iovec(final int slot)
    {
        return IOVECS[slot];
    }

    static MemorySegment capture(final int slot)
    {
        return CAPTURES[slot];
    }

    static void exit(final int slot)
    {
        READERS.exit(slot);
    }

    /**
     * Waits until no read of {@code handle} is in progress.
     */
    static void awaitExit(final Object handle)
    {
        READERS.awaitExit(handle);
    }
}
