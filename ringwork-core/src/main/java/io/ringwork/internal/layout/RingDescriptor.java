package io.ringwork.internal.layout;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The memory layout of a ring, described once. Every other class reads and writes a ring through these constants.
 * <p>
 * A ring is one region: a control area, then the submission queue (SQ) entries, then the completion queue (CQ)
 * entries. The side that submits (the <em>client</em>) writes SQ entries and the SQ tail, and reads CQ entries and
 * moves the CQ head. The side that serves (the <em>server</em>) does the opposite. Each index is written by one side
 * only, and sits two cache lines away from everything else, so the two sides never share a line they both write
 * (adjacent-line prefetch pulls pairs of lines, hence two).
 * <pre>
 *   +--------------------------------+  0
 *   | header (magic, version, sizes, |
 *   | status, pids)                  |
 *   +--------------------------------+  128
 *   | SQ head        (server writes) |
 *   +--------------------------------+  256
 *   | SQ tail        (client writes) |
 *   +--------------------------------+  384
 *   | CQ head        (client writes) |
 *   +--------------------------------+  512
 *   | CQ tail        (server writes) |
 *   +--------------------------------+  640
 *   | server doorbell (flag, futex)  |
 *   +--------------------------------+  768
 *   | client doorbell (flag, futex)  |
 *   +--------------------------------+  896
 *   | registers R0..R6               |
 *   +--------------------------------+  1024
 *   | client counters                |
 *   +--------------------------------+  1152
 *   | server counters                |
 *   +--------------------------------+  1280
 *   | error counts by errno:         |
 *   | 128 x u64, server writes       |
 *   +--------------------------------+  2304 = CONTROL_LENGTH
 *   | SQ entries: sqEntries x 64 B   |
 *   +--------------------------------+
 *   | CQ entries: cqEntries x 32 B   |
 *   +--------------------------------+
 * </pre>
 * The header:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic (u64)                           |  0
 *  |                  written last, with release                   |
 *  +---------------------------------------------------------------+
 *  |                     Layout version (u32)                      |  8
 *  +---------------------------------------------------------------+
 *  |                      SQ entries (u32)                         | 12
 *  +---------------------------------------------------------------+
 *  |                      CQ entries (u32)                         | 16
 *  +-------------------------------+-------------------------------+
 *  |       SQE size (u16)          |        CQE size (u16)         | 20
 *  +-------------------------------+-------------------------------+
 *  |                    Region length (u64)                        | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Client pid (u64)                          | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Server pid (u64)                          | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Status (u32)                            | 48
 *  +---------------------------------------------------------------+
 *  |                  Broken reason: errno (u32)                   | 52
 *  +---------------------------------------------------------------+
 *  |                 Created, epoch millis (u64)                   | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Reserved to 128                          | 64
 *  +---------------------------------------------------------------+
 * </pre>
 * The error counts are indexed by errno number (slot 0 counts numbers of 128 and above), so {@code stat} can show
 * errors by errno for a live process.
 * <p>
 * A doorbell is a pair of 32-bit words at the start of its line pair: {@code NEED_WAKEUP} (set by the side about to
 * sleep) and the futex sequence (bumped by the side that wakes it). Counters are 64-bit, each block written by one
 * side only, read by anyone (the {@code stat} tool maps the region read-only).
 * <p>
 * Indices are free-running unsigned 32-bit numbers; the slot is {@code index & (entries - 1)}. A queue holds
 * {@code tail - head} entries (mod 2^32), which must lie in {@code [0, entries]}; anything else was written by a
 * confused or hostile peer and breaks the ring.
 */
public final class RingDescriptor
{
    /** Every hot field gets this many bytes to itself: two 64-byte lines, because of adjacent-line prefetch. */
    public static final int LINE_PAIR = 128;

    /** "RINGWRK" plus a format byte: the first eight bytes of every ring region. */
    public static final long MAGIC = 0x52494E4757524B01L;

    /** The version of this layout; a peer with another version is refused. */
    public static final int LAYOUT_VERSION = 1;

    /** Smallest queue size. */
    public static final int MIN_ENTRIES = 2;

    /** Largest queue size, so an index difference never reaches the sign bit of an int. */
    public static final int MAX_ENTRIES = 1 << 16;

