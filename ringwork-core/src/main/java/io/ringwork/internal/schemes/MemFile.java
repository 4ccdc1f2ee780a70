package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.buffer.AllocationFlags;
import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferRef;
import io.ringwork.scheme.PollWatcher;
import io.ringwork.scheme.Request;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One named file of {@code mem:}: its bytes live in one allocation of the runtime's buffer pool, which doubles when a
 * write runs past it (up to the pool's largest allocation, then EFBIG). Rings on several dispatcher threads may use
 * one file at once, so every access holds the file's lock; pollers are told after each write and truncation.
 */
final class MemFile
{
    private static final long ALIGNMENT = 64;
    private static final long MIN_CAPACITY = 256;

    private final BufferPool pool;
    private final int mode;
    private final long createdNanos;
    private final CopyOnWriteArrayList<PollWatcher> watchers = new CopyOnWriteArrayList<>();
    private long ref = BufferRef.NULL;
    private long capacity;
    private long size;
    private long accessedNanos;
    private long modifiedNanos;

    MemFile(final BufferPool pool, final int mode)
    {
        this.pool = pool;
        this.mode = mode;
        this.createdNanos = nowNanos();
        this.accessedNanos = createdNanos;
        this.modifiedNanos = createdNanos;
    }

    /**
     * Copies bytes from the request's position into its buffers, in order.
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
        final MemorySegment data = pool.slice(ref, size);
        final int count = request.bufferCount();
        long at = position;
        for (int i = 0; i < count && at < size; i++)
        {
            final MemorySegment buffer = request.buffer(i);
            final long length = Math.min(buffer.byteSize(), size - at);
            MemorySegment.copy(data, at, buffer, 0, length);
            at += length;
        }
        return at - position;
    }

    /**
     * Copies the request's buffers in order to its position, growing the file (a gap reads as zeros).
     *
     * @param request a WRITE or WRITEV.
     * @return bytes written.
     * @throws RingworkException {@link Errno#EFBIG} past the largest allocation, {@link Errno#ENOMEM} if the pool
     *                           cannot hold the grown file.
     */
    long write(final Request request)
    {
        final long position = request.position();
        final int count = request.bufferCount();
        long total = 0;
        synchronized (this)
        {
            for (int i = 0; i < count; i++)
            {
                total += request.buffer(i).byteSize();
            }
            final long end = position + total;
            if (end < 0)
            {
                throw new RingworkException(Errno.EFBIG, "position=" + position + " + length=" + total +
                    " overflows");
            }
            ensureCapacity(end);
            final MemorySegment data = pool.slice(ref, capacity);
            if (position > size)
            {
                data.asSlice(size, position - size).fill((byte)0);
            }
            long at = position;
            for (int i = 0; i < count; i++)
            {
                final MemorySegment buffer = request.buffer(i);
                final long length = buffer.byteSize();
                MemorySegment.copy(buffer, 0, data, at, length);
                at += length;
            }
            size = Math.max(size, end);
            modifiedNanos = nowNanos();
        }
        notifyWatchers();
        return total;
    }

    private void ensureCapacity(final long needed)
    {
        if (needed <= capacity)
        {
            return;
        }
        final long largest = pool.options().maxAllocationSize();
        if (needed > largest)
        {
            throw new RingworkException(Errno.EFBIG, "mem: file size=" + needed + " exceeds the pool's largest " +
                "allocation=" + largest);
        }
        final long grown = Math.min(largest, Math.max(MIN_CAPACITY, Long.highestOneBit(needed - 1) << 1));
        final long newRef = pool.tryAllocate(grown, ALIGNMENT, AllocationFlags.NONE);
        if (BufferRef.NULL == newRef)
        {
            throw new RingworkException(Errno.ENOMEM, "mem: file cannot grow to " + grown + " bytes: pool is full");
        }
        if (BufferRef.NULL != ref)
        {
            MemorySegment.copy(pool.slice(ref, size), 0, pool.slice(newRef, size), 0, size);
            pool.free(ref);
        }
        ref = newRef;
        capacity = grown;
    }

    /**
     * Cuts the file to length 0, keeping its storage.
     */
    void truncate()
    {
        truncate(0);
    }

    /**
     * Sets the size: cuts the data, or extends it with zeros.
     *
     * @param length the new size.
     * @throws RingworkException {@link Errno#EFBIG} or {@link Errno#ENOMEM} if the file cannot grow that far.
     */
    void truncate(final long length)
    {
        synchronized (this)
        {
            if (length > size)
            {
                ensureCapacity(length);
                pool.slice(ref, capacity).asSlice(size, length - size).fill((byte)0);
            }
            size = length;
            modifiedNanos = nowNanos();
        }
        notifyWatchers();
    }

    synchronized long size()
    {
        return size;
    }

    synchronized FileStat stat()
    {
        return new FileStat(size, FileStat.TYPE_MEMORY, mode, accessedNanos, modifiedNanos, createdNanos);
    }

    void watch(final PollWatcher watcher)
    {
        watchers.add(watcher);
    }

    void unwatch(final PollWatcher watcher)
    {
        watchers.remove(watcher);
    }

    private void notifyWatchers()
    {
        for (final PollWatcher watcher : watchers)
        {
            watcher.changed();
        }
    }

    /**
     * Gives the storage back to the pool, when the scheme closes.
     */
    synchronized void release()
    {
        if (BufferRef.NULL != ref)
        {
            pool.free(ref);
            ref = BufferRef.NULL;
            capacity = 0;
            size = 0;
        }
    }

    private static long nowNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
