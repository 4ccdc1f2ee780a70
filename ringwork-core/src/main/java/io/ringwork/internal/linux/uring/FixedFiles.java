package io.ringwork.internal.linux.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Open files as the ring's registered (fixed) files, so their SQEs carry {@code IOSQE_FIXED_FILE} and a table index
 * and the kernel skips looking the descriptor up and counting a reference on every operation. Loop thread only
 * ({@code SINGLE_ISSUER} lets only the submitter register).
 * <p>
 * The table is registered sparse ({@code IORING_REGISTER_FILES2} with {@code IORING_RSRC_REGISTER_SPARSE}); an OPEN
 * puts its new descriptor into a free slot ({@code IORING_REGISTER_FILES_UPDATE2}) and the handle's close empties the
 * slot again before {@code close(2)}. When the table is full, or the kernel refuses, the file simply stays unregistered
 * and its SQEs use the plain descriptor.
 */
final class FixedFiles
{
    private static final int[] TABLE_SIZES = {4096, 1024, 256};
    private static final long RSRC_STRUCT_SIZE = 32;

    private final IoUring ring;
    // struct io_uring_rsrc_register / io_uring_rsrc_update2 (32 bytes), then one int for the descriptor.
    private final MemorySegment scratch = Arena.ofAuto().allocate(RSRC_STRUCT_SIZE + 8, 8);
    private final int[] free;
    private int freeCount;
    // Volatile: written by the loop thread only, read by diagnostics on other threads.
    private volatile int registered;

    /**
     * Registers an empty table, as large as the descriptor limit allows.
     *
     * @param ring    the ring, on its submitter thread.
     * @param enabled false to register nothing.
     */
    FixedFiles(final IoUring ring, final boolean enabled)
    {
        this.ring = ring;
        int size = 0;
        for (int i = 0; enabled && i < TABLE_SIZES.length && 0 == size; i++)
        {
            // struct io_uring_rsrc_register { __u32 nr; __u32 flags; __u64 resv2; __aligned_u64 data; tags; }
            scratch.fill((byte)0);
            scratch.set(JAVA_INT, 0, TABLE_SIZES[i]);
            scratch.set(JAVA_INT, 4, IoUringConstants.IORING_RSRC_REGISTER_SPARSE);
            if (Syscalls.ioUringRegister(ring.capture(), ring.fd(), IoUringConstants.IORING_REGISTER_FILES2, scratch,
                (int)RSRC_STRUCT_SIZE) >= 0)
            {
                size = TABLE_SIZES[i];
            }
        }
        free = new int[size];
        for (int i = 0; i < size; i++)
        {
            free[i] = size - 1 - i;
        }
        freeCount = size;
    }

    /**
     * Puts a descriptor into a free slot.
     *
     * @param fd an open descriptor.
     * @return the slot, or -1 if the file stays unregistered.
     */
    int register(final int fd)
    {
        if (0 == freeCount)
        {
            return -1;
        }
        final int slot = free[freeCount - 1];
        if (update(slot, fd) < 0)
        {
            return -1;
        }
        freeCount--;
        registered = registered + 1;
        return slot;
    }

    /**
     * Empties a slot; the descriptor itself stays open for its owner to close.
     *
     * @param slot from {@link #register}.
     */
    void unregister(final int slot)
    {
        // -1 empties the slot; a failure leaves the kernel's reference until the ring is torn down, and the slot
        // is not reused.
        if (update(slot, -1) >= 0)
        {
            free[freeCount++] = slot;
            registered = registered - 1;
        }
    }

    /**
     * How many files are registered now.
     *
     * @return the count.
     */
    int registered()
    {
        return registered;
    }

    private int update(final int slot, final int fd)
    {
        // struct io_uring_rsrc_update2 { __u32 offset; __u32 resv; __aligned_u64 data; tags; __u32 nr; resv2; }
        scratch.fill((byte)0);
        scratch.set(JAVA_INT, 0, slot);
        scratch.set(JAVA_LONG, 8, scratch.address() + RSRC_STRUCT_SIZE);
        scratch.set(JAVA_INT, 24, 1);
        scratch.set(JAVA_INT, RSRC_STRUCT_SIZE, fd);
        return Syscalls.ioUringRegister(ring.capture(), ring.fd(), IoUringConstants.IORING_REGISTER_FILES_UPDATE2,
            scratch, (int)RSRC_STRUCT_SIZE);
    }
}