    // *** Header fields ***
    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the SQ entry count. */
    public static final int SQ_ENTRIES_OFFSET = 12;
    /** Offset of the CQ entry count. */
    public static final int CQ_ENTRIES_OFFSET = 16;
    /** Offset of the SQE size in bytes. */
    public static final int SQE_SIZE_OFFSET = 20;
    /** Offset of the CQE size in bytes. */
    public static final int CQE_SIZE_OFFSET = 22;
    /** Offset of the whole region's length. */
    public static final int REGION_LENGTH_OFFSET = 24;
    /** Offset of the client's process id. */
    public static final int CLIENT_PID_OFFSET = 32;
    /** Offset of the server's process id, 0 until a server attaches. */
    public static final int SERVER_PID_OFFSET = 40;
    /** Offset of the status word (see the {@code STATUS_*} bits). */
    public static final int STATUS_OFFSET = 48;
    /** Offset of the errno number that explains a broken ring. */
    public static final int BROKEN_REASON_OFFSET = 52;
    /** Offset of the creation time. */
    public static final int CREATED_MILLIS_OFFSET = 56;

    // *** Status bits ***
    /** The client closed its end. */
    public static final int STATUS_CLIENT_CLOSED = 1;
    /** The server closed its end. */
    public static final int STATUS_SERVER_CLOSED = 1 << 1;
    /** A side found the ring inconsistent; the reason is at {@link #BROKEN_REASON_OFFSET}. */
    public static final int STATUS_BROKEN = 1 << 2;

    // *** Queue indices, doorbells, registers, counters ***
    /** SQ head: the next SQE the server reads. Written by the server. */
    public static final int SQ_HEAD_OFFSET;
    /** SQ tail: one past the last SQE published. Written by the client. */
    public static final int SQ_TAIL_OFFSET;
    /** CQ head: the next CQE the client reads. Written by the client. */
    public static final int CQ_HEAD_OFFSET;
    /** CQ tail: one past the last CQE published. Written by the server. */
    public static final int CQ_TAIL_OFFSET;
    /** The server's doorbell: the server sleeps on it, the client rings it. */
    public static final int SERVER_DOORBELL_OFFSET;
    /** The client's doorbell: the client sleeps on it, the server rings it. */
    public static final int CLIENT_DOORBELL_OFFSET;
    /** Registers R0..R6, 64 bits each. */
    public static final int REGISTERS_OFFSET;
    /** Client counters, see {@link CountersDescriptor}. */
    public static final int CLIENT_COUNTERS_OFFSET;
    /** Server counters, see {@link CountersDescriptor}. */
    public static final int SERVER_COUNTERS_OFFSET;
    /** Error counts by errno: {@link #ERROR_COUNT_SLOTS} 64-bit counters written by the server. */
    public static final int ERROR_COUNTS_OFFSET;
    /** Number of error-count slots; errno numbers at or above it count in slot 0. */
    public static final int ERROR_COUNT_SLOTS = 128;
    /** Length of the control area; SQ entries start here. */
    public static final int CONTROL_LENGTH;

    /** Within a doorbell: the NEED_WAKEUP flag, 1 while its owner sleeps or is about to. */
    public static final int DOORBELL_NEED_WAKEUP_OFFSET = 0;
    /** Within a doorbell: the futex word, bumped by each wake. */
    public static final int DOORBELL_SEQUENCE_OFFSET = 4;
    /** Bytes of one doorbell: the flag and the futex word. */
    public static final int DOORBELL_LENGTH = 8;

    /** Number of registers, as in PatchworkOS. */
    public static final int REGISTER_COUNT = 7;

    static
    {
        int offset = LINE_PAIR;
        SQ_HEAD_OFFSET = offset;
        offset += LINE_PAIR;
        SQ_TAIL_OFFSET = offset;
        offset += LINE_PAIR;
        CQ_HEAD_OFFSET = offset;
        offset += LINE_PAIR;
        CQ_TAIL_OFFSET = offset;
        offset += LINE_PAIR;
        SERVER_DOORBELL_OFFSET = offset;
        offset += LINE_PAIR;
        CLIENT_DOORBELL_OFFSET = offset;
        offset += LINE_PAIR;
        REGISTERS_OFFSET = offset;
        offset += LINE_PAIR;
        CLIENT_COUNTERS_OFFSET = offset;
        offset += LINE_PAIR;
        SERVER_COUNTERS_OFFSET = offset;
        offset += LINE_PAIR;
        ERROR_COUNTS_OFFSET = offset;
        offset += ERROR_COUNT_SLOTS * Long.BYTES;
        CONTROL_LENGTH = offset;
    }

    private RingDescriptor()
    {
    }

    /**
     * Checks queue sizes before a region is laid out.
     *
     * @param sqEntries SQ entries.
     * @param cqEntries CQ entries.
     * @throws IllegalArgumentException naming the value at fault.
     */
    public static void checkEntries(final int sqEntries, final int cqEntries)
    {
        checkEntries("sqEntries", sqEntries);
        checkEntries("cqEntries", cqEntries);
    }

