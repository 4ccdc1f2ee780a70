package io.ringwork.internal.layout;

/**
 * The completion queue entry: 32 bytes, two to a cache line.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               User data, from the SQE (u64)                   |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |        Result (i64): bytes, a handle, a position, a count     |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |              Error: errno number, 0 = success (i32)           | 16
 *  +---------------+---------------+-------------------------------+
 *  |  Opcode (u8)  |  Flags (u8)   |        Reserved (u16)         | 20
 *  +---------------+---------------+-------------------------------+
 *  |             Extra: a second result word (u64)                 | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * The error is separate from the result (PatchworkOS): on error the result is undefined unless the verb says it
 * carries a partial result.
 */
public final class CqeDescriptor
{
    /** Entry size in bytes. */
    public static final int LENGTH = 32;
    /** log2 of {@link #LENGTH}. */
    public static final int LENGTH_SHIFT = 5;

    /** User data, u64. */
    public static final int USER_DATA_OFFSET = 0;
    /** Result, i64. */
    public static final int RESULT_OFFSET = 8;
    /** Error, i32. */
    public static final int ERROR_OFFSET = 16;
    /** Opcode of the completed SQE, u8. */
    public static final int OPCODE_OFFSET = 20;
    /** Flags, u8: {@code MORE}, ... */
    public static final int FLAGS_OFFSET = 21;
    /** Reserved, u16, zero. */
    public static final int RESERVED_OFFSET = 22;
    /** Extra, u64. */
    public static final int EXTRA_OFFSET = 24;

    private CqeDescriptor()
    {
    }
}
