package io.ringwork.buffer;

/**
 * Flags for {@link BufferPool#allocate(long, long, int)} and {@link BufferPool#allocateScatter}, or-ed together.
 */
public final class AllocationFlags
{
    /** No flags: any segment, growing the pool when it is full. */
    public static final int NONE = 0;

    /**
     * Only from the low 4 GiB of the reference space (segment 0, below offset 2^32), so the reference fits a 32-bit
     * field; never grows the pool, since growth adds segments outside that zone (physalloc3's 32-bit flag).
     */
    public static final int LOW_4G = 1;

    /** Fail with {@code ENOMEM} rather than add a segment. */
    public static final int NO_GROW = 1 << 1;

    /** Every flag this version knows; others are refused with {@code EINVAL}. */
    public static final int VALID = LOW_4G | NO_GROW;

    private AllocationFlags()
    {
    }
}
