package io.ringwork.internal.linux.uring;

import io.ringwork.buffer.BufferPool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The buffer pool's segments as the ring's registered (fixed) buffers, so a single-buffer READ or WRITE becomes
 * {@code READ_FIXED}/{@code WRITE_FIXED}: the kernel pinned the pages once at registration instead of on every
 * transfer. Loop thread only.
 * <p>
 * The table is registered sparse ({@code IORING_REGISTER_BUFFERS2} with {@code IORING_RSRC_REGISTER_SPARSE}), one slot
 * per possible segment id; a segment is registered into its slot ({@code IORING_REGISTER_BUFFERS_UPDATE}) the first
 * time a transfer uses it, so segments the pool adds as it grows are registered when first met. A segment the kernel
 * refuses (a memory-lock limit, a mapping it cannot pin) is remembered and its transfers stay plain
 * {@code READ}/{@code WRITE}. Pool segments are never unmapped while the pool is open, and the runtime closes the
 * ring before the pool, so a registered range always describes live memory.
 */
final class FixedBuffers
{
    /** The kernel's limit on one registered buffer (1 GiB); a larger segment stays unregistered. */
    private static final long MAX_BUFFER = 1L << 30;
    /** The kernel's limit on the table ({@code IORING_MAX_REG_BUFFERS}). */
    private static final int MAX_SLOTS = 1 << 14;
    private static final byte UNKNOWN = 0;
    private static final byte REGISTERED = 1;
    private static final byte REFUSED = 2;
    private static final long RSRC_STRUCT_SIZE = 32;

    private final BufferPool pool;
    private final IoUring ring;
    private final long[] start;
    private final long[] end;
    private final byte[] state;
    // struct io_uring_rsrc_register / io_uring_rsrc_update2 (both 32 bytes), then one struct iovec.
    private final MemorySegment scratch = Arena.ofAuto().allocate(RSRC_STRUCT_SIZE + 16, 8);
    private final boolean enabled;
    // Volatile: written by the loop thread only, read by diagnostics on other threads.
    private volatile int registered;

    /**
     * Registers an empty table for the pool's segments.
     *
     * @param pool the pool whose buffers the requests carry, or null for none.
     * @param ring the ring, on its submitter thread.
     */
    FixedBuffers(final BufferPool pool, final IoUring ring)
    {
        this.pool = pool;
        this.ring = ring;
        final int slots = null == pool ? 0 : Math.min(MAX_SLOTS, pool.options().maxSegments());
        start = new long[slots];
        end = new long[slots];
        state = new byte[slots];
        boolean ok = false;
        if (slots > 0)
        {
            // struct io_uring_rsrc_register { __u32 nr; __u32 flags; __u64 resv2; __aligned_u64 data; tags; }
            scratch.fill((byte)0);
            scratch.set(JAVA_INT, 0, slots);
            scratch.set(JAVA_INT, 4, IoUringConstants.IORING_RSRC_REGISTER_SPARSE);
            ok = Syscalls.ioUringRegister(ring.capture(), ring.fd(), IoUringConstants.IORING_REGISTER_BUFFERS2,
                scratch, (int)RSRC_STRUCT_SIZE) >= 0;
        }
        enabled = ok;
    }

    /**
     * Whether the sparse table was registered (Linux 5.19); false leaves every transfer plain.
     *
     * @return true if fixed transfers are possible.
     */
    boolean enabled()
    {
        return enabled;
    }

    /**
     * How many segments are registered now.
     *
     * @return the count.
     */
    int registered()
    {
        return registered;
    }

    /**
     * The registered buffer holding {@code [address, address + length)}, registering its segment on first use.
     *
     * @param address start of the transfer's memory.
     * @param length  its bytes.
     * @return the {@code buf_index}, or -1 to submit a plain transfer.
     */
    int indexOf(final long address, final long length)
    {
        if (!enabled)
        {
            return -1;
        }
        final int count = Math.min(state.length, pool.segmentCount());
        for (int id = 0; id < count; id++)
        {
            if (REGISTERED == state[id] && address >= start[id] && address + length <= end[id])
            {
                return id;
            }
        }
        for (int id = 0; id < count; id++)
        {
            if (UNKNOWN == state[id] && register(id) && address >= start[id] && address + length <= end[id])
            {
                return id;
            }
        }
        return -1;
    }

    private boolean register(final int id)
    {
        final MemorySegment segment;
        try
        {
            segment = pool.segmentMemory(id);
        }
        catch (final RuntimeException ex)
        {
            // Not mapped (yet): try again when a transfer meets it.
            return false;
        }
        if (segment.byteSize() > MAX_BUFFER)
        {
            state[id] = REFUSED;
            return false;
        }
        // struct io_uring_rsrc_update2 { __u32 offset; __u32 resv; __aligned_u64 data; tags; __u32 nr; resv2; }
        scratch.fill((byte)0);
        scratch.set(JAVA_INT, 0, id);
        scratch.set(JAVA_LONG, 8, scratch.address() + RSRC_STRUCT_SIZE);
        scratch.set(JAVA_INT, 24, 1);
        // struct iovec { void *iov_base; size_t iov_len; }
        scratch.set(JAVA_LONG, RSRC_STRUCT_SIZE, segment.address());
        scratch.set(JAVA_LONG, RSRC_STRUCT_SIZE + 8, segment.byteSize());
        final int result = Syscalls.ioUringRegister(ring.capture(), ring.fd(),
            IoUringConstants.IORING_REGISTER_BUFFERS_UPDATE, scratch, (int)RSRC_STRUCT_SIZE);
        if (result < 0)
        {
            state[id] = REFUSED;
            System.getLogger("io.ringwork").log(System.Logger.Level.DEBUG, "io_uring refused pool segment " + id +
                " as a fixed buffer: " + Syscalls.errnoOf(result) + "; its transfers stay plain");
            return false;
        }
        start[id] = segment.address();
        end[id] = segment.address() + segment.byteSize();
        state[id] = REGISTERED;
        registered = registered + 1;
        return true;
    }
}
