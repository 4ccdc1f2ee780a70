package io.ringwork.internal.layout;

/**
 * What {@code STAT} writes into the client's buffer: 48 bytes, little-endian like the rest of the ring.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Size in bytes (u64)                      |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                Type: FileStat.TYPE_* (u32)                    |  8
 *  +---------------------------------------------------------------+
 *  |            Mode: permission bits, e.g. 0644 (u32)             | 12
 *  +---------------------------------------------------------------+
 *  |        Last access, nanoseconds since the epoch (i64)         | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     Last modification, nanoseconds since the epoch (i64)      | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Last status change or creation, ns since the epoch (i64)    | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Reserved, zero (u64)                      | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * A time a scheme does not know is 0.
 */
public final class StatDescriptor
{
    /** Bytes written; the buffer must hold at least this many. */
    public static final int LENGTH = 48;

    /** Size, u64. */
    public static final int SIZE_OFFSET = 0;
    /** Type, u32. */
    public static final int TYPE_OFFSET = 8;
    /** Mode, u32. */
    public static final int MODE_OFFSET = 12;
    /** Access time, i64 ns. */
    public static final int ACCESS_TIME_OFFSET = 16;
    /** Modification time, i64 ns. */
    public static final int MODIFY_TIME_OFFSET = 24;
    /** Change time, i64 ns. */
    public static final int CHANGE_TIME_OFFSET = 32;
    /** Reserved, u64, zero. */
    public static final int RESERVED_OFFSET = 40;

    private StatDescriptor()
    {
    }
}
