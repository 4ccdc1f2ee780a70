package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.BufferPoolDescriptor;

import java.util.Objects;

/**
 * How a {@link BufferPool} is sized and how it allocates. Immutable; start from {@link #defaults()} and change what
 * you need with the {@code with*} methods.
 *
 * @param segmentSize       bytes of a normal segment, header included: a multiple of 4096, at least two pages,
 *                          at most 4 GiB for segment 0 (the 32-bit zone). A request too large for it gets a segment
 *                          of its own, sized to fit.
 * @param maxSegments       the most segments the pool may have, 1..65536; past it allocation fails with
 *                          {@code ENOMEM}.
 * @param minAllocationSize smaller requests are rounded up to it, so tiny buffers do not leave tiny holes.
 * @param maxAllocationSize larger requests are refused with {@code EINVAL}; at most 2^40.
 * @param minAlignment      every buffer is aligned to at least this: a power of two from 8 to 4096; sizes are
 *                          rounded up to a multiple of it.
 * @param maxAlignment      the largest alignment a request may ask for: a power of two from {@code minAlignment} to
 *                          2 MiB.
 * @param strategy          how a free block is chosen.
 */
public record BufferPoolOptions(
    long segmentSize,
    int maxSegments,
    long minAllocationSize,
    long maxAllocationSize,
    long minAlignment,
    long maxAlignment,
    AllocationStrategy strategy)
{
    /** Default segment size: 16 MiB. */
    public static final long DEFAULT_SEGMENT_SIZE = 16L << 20;
    /** Default maximum number of segments. */
    public static final int DEFAULT_MAX_SEGMENTS = 256;
    /** Default maximum allocation: 64 MiB. */
    public static final long DEFAULT_MAX_ALLOCATION_SIZE = 64L << 20;
    /** Default minimum alignment: a cache line, so buffers used by different threads never share one. */
    public static final long DEFAULT_MIN_ALIGNMENT = 64;
    /** Default maximum alignment: 2 MiB, a huge page. */
    public static final long DEFAULT_MAX_ALIGNMENT = 2L << 20;

    /** The smallest alignment a pool supports. */
    public static final long SMALLEST_ALIGNMENT = 8;
    /** The largest minimum alignment: a page. */
    public static final long LARGEST_MIN_ALIGNMENT = 4096;
    /** The largest alignment a pool supports: 2 MiB. */
    public static final long LARGEST_ALIGNMENT = 2L << 20;
    /** The largest allocation a pool supports: 1 TiB. */
    public static final long LARGEST_ALLOCATION_SIZE = 1L << 40;
    /** The largest segment 0 may be: it is the 32-bit zone. */
    public static final long LARGEST_FIRST_SEGMENT = 1L << 32;
    /** Segment sizes are multiples of this. */
    public static final long PAGE_SIZE = 4096;

    /**
     * Validates the options.
     *
     * @throws RingworkException {@link Errno#EINVAL} naming the value at fault.
     */
    public BufferPoolOptions
    {
        Objects.requireNonNull(strategy, "strategy");
        if (segmentSize < 2 * PAGE_SIZE || segmentSize > LARGEST_FIRST_SEGMENT || 0 != segmentSize % PAGE_SIZE)
        {
            throw invalid("segmentSize=" + segmentSize + " must be a multiple of " + PAGE_SIZE + " in [" +
                2 * PAGE_SIZE + ", " + LARGEST_FIRST_SEGMENT + "]");
        }
        if (maxSegments < 1 || maxSegments > BufferRef.MAX_SEGMENT_ID + 1)
        {
            throw invalid("maxSegments=" + maxSegments + " must be in [1, " + (BufferRef.MAX_SEGMENT_ID + 1) + "]");
        }
        if (minAlignment < SMALLEST_ALIGNMENT || minAlignment > LARGEST_MIN_ALIGNMENT ||
            1 != Long.bitCount(minAlignment))
        {
            throw invalid("minAlignment=" + minAlignment + " must be a power of two in [" + SMALLEST_ALIGNMENT +
                ", " + LARGEST_MIN_ALIGNMENT + "]");
        }
        if (maxAlignment < minAlignment || maxAlignment > LARGEST_ALIGNMENT || 1 != Long.bitCount(maxAlignment))
        {
            throw invalid("maxAlignment=" + maxAlignment + " must be a power of two in [minAlignment=" +
                minAlignment + ", " + LARGEST_ALIGNMENT + "]");
        }
        if (minAllocationSize < 1 || minAllocationSize > maxAllocationSize)
        {
            throw invalid("minAllocationSize=" + minAllocationSize + " must be in [1, maxAllocationSize=" +
                maxAllocationSize + "]");
        }
        if (maxAllocationSize > LARGEST_ALLOCATION_SIZE)
        {
            throw invalid("maxAllocationSize=" + maxAllocationSize + " must be at most " + LARGEST_ALLOCATION_SIZE);
        }
        if (segmentSize - BufferPoolDescriptor.HEADER_LENGTH < minAllocationSize)
        {
            throw invalid("segmentSize=" + segmentSize + " leaves no room for minAllocationSize=" +
                minAllocationSize);
        }
    }

    private static RingworkException invalid(final String detail)
    {
        return new RingworkException(Errno.EINVAL, detail);
    }

    /**
     * 16 MiB segments, up to 256 of them, allocations of 1 byte to 64 MiB aligned to 64 bytes to 2 MiB, best fit.
     *
     * @return the defaults.
     */
    public static BufferPoolOptions defaults()
    {
        return new BufferPoolOptions(DEFAULT_SEGMENT_SIZE, DEFAULT_MAX_SEGMENTS, 1, DEFAULT_MAX_ALLOCATION_SIZE,
            DEFAULT_MIN_ALIGNMENT, DEFAULT_MAX_ALIGNMENT, AllocationStrategy.BEST_FIT);
    }

    /**
     * With another segment size.
     *
     * @param bytes a multiple of 4096.
     * @return new options.
     */
    public BufferPoolOptions withSegmentSize(final long bytes)
    {
        return new BufferPoolOptions(bytes, maxSegments, minAllocationSize, maxAllocationSize, minAlignment,
            maxAlignment, strategy);
    }

    /**
     * With another maximum number of segments.
     *
     * @param count 1..65536; 1 means the pool never grows.
     * @return new options.
     */
    public BufferPoolOptions withMaxSegments(final int count)
    {
        return new BufferPoolOptions(segmentSize, count, minAllocationSize, maxAllocationSize, minAlignment,
            maxAlignment, strategy);
    }

    /**
     * With other allocation size bounds.
     *
     * @param min smaller requests are rounded up to it.
     * @param max larger requests are refused.
     * @return new options.
     */
    public BufferPoolOptions withAllocationSizes(final long min, final long max)
    {
        return new BufferPoolOptions(segmentSize, maxSegments, min, max, minAlignment, maxAlignment, strategy);
    }

    /**
     * With other alignment bounds.
     *
     * @param min every buffer's alignment.
     * @param max the largest alignment a request may ask for.
     * @return new options.
     */
    public BufferPoolOptions withAlignments(final long min, final long max)
    {
        return new BufferPoolOptions(segmentSize, maxSegments, minAllocationSize, maxAllocationSize, min, max,
            strategy);
    }

    /**
     * With another strategy.
     *
     * @param allocationStrategy how a free block is chosen.
     * @return new options.
     */
    public BufferPoolOptions withStrategy(final AllocationStrategy allocationStrategy)
    {
        return new BufferPoolOptions(segmentSize, maxSegments, minAllocationSize, maxAllocationSize, minAlignment,
            maxAlignment, allocationStrategy);
    }
}