    private static void checkEntries(final String name, final int entries)
    {
        if (entries < MIN_ENTRIES || entries > MAX_ENTRIES || Integer.bitCount(entries) != 1)
        {
            throw new IllegalArgumentException(
                name + "=" + entries + " must be a power of two in [" + MIN_ENTRIES + ", " + MAX_ENTRIES + "]");
        }
    }

    /**
     * The region length for the given queue sizes.
     *
     * @param sqEntries SQ entries, a checked power of two.
     * @param cqEntries CQ entries, a checked power of two.
     * @return bytes.
     */
    public static long regionLength(final int sqEntries, final int cqEntries)
    {
        return CONTROL_LENGTH + (long)sqEntries * SqeDescriptor.LENGTH + (long)cqEntries * CqeDescriptor.LENGTH;
    }

    /**
     * Offset of the first SQ entry.
     *
     * @return bytes from the region start.
     */
    public static long sqEntriesOffset()
    {
        return CONTROL_LENGTH;
    }

    /**
     * Offset of the first CQ entry.
     *
     * @param sqEntries SQ entries of this ring.
     * @return bytes from the region start.
     */
    public static long cqEntriesOffset(final int sqEntries)
    {
        return CONTROL_LENGTH + (long)sqEntries * SqeDescriptor.LENGTH;
    }

    /**
     * Offset of the error counter for an errno number.
     *
     * @param errno the number, positive.
     * @return bytes from the region start.
     */
    public static long errorCountOffset(final int errno)
    {
        final int slot = errno > 0 && errno < ERROR_COUNT_SLOTS ? errno : 0;
        return ERROR_COUNTS_OFFSET + (long)slot * Long.BYTES;
    }

    /**
     * Offset of register {@code index}.
     *
     * @param index 0..6.
     * @return bytes from the region start.
     */
    public static long registerOffset(final int index)
    {
        return REGISTERS_OFFSET + (long)index * Long.BYTES;
    }

    /**
     * Lays out a zeroed region and marks it ready. The magic is written last, with release, so a peer that sees it
     * (with acquire) sees every other header field too.
     *
     * @param region       zeroed memory at least {@link #regionLength} long.
     * @param sqEntries    SQ entries.
     * @param cqEntries    CQ entries.
     * @param initialIndex starting value of all four indices (0 normally; tests start near 2^32 to cross the wrap).
     */
    public static void initialize(
        final MemorySegment region, final int sqEntries, final int cqEntries, final int initialIndex)
    {
        checkEntries(sqEntries, cqEntries);
        final long length = regionLength(sqEntries, cqEntries);
        if (region.byteSize() < length)
        {
            throw new IllegalArgumentException("region.byteSize=" + region.byteSize() + " < required=" + length);
        }
        // plain: nobody else can see the region before the magic is published below.
        region.set(JAVA_INT, VERSION_OFFSET, LAYOUT_VERSION);
        region.set(JAVA_INT, SQ_ENTRIES_OFFSET, sqEntries);
        region.set(JAVA_INT, CQ_ENTRIES_OFFSET, cqEntries);
        region.set(JAVA_SHORT, SQE_SIZE_OFFSET, (short)SqeDescriptor.LENGTH);
        region.set(JAVA_SHORT, CQE_SIZE_OFFSET, (short)CqeDescriptor.LENGTH);
        region.set(JAVA_LONG, REGION_LENGTH_OFFSET, length);
        region.set(JAVA_LONG, CLIENT_PID_OFFSET, ProcessHandle.current().pid());
        region.set(JAVA_LONG, CREATED_MILLIS_OFFSET, System.currentTimeMillis());
        region.set(JAVA_INT, SQ_HEAD_OFFSET, initialIndex);
        region.set(JAVA_INT, SQ_TAIL_OFFSET, initialIndex);
        region.set(JAVA_INT, CQ_HEAD_OFFSET, initialIndex);
        region.set(JAVA_INT, CQ_TAIL_OFFSET, initialIndex);
        // release: every field above is visible before the magic; pairs with checkMapped's acquire.
        SharedAccess.LONG.setRelease(region, (long)MAGIC_OFFSET, MAGIC);
    }

