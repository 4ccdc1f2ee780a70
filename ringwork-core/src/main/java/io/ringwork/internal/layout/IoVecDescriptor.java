package io.ringwork.internal.layout;

/**
 * One entry of the vector that {@code READV} and {@code WRITEV} take (their arg1 names a buffer holding
 * arg2 of these, packed): 16 bytes, like a POSIX {@code struct iovec} with a pool reference for the address.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Buffer reference, BufferRef (u64)               |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     Length in bytes (u64)                     |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class IoVecDescriptor
{
    /** Entry size in bytes. */
    public static final int LENGTH = 16;
    /** log2 of {@link #LENGTH}. */
    public static final int LENGTH_SHIFT = 4;
    /** Buffer reference, u64. */
    public static final int BUFFER_OFFSET = 0;
    /** Length, u64. */
    public static final int LENGTH_OFFSET = 8;
    /** Most entries one vector may hold (Linux's UIO_MAXIOV). */
    public static final int MAX_ENTRIES = 1024;

    private IoVecDescriptor()
    {
    }
}
