package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

/**
 * Bit packing of a 64-bit buffer reference, in one place: a (segment id, byte offset) pair that means the same in
 * every process mapping the pool, where a raw address would mean nothing.
 * <pre>
 *   63              48 47                                              0
 *  +------------------+-------------------------------------------------+
 *  | segment id (u16) |        byte offset within the segment (u48)     |
 *  +------------------+-------------------------------------------------+
 * </pre>
 * A reference travels in an SQE's {@code arg1} (payload) with its length in {@code arg2} (magnitude), the fields
 * the ring layout reserves for them. Offset 0 of every segment is its header, so no allocation ever starts there
 * and {@link #NULL} (segment 0, offset 0) is never a valid buffer. A reference whose value fits in 32 bits lies in
 * segment 0 below 4 GiB, the zone {@link AllocationFlags#LOW_4G} allocates from, for peers that carry 32-bit
 * offsets.
 */
public final class BufferRef
{
    /** Never a valid buffer: offset 0 of segment 0 is that segment's header. */
    public static final long NULL = 0;

    /** Bits of the offset field. */
    public static final int OFFSET_BITS = 48;

    /** The largest segment id. */
    public static final int MAX_SEGMENT_ID = 0xFFFF;

    /** The largest offset. */
    public static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;

    /** The bound of the 32-bit reference space: references below it fit a u32. */
    public static final long LOW_4G_LIMIT = 1L << 32;

    private BufferRef()
    {
    }

    /**
     * Packs a reference.
     *
     * @param segmentId 0..65535.
     * @param offset    0..2^48-1.
     * @return the reference.
     * @throws IllegalArgumentException naming the value out of range.
     */
    public static long encode(final int segmentId, final long offset)
    {
        if (segmentId < 0 || segmentId > MAX_SEGMENT_ID)
        {
            throw new IllegalArgumentException("segmentId=" + segmentId + " must be in [0, " + MAX_SEGMENT_ID + "]");
        }
        if (offset < 0 || offset > MAX_OFFSET)
        {
            throw new IllegalArgumentException("offset=" + offset + " must be in [0, " + MAX_OFFSET + "]");
        }
        return ((long)segmentId << OFFSET_BITS) | offset;
    }

    /**
     * The segment id.
     *
     * @param ref a reference.
     * @return 0..65535.
     */
    public static int segmentId(final long ref)
    {
        return (int)(ref >>> OFFSET_BITS);
    }

    /**
     * The byte offset within the segment.
     *
     * @param ref a reference.
     * @return 0..2^48-1.
     */
    public static long offset(final long ref)
    {
        return ref & MAX_OFFSET;
    }

    /**
     * A reference {@code delta} bytes further into the same segment, for a part of a buffer.
     *
     * @param ref   a reference.
     * @param delta bytes, not negative.
     * @return the reference to {@code offset(ref) + delta} in the same segment.
     * @throws IllegalArgumentException naming the values when the offset would leave the u48 range.
     */
    public static long add(final long ref, final long delta)
    {
        final long offset = offset(ref);
        if (delta < 0 || delta > MAX_OFFSET - offset)
        {
            throw new IllegalArgumentException(
                "delta=" + delta + " from " + toString(ref) + " leaves the offset range");
        }
        return ref + delta;
    }

    /**
     * Whether {@code [offset, offset + length)} lies in the usable part {@code [headerLength, segmentLength)} of a
     * segment, computed without overflow for any input, including hostile ones read from shared memory.
     *
     * @param ref           a reference.
     * @param length        bytes, 0 allowed.
     * @param headerLength  first usable offset of the segment.
     * @param segmentLength the segment's length.
     * @return true if in bounds.
     */
    public static boolean inBounds(final long ref, final long length, final long headerLength,
        final long segmentLength)
    {
        final long offset = offset(ref);
        return length >= 0 && offset >= headerLength && offset <= segmentLength &&
            length <= segmentLength - offset;
    }

    /**
     * Checks a reference read from an SQE against a segment's bounds.
     *
     * @param ref           a reference.
     * @param length        bytes.
     * @param headerLength  first usable offset of the segment.
     * @param segmentLength the segment's length.
     * @throws RingworkException {@link Errno#EFAULT} naming the reference, length and segment bounds.
     */
    public static void checkBounds(final long ref, final long length, final long headerLength,
        final long segmentLength)
    {
        if (!inBounds(ref, length, headerLength, segmentLength))
        {
            throw new RingworkException(Errno.EFAULT, "ref=" + toString(ref) + " length=" + length +
                " is outside segment bounds [" + headerLength + ", " + segmentLength + ")");
        }
    }

    /**
     * Whether the reference fits a 32-bit field (segment 0, offset below 4 GiB).
     *
     * @param ref a reference.
     * @return true if its value is below 2^32.
     */
    public static boolean isLow4G(final long ref)
    {
        return 0 <= ref && ref < LOW_4G_LIMIT;
    }

    /**
     * A short form for logs and the command line.
     *
     * @param ref a reference.
     * @return such as {@code "seg=1+0x4000"}, or {@code "null"} for {@link #NULL}.
     */
    public static String toString(final long ref)
    {
        if (NULL == ref)
        {
            return "null";
        }
        return "seg=" + segmentId(ref) + "+0x" + Long.toHexString(offset(ref));
    }
}
