package io.ringwork;

import io.ringwork.internal.layout.StatDescriptor;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * What {@code STAT} reports about an open handle, and the codec of the 48-byte buffer it fills (layout in
 * {@code StatDescriptor}, documented in {@code docs/verbs/stat.md}).
 *
 * @param size        bytes.
 * @param type        one of the {@code TYPE_*} values.
 * @param mode        permission bits, such as {@code 0644}.
 * @param accessNanos last access, nanoseconds since the Unix epoch, 0 if unknown.
 * @param modifyNanos last modification, nanoseconds since the Unix epoch, 0 if unknown.
 * @param changeNanos last status change or creation, nanoseconds since the Unix epoch, 0 if unknown.
 */
public record FileStat(long size, int type, int mode, long accessNanos, long modifyNanos, long changeNanos)
{
    /** The scheme does not say. */
    public static final int TYPE_UNKNOWN = 0;
    /** A regular file. */
    public static final int TYPE_REGULAR = 1;
    /** A directory. */
    public static final int TYPE_DIRECTORY = 2;
    /** A character device, such as {@code null:} and {@code zero:}. */
    public static final int TYPE_CHARACTER_DEVICE = 3;
    /** A named in-memory file of {@code mem:}. */
    public static final int TYPE_MEMORY = 4;
    /** Anything else: a link, a socket, a pipe. */
    public static final int TYPE_OTHER = 5;

    /** Bytes a STAT buffer must hold. */
    public static final int BUFFER_LENGTH = StatDescriptor.LENGTH;

    /**
     * Decodes a buffer that {@code STAT} filled.
     *
     * @param buffer at least {@link #BUFFER_LENGTH} bytes.
     * @return the description.
     */
    public static FileStat read(final MemorySegment buffer)
    {
        return new FileStat(
            buffer.get(JAVA_LONG_UNALIGNED, StatDescriptor.SIZE_OFFSET),
            buffer.get(JAVA_INT_UNALIGNED, StatDescriptor.TYPE_OFFSET),
            buffer.get(JAVA_INT_UNALIGNED, StatDescriptor.MODE_OFFSET),
            buffer.get(JAVA_LONG_UNALIGNED, StatDescriptor.ACCESS_TIME_OFFSET),
            buffer.get(JAVA_LONG_UNALIGNED, StatDescriptor.MODIFY_TIME_OFFSET),
            buffer.get(JAVA_LONG_UNALIGNED, StatDescriptor.CHANGE_TIME_OFFSET));
    }

    /**
     * Encodes this description into a buffer, reserved bytes zeroed.
     *
     * @param buffer at least {@link #BUFFER_LENGTH} bytes.
     */
    public void write(final MemorySegment buffer)
    {
        buffer.set(JAVA_LONG_UNALIGNED, StatDescriptor.SIZE_OFFSET, size);
        buffer.set(JAVA_INT_UNALIGNED, StatDescriptor.TYPE_OFFSET, type);
        buffer.set(JAVA_INT_UNALIGNED, StatDescriptor.MODE_OFFSET, mode);
        buffer.set(JAVA_LONG_UNALIGNED, StatDescriptor.ACCESS_TIME_OFFSET, accessNanos);
        buffer.set(JAVA_LONG_UNALIGNED, StatDescriptor.MODIFY_TIME_OFFSET, modifyNanos);
        buffer.set(JAVA_LONG_UNALIGNED, StatDescriptor.CHANGE_TIME_OFFSET, changeNanos);
        buffer.set(JAVA_LONG_UNALIGNED, StatDescriptor.RESERVED_OFFSET, 0L);
    }
}