    /**
     * Validates a region mapped from a file another process made: magic, version, entry sizes and length, read once
     * and checked, because that memory is not ours to trust.
     *
     * @param region the mapped region.
     * @param source where it came from, for the message.
     * @throws RingworkException {@link Errno#EPROTO} naming both values on any mismatch.
     */
    public static void checkMapped(final MemorySegment region, final String source)
    {
        if (region.byteSize() < CONTROL_LENGTH)
        {
            throw mismatch(source, "length", region.byteSize(), "at least " + CONTROL_LENGTH);
        }
        // acquire: pairs with initialize's release of the magic, so the fields below are complete.
        final long magic = (long)SharedAccess.LONG.getAcquire(region, (long)MAGIC_OFFSET);
        if (MAGIC != magic)
        {
            throw mismatch(source, "magic", "0x" + Long.toHexString(magic), "0x" + Long.toHexString(MAGIC));
        }
        final int version = region.get(JAVA_INT, VERSION_OFFSET);
        if (LAYOUT_VERSION != version)
        {
            throw new RingworkException(Errno.EPROTO, "ring layout version mismatch: app=" + LAYOUT_VERSION +
                " file=" + version + " (" + source + ")");
        }
        final int sqEntries = region.get(JAVA_INT, SQ_ENTRIES_OFFSET);
        final int cqEntries = region.get(JAVA_INT, CQ_ENTRIES_OFFSET);
        try
        {
            checkEntries(sqEntries, cqEntries);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RingworkException(Errno.EPROTO, ex.getMessage() + " (" + source + ")");
        }
        final int sqeSize = region.get(JAVA_SHORT, SQE_SIZE_OFFSET);
        if (SqeDescriptor.LENGTH != sqeSize)
        {
            throw mismatch(source, "sqeSize", sqeSize, SqeDescriptor.LENGTH);
        }
        final int cqeSize = region.get(JAVA_SHORT, CQE_SIZE_OFFSET);
        if (CqeDescriptor.LENGTH != cqeSize)
        {
            throw mismatch(source, "cqeSize", cqeSize, CqeDescriptor.LENGTH);
        }
        final long length = regionLength(sqEntries, cqEntries);
        if (region.get(JAVA_LONG, REGION_LENGTH_OFFSET) != length || region.byteSize() < length)
        {
            throw mismatch(source, "length", region.byteSize(), length);
        }
    }

    private static RingworkException mismatch(
        final String source, final String field, final Object found, final Object expected)
    {
        return new RingworkException(Errno.EPROTO, "ring " + field + " mismatch: app=" + expected +
            " file=" + found + " (" + source + ")");
    }

    /**
     * SQ entries recorded in the header, valid after {@link #checkMapped} or {@link #initialize}.
     *
     * @param region the ring region.
     * @return entries.
     */
    public static int sqEntries(final MemorySegment region)
    {
        // plain: immutable after the magic was published.
        return region.get(JAVA_INT, SQ_ENTRIES_OFFSET);
    }

    /**
     * CQ entries recorded in the header, valid after {@link #checkMapped} or {@link #initialize}.
     *
     * @param region the ring region.
     * @return entries.
     */
    public static int cqEntries(final MemorySegment region)
    {
        // plain: immutable after the magic was published.
        return region.get(JAVA_INT, CQ_ENTRIES_OFFSET);
    }

    /**
     * The status bits.
     *
     * @param region the ring region.
     * @return {@code STATUS_*} bits.
     */
    public static int statusVolatile(final MemorySegment region)
    {
        // volatile: read on slow paths only, where seeing the newest close or break matters more than cost.
        return (int)SharedAccess.INT.getVolatile(region, (long)STATUS_OFFSET);
    }

    /**
     * Sets status bits atomically and, for a break, records the reason (first reason wins).
     *
     * @param region the ring region.
     * @param bits   {@code STATUS_*} bits to set.
     * @param reason errno for a break, or {@link Errno#EOK}.
     */
    public static void orStatus(final MemorySegment region, final int bits, final Errno reason)
    {
        if (0 != (bits & STATUS_BROKEN))
        {
            // CAS: both sides may break the ring at once; the first reason stays.
            SharedAccess.INT.compareAndSet(region, (long)BROKEN_REASON_OFFSET, 0, reason.number());
        }
        // getAndBitwiseOr: both sides may set bits at once; a read-modify-write loses neither.
        final int ignoredPrevious = (int)SharedAccess.INT.getAndBitwiseOr(region, (long)STATUS_OFFSET, bits);
    }

    /**
     * The errno explaining a break.
     *
     * @param region the ring region.
     * @return the reason, {@link Errno#EOK} if not broken.
     */
    public static Errno brokenReason(final MemorySegment region)
    {
        // volatile: slow path, after seeing STATUS_BROKEN.
        return Errno.of((int)SharedAccess.INT.getVolatile(region, (long)BROKEN_REASON_OFFSET));
    }
}
