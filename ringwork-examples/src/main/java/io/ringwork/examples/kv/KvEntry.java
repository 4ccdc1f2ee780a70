package io.ringwork.examples.kv;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * One value of {@code kv:}: bytes on the heap that double when a write runs past them, up to the store's largest
 * value. Rings served by several dispatcher threads may use one value at once, so every access holds its lock.
 * Reads and writes that fit copy between the array and the request's buffers and allocate nothing.
 */
final class KvEntry
{
    private static final int MIN_CAPACITY = 64;

    private final int maxBytes;
    private final int mode;
    private final long createdNanos;
    private byte[] data = new byte[0];
    private int size;
    private long accessedNanos;
    private long modifiedNanos;

    KvEntry(final int maxBytes, final int mode)
    {
        this.maxBytes = maxBytes;
        this.mode = mode;
        this.createdNanos = nowNanos();
        this.accessedNanos = createdNanos;
        this.modifiedNanos = createdNanos;
    }

    /**
     * Copies from the request's position into its buffers, in order.
     *
     * @param request a READ or READV.
     * @return bytes copied, 0 at or past the end.
     */
    synchronized long read(final Request request)
    {
        final long position = request.position();
        accessedNanos = nowNanos();
        if (position >= size)
        {
            return 0;
        }
        final int count = request.bufferCount();
        int at = (int)position;
        for (int i = 0; i < count && at < size; i++)
        {
            final MemorySegment buffer = request.buffer(i);
            final int length = (int)Math.min(buffer.byteSize(), size - at);
            MemorySegment.copy(data, at, buffer, JAVA_BYTE, 0, length);
            at += length;
        }
        return at - position;
    }

    /**
     * Copies the request's buffers in order to its position, growing the value (a gap reads as zeros).
     *
     * @param request a WRITE or WRITEV.
     * @return bytes written.
     * @throws RingworkException {@link Errno#EFBIG} past the store's largest value.
     */
    synchronized long write(final Request request)
    {
        final long position = request.position();
        final int count = request.bufferCount();
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += request.buffer(i).byteSize();
        }
        final long end = position + total;
        if (end < 0 || end > maxBytes)
        {
            throw new RingworkException(Errno.EFBIG, "kv: position=" + position + " + length=" + total +
                " runs past the largest value, " + maxBytes + " bytes");
        }
        ensureCapacity((int)end);
        if (position > size)
        {
            Arrays.fill(data, size, (int)position, (byte)0);
        }
        int at = (int)position;
        for (int i = 0; i < count; i++)
        {
            final MemorySegment buffer = request.buffer(i);
            final int length = (int)buffer.byteSize();
            MemorySegment.copy(buffer, JAVA_BYTE, 0, data, at, length);
            at += length;
        }
        size = Math.max(size, (int)end);
        modifiedNanos = nowNanos();
        return total;
    }

    private void ensureCapacity(final int needed)
    {
        if (needed <= data.length)
        {
            return;
        }
        final long doubled = Math.max(MIN_CAPACITY, (long)data.length << 1);
        data = Arrays.copyOf(data, (int)Math.min(maxBytes, Math.max(needed, doubled)));
    }

    /**
     * Sets the value's length: cuts it, or extends it with zeros.
     *
     * @param length the new length, not negative.
     * @throws RingworkException {@link Errno#EFBIG} past the store's largest value.
     */
    synchronized void truncate(final long length)
    {
        if (length > maxBytes)
        {
            throw new RingworkException(Errno.EFBIG, "kv: length=" + length + " is past the largest value, " +
                maxBytes + " bytes");
        }
        final int newSize = (int)length;
        if (newSize > size)
        {
            ensureCapacity(newSize);
            Arrays.fill(data, size, newSize, (byte)0);
        }
        size = newSize;
        modifiedNanos = nowNanos();
    }

    synchronized long size()
    {
        return size;
    }

    synchronized FileStat stat()
    {
        return new FileStat(size, FileStat.TYPE_MEMORY, mode, accessedNanos, modifiedNanos, createdNanos);
    }

    private static long nowNanos()
    {
        // Millisecond resolution is enough for a stat and, unlike Instant.now(), allocates nothing.
        return System.currentTimeMillis() * 1_000_000L;
    }
}
