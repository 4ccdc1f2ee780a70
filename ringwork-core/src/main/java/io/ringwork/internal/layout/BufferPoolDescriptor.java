package io.ringwork.internal.layout;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The header of a buffer-pool segment, described once. Every segment (an arena or a file under /dev/shm) starts with
 * one page of header; allocations start at {@link #HEADER_LENGTH}, so offset 0 is never a buffer.
 * <pre>
 *   +--------------------------------+  0
 *   | segment header (every segment) |
 *   +--------------------------------+  128
 *   | pool control (segment 0 only)  |
 *   +--------------------------------+  256
 *   | reserved, zero                 |
 *   +--------------------------------+  4096 = HEADER_LENGTH
 *   | buffers                        |
 *   +--------------------------------+  segment length
 * </pre>
 * The segment header:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic (u64)                           |  0
 *  |                  written last, with release                   |
 *  +---------------------------------------------------------------+
 *  |                     Layout version (u32)                      |  8
 *  +---------------------------------------------------------------+
 *  |                  Segment id (u32, 0..65535)                   | 12
 *  +---------------------------------------------------------------+
 *  |                  Segment length in bytes (u64)                | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Header length in bytes (u32)                | 24
 *  +---------------------------------------------------------------+
 *  |                        Reserved (u32)                         | 28
 *  +---------------------------------------------------------------+
 *  |           Pool id (u64): random, the same in every segment    | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 Created, epoch millis (u64)                   | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Owner pid (u64)                          | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                      Reserved to 128                          | 56
 *  +---------------------------------------------------------------+
 * </pre>
 * The pool control, meaningful in segment 0 only, on its own cache-line pair because the owner writes it while peers
 * read it:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Published segment count (u32): owner writes, release      | 128
 *  +---------------------------------------------------------------+
 *  |                   Maximum segments (u32)                      | 132
 *  +---------------------------------------------------------------+
 *  |                 Status (u32): bit 0 = owner closed            | 136
 *  +---------------------------------------------------------------+
 *  |                   Minimum alignment (u32)                     | 140
 *  +---------------------------------------------------------------+
 *  |                      Reserved to 256                          | 144
 *  +---------------------------------------------------------------+
 * </pre>
 * Growth protocol: the owner creates segment {@code n}'s file, writes its header with the magic last (release), and
 * only then stores {@code n + 1} into the published segment count (release). A peer that meets a reference into an
 * unknown segment {@code n} loads the count (acquire); if {@code n} is below it, the file exists and is complete, so
 * the peer maps it and validates its header ({@link #checkMapped}) before trusting a byte of it.
 */
public final class BufferPoolDescriptor
{
    /** "RW_POOL" plus a format byte: the first eight bytes of every pool segment. */
    public static final long MAGIC = 0x52575F504F4F4C01L;

    /** The version of this layout; a peer with another version is refused. */
    public static final int LAYOUT_VERSION = 1;

    /** Length of a segment header; the first buffer starts here. A page, so buffers can be page-aligned. */
    public static final int HEADER_LENGTH = 4096;

    // *** Segment header ***
    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the segment id. */
    public static final int SEGMENT_ID_OFFSET = 12;
    /** Offset of the segment length, header included. */
    public static final int SEGMENT_LENGTH_OFFSET = 16;
    /** Offset of the header length. */
    public static final int HEADER_LENGTH_OFFSET = 24;
    /** Offset of the pool id. */
    public static final int POOL_ID_OFFSET = 32;
    /** Offset of the creation time. */
    public static final int CREATED_MILLIS_OFFSET = 40;
    /** Offset of the owner's process id. */
    public static final int OWNER_PID_OFFSET = 48;

    // *** Pool control, segment 0 only ***
    /** Offset of the published segment count. */
    public static final int SEGMENT_COUNT_OFFSET = 128;
    /** Offset of the maximum number of segments. */
    public static final int MAX_SEGMENTS_OFFSET = 132;
    /** Offset of the status word. */
    public static final int STATUS_OFFSET = 136;
    /** Offset of the pool's minimum alignment. */
    public static final int MIN_ALIGNMENT_OFFSET = 140;

    /** Status bit: the owner has closed the pool; its files are gone or going. */
    public static final int STATUS_OWNER_CLOSED = 1;

    private BufferPoolDescriptor()
    {
    }

    /**
     * Lays out the header of a zeroed segment and publishes it. The magic is written last, with release, so a peer
     * that sees it (with acquire) sees every other field too.
     *
     * @param segment   zeroed memory, the whole segment.
     * @param segmentId 0..65535.
     * @param poolId    the pool's random id.
     */
    public static void initialize(final MemorySegment segment, final int segmentId, final long poolId)
    {
        if (segment.byteSize() <= HEADER_LENGTH)
        {
            throw new IllegalArgumentException("segment.byteSize=" + segment.byteSize() + " must exceed header=" +
                HEADER_LENGTH);
        }
        // plain: nobody else can see the segment before the magic is published below.
        segment.set(JAVA_INT, VERSION_OFFSET, LAYOUT_VERSION);
        segment.set(JAVA_INT, SEGMENT_ID_OFFSET, segmentId);
        segment.set(JAVA_LONG, SEGMENT_LENGTH_OFFSET, segment.byteSize());
        segment.set(JAVA_INT, HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        segment.set(JAVA_LONG, POOL_ID_OFFSET, poolId);
        segment.set(JAVA_LONG, CREATED_MILLIS_OFFSET, System.currentTimeMillis());
        segment.set(JAVA_LONG, OWNER_PID_OFFSET, ProcessHandle.current().pid());
        // release: every field above is visible before the magic; pairs with checkMapped's acquire.
        SharedAccess.LONG.setRelease(segment, (long)MAGIC_OFFSET, MAGIC);
    }

    /**
     * Writes the pool control of segment 0, before segment 0's magic is published.
     *
     * @param segment0     segment 0, not yet initialized.
     * @param maxSegments  the configured maximum.
     * @param minAlignment the pool's minimum alignment.
     */
    public static void initializeControl(final MemorySegment segment0, final int maxSegments, final int minAlignment)
    {
        // plain: written before segment 0's magic is released.
        segment0.set(JAVA_INT, MAX_SEGMENTS_OFFSET, maxSegments);
        segment0.set(JAVA_INT, MIN_ALIGNMENT_OFFSET, minAlignment);
        segment0.set(JAVA_INT, SEGMENT_COUNT_OFFSET, 1);
    }

    /**
     * Validates a segment another process made: magic, version, segment id, pool id and length, each read once and
     * checked, because that memory is not ours to trust.
     *
     * @param segment           the mapped segment.
     * @param expectedSegmentId the id its file name promised.
     * @param expectedPoolId    the pool id of segment 0, or 0 when checking segment 0 itself.
     * @param source            where it came from, for the message.
     * @return the pool id recorded in the header.
     * @throws RingworkException {@link Errno#EPROTO} naming both values on any mismatch.
     */
    public static long checkMapped(final MemorySegment segment, final int expectedSegmentId,
        final long expectedPoolId, final String source)
    {
        if (segment.byteSize() <= HEADER_LENGTH)
        {
            throw mismatch(source, "length", segment.byteSize(), "more than " + HEADER_LENGTH);
        }
        // acquire: pairs with initialize's release of the magic, so the fields below are complete.
        final long magic = (long)SharedAccess.LONG.getAcquire(segment, (long)MAGIC_OFFSET);
        if (MAGIC != magic)
        {
            throw mismatch(source, "magic", "0x" + Long.toHexString(magic), "0x" + Long.toHexString(MAGIC));
        }
        final int version = segment.get(JAVA_INT, VERSION_OFFSET);
        if (LAYOUT_VERSION != version)
        {
            throw mismatch(source, "layout version", version, LAYOUT_VERSION);
        }
        final int segmentId = segment.get(JAVA_INT, SEGMENT_ID_OFFSET);
        if (expectedSegmentId != segmentId)
        {
            throw mismatch(source, "segment id", segmentId, expectedSegmentId);
        }
        final int headerLength = segment.get(JAVA_INT, HEADER_LENGTH_OFFSET);
        if (HEADER_LENGTH != headerLength)
        {
            throw mismatch(source, "header length", headerLength, HEADER_LENGTH);
        }
        final long length = segment.get(JAVA_LONG, SEGMENT_LENGTH_OFFSET);
        if (length != segment.byteSize())
        {
            throw mismatch(source, "segment length", length, segment.byteSize());
        }
        final long poolId = segment.get(JAVA_LONG, POOL_ID_OFFSET);
        if (0 != expectedPoolId && expectedPoolId != poolId)
        {
            throw mismatch(source, "pool id", "0x" + Long.toHexString(poolId),
                "0x" + Long.toHexString(expectedPoolId));
        }
        return poolId;
    }

    private static RingworkException mismatch(
        final String source, final String field, final Object found, final Object expected)
    {
        return new RingworkException(Errno.EPROTO, "pool segment " + field + " mismatch: expected=" + expected +
            " found=" + found + " (" + source + ")");
    }

    /**
     * Publishes a new segment count; the new segment's header must already be published.
     *
     * @param segment0 segment 0.
     * @param count    segments that now exist.
     */
    public static void publishSegmentCount(final MemorySegment segment0, final int count)
    {
        // release: the new segment's file and header are complete before peers can see the count; pairs with
        // segmentCountAcquire.
        SharedAccess.INT.setRelease(segment0, (long)SEGMENT_COUNT_OFFSET, count);
    }

    /**
     * The published segment count, as a peer sees it.
     *
     * @param segment0 segment 0.
     * @return the count, unchecked: the caller bounds it.
     */
    public static int segmentCountAcquire(final MemorySegment segment0)
    {
        // acquire: pairs with publishSegmentCount's release, so segments below the count are complete.
        return (int)SharedAccess.INT.getAcquire(segment0, (long)SEGMENT_COUNT_OFFSET);
    }

    /**
     * The maximum segment count recorded by the owner.
     *
     * @param segment0 segment 0, checked.
     * @return the count, unchecked: the caller bounds it.
     */
    public static int maxSegments(final MemorySegment segment0)
    {
        // plain: immutable after segment 0's magic was published.
        return segment0.get(JAVA_INT, MAX_SEGMENTS_OFFSET);
    }

    /**
     * Marks the pool closed by its owner.
     *
     * @param segment0 segment 0.
     */
    public static void markOwnerClosed(final MemorySegment segment0)
    {
        // getAndBitwiseOr: a read-modify-write so a future status bit set by another writer is not lost.
        final int ignoredPrevious = (int)SharedAccess.INT.getAndBitwiseOr(
            segment0, (long)STATUS_OFFSET, STATUS_OWNER_CLOSED);
    }

    /**
     * The status bits.
     *
     * @param segment0 segment 0.
     * @return {@code STATUS_*} bits.
     */
    public static int statusVolatile(final MemorySegment segment0)
    {
        // volatile: read on slow paths only, where seeing the newest close matters more than cost.
        return (int)SharedAccess.INT.getVolatile(segment0, (long)STATUS_OFFSET);
    }

    /**
     * The file name of segment {@code id} inside a pool directory.
     *
     * @param id the segment id.
     * @return such as {@code "segment-00003.pool"}.
     */
    public static String fileName(final int id)
    {
        final String digits = Integer.toString(id);
        return "segment-" + "00000".substring(digits.length()) + digits + ".pool";
    }
}
