package io.ringwork.internal.layout;

/**
 * The submission queue entry: 64 bytes, one cache line, read and written in place.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Opcode (u8)  |  Flags (u8)   |        Priority (u16)         |  0
 *  +---------------+---------------+-------------------------------+
 *  |     Register specifiers (u32): six 3-bit fields, see below    |  4
 *  +---------------------------------------------------------------+
 *  |                arg0: subject, e.g. a handle (u64)             |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            arg1: payload, e.g. a buffer reference (u64)       | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              arg2: magnitude, e.g. a length (u64)             | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      arg3: location, e.g. an offset, -1 = current (u64)       | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          arg4: auxiliary, e.g. verb flags (u64)               | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   User data, echoed (u64)                     | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Timeout in nanoseconds, 0 = none (u64)           | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * Flags: bits 0-4 are the client's ({@code LINK, HARDLINK, DRAIN, CQE_SKIP_SUCCESS, SUBSCRIBE}); bit 7,
 * {@link #BATCH_END_FLAG}, is set by the ring itself on the last SQE of each submit, so the server knows where
 * one {@code enter} ends and can confine chains to it. Bits 5-6 are reserved and must be zero.
 * <p>
 * Register specifiers (PatchworkOS's develop encoding, so zeroed memory means "no registers"): bits 0-2 load arg0,
 * 3-5 arg1, 6-8 arg2, 9-11 arg3, 12-14 arg4, 15-17 save the result; 0 = none, 1..7 = R0..R6. Bits 18-31 are
 * reserved and must be zero.
 */
public final class SqeDescriptor
{
    /** Entry size in bytes. */
    public static final int LENGTH = 64;
    /** log2 of {@link #LENGTH}. */
    public static final int LENGTH_SHIFT = 6;

    /** Opcode, u8. */
    public static final int OPCODE_OFFSET = 0;
    /** Flags, u8: {@code LINK}, {@code HARDLINK}, {@code DRAIN}, ... */
    public static final int FLAGS_OFFSET = 1;
    /** Priority, u16: greater runs first among ready entries. */
    public static final int PRIORITY_OFFSET = 2;
    /** Register specifiers, u32. */
    public static final int REGISTERS_OFFSET = 4;
    /** arg0, u64. */
    public static final int ARG0_OFFSET = 8;
    /** arg1, u64. */
    public static final int ARG1_OFFSET = 16;
    /** arg2, u64. */
    public static final int ARG2_OFFSET = 24;
    /** arg3, u64. */
    public static final int ARG3_OFFSET = 32;
    /** arg4, u64. */
    public static final int ARG4_OFFSET = 40;
    /** User data, u64. */
    public static final int USER_DATA_OFFSET = 48;
    /** Timeout in nanoseconds, u64. */
    public static final int TIMEOUT_OFFSET = 56;

    /** Flag bit the ring sets on the last SQE of each submit; not for clients to set. */
    public static final int BATCH_END_FLAG = 1 << 7;

    /** Number of arguments. */
    public static final int ARG_COUNT = 5;
    /** Bits per register specifier. */
    public static final int REGISTER_SPEC_BITS = 3;
    /** Mask of one register specifier. */
    public static final int REGISTER_SPEC_MASK = 0b111;
    /** Index of the result's specifier (after the five argument specifiers). */
    public static final int RESULT_SPEC_INDEX = 5;
    /** Bits of the specifier word that carry meaning; the rest must be zero. */
    public static final int REGISTER_SPEC_VALID_BITS = (1 << (REGISTER_SPEC_BITS * 6)) - 1;

    private SqeDescriptor()
    {
    }

    /**
     * Offset of argument {@code n} within an entry.
     *
     * @param n 0..4.
     * @return bytes from the entry start.
     */
    public static int argOffset(final int n)
    {
        return ARG0_OFFSET + (n << 3);
    }
}
