package io.ringwork.nio;

import io.ringwork.Errno;
import io.ringwork.RingReactor;
import io.ringwork.RingworkException;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link FileChannel} whose reads, writes, size, truncate and force go through a ring: any scheme path a
 * {@link RingReactor} reaches ({@code file:/…} on io_uring, {@code mem:…}, a scheme of another process). Blocking
 * calls park a virtual thread without pinning its carrier. Bytes pass through a pool buffer of the reactor's (one
 * copy each way).
 * <p>
 * As the contract asks, the channel is safe for many threads: positional reads and writes run concurrently, and the
 * calls that use or move the channel's position, or change the size, run one at a time. An interrupt closes the
 * channel ({@link java.nio.channels.ClosedByInterruptException}). Not supported, because schemes have no such verbs:
 * {@link #map} and file locks.
 * {@snippet lang=java :
 * try (FileChannel channel = RingFileChannel.open(reactor, "file:/var/data/log",
 *          Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))
 * {
 *     channel.write(ByteBuffer.wrap(bytes));
 * }
 * }
 */
public final class RingFileChannel extends FileChannel
{
    private static final int TRANSFER_CHUNK = 64 * 1024;

    private final SyncIo io;
    private final String path;
    private final long handle;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final boolean syncWrites;
    private final ReentrantLock positionLock = new ReentrantLock();
    private long position;

    private RingFileChannel(final SyncIo io, final String path, final long handle, final int flags,
        final boolean syncWrites)
    {
        this.io = io;
        this.path = path;
        this.handle = handle;
        this.readable = 0 != (flags & VerbFlags.OPEN_READ);
        this.writable = 0 != (flags & VerbFlags.OPEN_WRITE);
        this.append = 0 != (flags & VerbFlags.OPEN_APPEND);
        this.syncWrites = syncWrites;
    }

    /**
     * Opens a scheme path through a reactor's primary ring.
     *
     * @param reactor the reactor.
     * @param path    {@code "scheme:rest"}, such as {@code "file:/tmp/x"}.
     * @param options {@link java.nio.file.StandardOpenOption}s, with {@code FileChannel.open}'s defaults.
     * @return the open channel.
     * @throws IOException                   {@link java.nio.file.NoSuchFileException} and the like, with the
     *                                       {@link RingworkException} as the cause.
     * @throws UnsupportedOperationException for {@code DELETE_ON_CLOSE} or an option that is not standard.
     */
    public static RingFileChannel open(final RingReactor reactor, final String path,
        final Set<? extends OpenOption> options) throws IOException
    {
        return open(reactor.sync(), path, options);
    }

    /**
     * Opens a scheme path through any ring of a reactor.
     *
     * @param io      the blocking view of the ring.
     * @param path    {@code "scheme:rest"}.
     * @param options {@link java.nio.file.StandardOpenOption}s.
     * @return the open channel.
     * @throws IOException as for {@link #open(RingReactor, String, Set)}.
     */
    public static RingFileChannel open(final SyncIo io, final String path, final Set<? extends OpenOption> options)
        throws IOException
    {
        Objects.requireNonNull(path, "path");
        final int flags = OpenOptions.toFlags(options);
        try
        {
            return new RingFileChannel(io, path, io.open(path, flags), flags, OpenOptions.syncWrites(options));
        }
        catch (final RingworkException ex)
        {
            throw RingIoExceptions.toIOException(ex, path);
        }
    }

    private void ensureOpen() throws ClosedChannelException
    {
        if (!isOpen())
        {
            throw new ClosedChannelException();
        }
    }

    private void ensureReadable() throws ClosedChannelException
    {
        ensureOpen();
        if (!readable)
        {
            throw new NonReadableChannelException();
        }
    }

    private void ensureWritable() throws ClosedChannelException
    {
        ensureOpen();
        if (!writable)
        {
            throw new NonWritableChannelException();
        }
    }

    /**
     * Runs one blocking ring call inside {@code begin()}/{@code end()}, so an interrupt closes the channel as the
     * contract asks, and turns a ring failure into an {@link IOException}.
     */
    private long blocking(final RingCall call) throws IOException
    {
        boolean completed = false;
        try
        {
            begin();
            final long result = call.run();
            completed = true;
            return result;
        }
        catch (final RingworkException ex)
        {
            if (Errno.EINTR == ex.errno() || !isOpen())
            {
                // end() below throws ClosedByInterruptException or AsynchronousCloseException.
                return -1;
            }
            throw RingIoExceptions.toIOException(ex, path);
        }
        finally
        {
            end(completed);
        }
    }

    /**
     * One call on the ring.
     */
    @FunctionalInterface
    private interface RingCall
    {
        long run();
    }

    private int readAt(final ByteBuffer dst, final long at) throws IOException
    {
        if (!dst.hasRemaining())
        {
            return 0;
        }
        final long count = blocking(() -> io.read(handle, dst, at));
        return 0 == count ? -1 : (int)count;
    }

    private int writeAt(final ByteBuffer src, final long at) throws IOException
    {
        if (!src.hasRemaining())
        {
            return 0;
        }
        final long count = blocking(() -> io.write(handle, src, at));
        if (syncWrites)
        {
            blocking(() ->
            {
                io.fsync(handle, false);
                return 0;
            });
        }
        return (int)count;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        ensureReadable();
        positionLock.lock();
        try
        {
            final int count = readAt(dst, position);
            if (count > 0)
            {
                position += count;
            }
            return count;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public long read(final ByteBuffer[] dsts, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        ensureReadable();
        positionLock.lock();
        try
        {
            long total = 0;
            for (int i = offset; i < offset + length; i++)
            {
                final ByteBuffer dst = dsts[i];
                final int wanted = dst.remaining();
                final int count = readAt(dst, position);
                if (count < 0)
                {
                    return 0 == total ? -1 : total;
                }
                position += count;
                total += count;
                if (count < wanted)
                {
                    break;
                }
            }
            return total;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        ensureWritable();
        positionLock.lock();
        try
        {
            if (append)
            {
                position = size();
            }
            final int count = writeAt(src, append ? -1 : position);
            position += count;
            return count;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        long total = 0;
        for (int i = offset; i < offset + length; i++)
        {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public long position() throws IOException
    {
        ensureOpen();
        positionLock.lock();
        try
        {
            return append ? size() : position;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public FileChannel position(final long newPosition) throws IOException
    {
        if (newPosition < 0)
        {
            throw new IllegalArgumentException("newPosition=" + newPosition + " must not be negative");
        }
        ensureOpen();
        positionLock.lock();
        try
        {
            position = newPosition;
            return this;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public long size() throws IOException
    {
        ensureOpen();
        return blocking(() -> io.stat(handle).size());
    }

    @Override
    public FileChannel truncate(final long size) throws IOException
    {
        if (size < 0)
        {
            throw new IllegalArgumentException("size=" + size + " must not be negative");
        }
        ensureWritable();
        positionLock.lock();
        try
        {
            if (size < size())
            {
                blocking(() ->
                {
                    io.truncate(handle, size);
                    return 0;
                });
            }
            if (position > size)
            {
                position = size;
            }
            return this;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    @Override
    public void force(final boolean metaData) throws IOException
    {
        ensureOpen();
        blocking(() ->
        {
            io.fsync(handle, !metaData);
            return 0;
        });
    }

    @Override
    public long transferTo(final long from, final long count, final WritableByteChannel target) throws IOException
    {
        if (from < 0 || count < 0)
        {
            throw new IllegalArgumentException("position=" + from + " count=" + count + " must not be negative");
        }
        ensureReadable();
        final ByteBuffer chunk = ByteBuffer.allocate((int)Math.min(TRANSFER_CHUNK, Math.max(1, count)));
        long done = 0;
        while (done < count)
        {
            chunk.clear().limit((int)Math.min(chunk.capacity(), count - done));
            final int read = readAt(chunk, from + done);
            if (read <= 0)
            {
                break;
            }
            chunk.flip();
            while (chunk.hasRemaining())
            {
                target.write(chunk);
            }
            done += read;
        }
        return done;
    }

    @Override
    public long transferFrom(final ReadableByteChannel source, final long at, final long count) throws IOException
    {
        if (at < 0 || count < 0)
        {
            throw new IllegalArgumentException("position=" + at + " count=" + count + " must not be negative");
        }
        ensureWritable();
        final ByteBuffer chunk = ByteBuffer.allocate((int)Math.min(TRANSFER_CHUNK, Math.max(1, count)));
        long done = 0;
        while (done < count)
        {
            chunk.clear().limit((int)Math.min(chunk.capacity(), count - done));
            final int read = source.read(chunk);
            if (read <= 0)
            {
                break;
            }
            chunk.flip();
            while (chunk.hasRemaining())
            {
                writeAt(chunk, at + done + chunk.position());
            }
            done += read;
        }
        return done;
    }

    @Override
    public int read(final ByteBuffer dst, final long at) throws IOException
    {
        if (at < 0)
        {
            throw new IllegalArgumentException("position=" + at + " must not be negative");
        }
        ensureReadable();
        return readAt(dst, at);
    }

    @Override
    public int write(final ByteBuffer src, final long at) throws IOException
    {
        if (at < 0)
        {
            throw new IllegalArgumentException("position=" + at + " must not be negative");
        }
        ensureWritable();
        return writeAt(src, at);
    }

    /**
     * Not supported: a scheme's resource (a {@code mem:} file, another process's key) has no pages this process
     * could map.
     *
     * @throws UnsupportedOperationException always.
     */
    @Override
    public MappedByteBuffer map(final MapMode mode, final long at, final long size)
    {
        throw new UnsupportedOperationException("a ring channel cannot be memory-mapped: use a pool buffer instead");
    }

    /**
     * Not supported: schemes have no lock verb.
     *
     * @throws IOException always.
     */
    @Override
    public FileLock lock(final long at, final long size, final boolean shared) throws IOException
    {
        throw new IOException("file locks are not supported on a ring channel (" + path + ")");
    }

    /**
     * Not supported: schemes have no lock verb.
     *
     * @throws IOException always.
     */
    @Override
    public FileLock tryLock(final long at, final long size, final boolean shared) throws IOException
    {
        throw new IOException("file locks are not supported on a ring channel (" + path + ")");
    }

    @Override
    protected void implCloseChannel() throws IOException
    {
        try
        {
            io.close(handle);
        }
        catch (final RingworkException ex)
        {
            throw RingIoExceptions.toIOException(ex, path);
        }
    }

    @Override
    public String toString()
    {
        return "RingFileChannel[" + path + (isOpen() ? "]" : ", closed]");
    }
}
