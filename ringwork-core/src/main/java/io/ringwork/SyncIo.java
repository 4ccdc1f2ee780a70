package io.ringwork;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The blocking calls, built on {@link AsyncIo}: each submits and waits for its completion. On a virtual thread the
 * wait parks the virtual thread and frees its carrier (no pinning), so thousands of virtual threads can do I/O
 * through one ring; it works on platform threads too. A failure throws a {@link RingworkException} with the CQE's
 * {@link Errno}; an interrupt cancels the operation and throws one with {@link Errno#EINTR}.
 * {@snippet lang=java :
 * SyncIo io = reactor.sync();
 * long handle = io.open("file:/etc/hostname", VerbFlags.OPEN_READ);
 * int n = (int)io.read(handle, ByteBuffer.allocate(256), 0);
 * io.close(handle);
 * }
 */
public final class SyncIo
{
    private final AsyncIo async;

    /**
     * The blocking view of an {@link AsyncIo}.
     *
     * @param async the ring's async view.
     */
    public SyncIo(final AsyncIo async)
    {
        this.async = async;
    }

    /**
     * The asynchronous calls these wait for.
     *
     * @return the async view of the same ring.
     */
    public AsyncIo async()
    {
        return async;
    }

    static <T> T await(final CompletableFuture<T> future)
    {
        try
        {
            return future.get();
        }
        catch (final InterruptedException ex)
        {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new RingworkException(Errno.EINTR, "interrupted while waiting for a ring operation");
        }
        catch (final CancellationException ex)
        {
            throw new RingworkException(Errno.ECANCELED, "the operation was cancelled");
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RingworkException cause)
            {
                // A new exception, so the stack shows the caller; the reactor thread's is in the cause.
                throw new RingworkException(cause.errno(), cause.category(), cause.detail(), cause);
            }
            throw new RingworkException(Errno.EIO, RingworkException.Category.ERROR, "ring operation failed", ex);
        }
    }

    /**
     * OPEN.
     *
     * @param path  {@code "scheme:rest"}.
     * @param flags {@code VerbFlags.OPEN_*}.
     * @return the handle.
     */
    public long open(final String path, final int flags)
    {
        return await(async.open(path, flags));
    }

    /**
     * OPEN with a mode.
     *
     * @param path  {@code "scheme:rest"}.
     * @param flags {@code VerbFlags.OPEN_*}.
     * @param mode  permission bits for a created file.
     * @return the handle.
     */
    public long open(final String path, final int flags, final int mode)
    {
        return await(async.open(path, flags, mode));
    }

    /**
     * CLOSE.
     *
     * @param handle an open handle.
     */
    public void close(final long handle)
    {
        await(async.close(handle));
    }

    /**
     * READ into a pool buffer.
     *
     * @param handle   an open handle.
     * @param buffer   a pool reference.
     * @param length   bytes.
     * @param position offset, or -1 for the handle's position.
     * @return bytes read, 0 at the end.
     */
    public long read(final long handle, final long buffer, final long length, final long position)
    {
        final long now = async.readNow(handle, buffer, length, position);
        return AsyncIo.NOT_NOW != now ? now : await(async.readThroughRing(handle, buffer, length, position));
    }

    /**
     * READ into any byte buffer, whose position advances by the count.
     *
     * @param handle   an open handle.
     * @param dst      where the bytes go.
     * @param position offset, or -1 for the handle's position.
     * @return bytes read, 0 at the end.
     */
    public long read(final long handle, final ByteBuffer dst, final long position)
    {
        final long now = async.readNow(handle, dst, position);
        return AsyncIo.NOT_NOW != now ? now : await(async.readThroughRing(handle, dst, position));
    }

    /**
     * WRITE from a pool buffer.
     *
     * @param handle   an open handle.
     * @param buffer   a pool reference.
     * @param length   bytes.
     * @param position offset, or -1 for the handle's position.
     * @return bytes written.
     */
    public long write(final long handle, final long buffer, final long length, final long position)
    {
        return await(async.write(handle, buffer, length, position));
    }

    /**
     * WRITE from any byte buffer, whose position advances to its limit.
     *
     * @param handle   an open handle.
     * @param src      the bytes.
     * @param position offset, or -1 for the handle's position.
     * @return bytes written.
     */
    public long write(final long handle, final ByteBuffer src, final long position)
    {
        return await(async.write(handle, src, position));
    }

    /**
     * SEEK.
     *
     * @param handle an open handle.
     * @param offset bytes.
     * @param whence {@code VerbFlags.SEEK_*}.
     * @return the new position.
     */
    public long seek(final long handle, final long offset, final int whence)
    {
        return await(async.seek(handle, offset, whence));
    }

    /**
     * FSYNC.
     *
     * @param handle   an open handle.
     * @param dataOnly flush only what is needed to read the data back.
     */
    public void fsync(final long handle, final boolean dataOnly)
    {
        await(async.fsync(handle, dataOnly));
    }

    /**
     * TRUNCATE: sets the size, cutting the data or extending it with zeros.
     *
     * @param handle a handle open for writing.
     * @param length the new size.
     */
    public void truncate(final long handle, final long length)
    {
        await(async.truncate(handle, length));
    }

    /**
     * STAT.
     *
     * @param handle an open handle.
     * @return the description.
     */
    public FileStat stat(final long handle)
    {
        return await(async.stat(handle));
    }

    /**
     * Sleeps on the ring.
     *
     * @param duration how long.
     */
    public void sleep(final Duration duration)
    {
        await(async.sleep(duration));
    }

    /**
     * A scheme's own verb; an error throws.
     *
     * @param opcode a user verb.
     * @param handle an open handle.
     * @param arg1   argument 1.
     * @param arg2   argument 2.
     * @param arg3   argument 3.
     * @param arg4   argument 4.
     * @return the completion.
     */
    public Completion call(final int opcode, final long handle, final long arg1, final long arg2, final long arg3,
        final long arg4)
    {
        final Completion completion = await(async.call(opcode, handle, arg1, arg2, arg3, arg4));
        completion.resultOrThrow();
        return completion;
    }
}
