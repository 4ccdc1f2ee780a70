package io.ringwork.nio;

import io.ringwork.AsyncIo;
import io.ringwork.RingReactor;
import io.ringwork.RingworkException;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.internal.reactor.ReactorFuture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.OpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * An {@link AsynchronousFileChannel} whose reads and writes are ring operations: each call submits one SQE and
 * returns at once; the completion handler runs, or the future completes, when the CQE arrives. No thread waits per
 * operation, so many can be outstanding at the cost of a slot each.
 * <p>
 * Handlers run on the given executor, or on the reactor's thread when none is given — then they must be quick and
 * must not block, as with Netty's event loops. A read the page cache serves at once (see
 * {@link AsyncIo#withCallerReads}) completes inside the call: its handler then runs on the given executor, or, when
 * none is given, directly on the thread that started the read, as the JDK's asynchronous socket channels do for an
 * operation that completes immediately. A handler that starts the next read, which completes at once too, does not
 * nest: that read's handler runs after it returns, so the stack stays flat; and after {@value #INLINE_BUDGET} such
 * reads in one call, reads go through the ring, so the call that started a chain returns.
 * <p>
 * Closing the channel completes every operation still outstanding with {@link AsynchronousCloseException} (and
 * cancels it on the ring) before the handle closes. Not supported: file locks, because schemes have no lock verb.
 * {@snippet lang=java :
 * AsynchronousFileChannel channel = RingAsynchronousFileChannel.open(reactor, "file:/data/big",
 *     Set.of(StandardOpenOption.READ), null);
 * Future<Integer> read = channel.read(ByteBuffer.allocateDirect(4096), 0);
 * }
 */
public final class RingAsynchronousFileChannel extends AsynchronousFileChannel
{
    /** Reads one call on a thread may complete inline, its handlers' reads included, before reads take the ring. */
    public static final int INLINE_BUDGET = InlineHandlers.BUDGET;

    private final AsyncIo io;
    /** The same ring with every read through it, for reads started once the inline budget is spent. */
    private final AsyncIo queued;
    private final String path;
    private final long handle;
    private final boolean readable;
    private final boolean writable;
    private final Executor handlers;
    private final Set<CompletableFuture<Long>> outstanding = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    private RingAsynchronousFileChannel(final AsyncIo io, final String path, final long handle, final int flags,
        final Executor handlers)
    {
        this.io = io;
        this.queued = io.withCallerReads(false);
        this.path = path;
        this.handle = handle;
        this.readable = 0 != (flags & VerbFlags.OPEN_READ);
        this.writable = 0 != (flags & VerbFlags.OPEN_WRITE);
        this.handlers = handlers;
    }

    /**
     * Opens a scheme path through a reactor's primary ring.
     *
     * @param reactor  the reactor.
     * @param path     {@code "scheme:rest"}.
     * @param options  {@link java.nio.file.StandardOpenOption}s, with {@code FileChannel.open}'s defaults.
     * @param handlers runs completion handlers; null runs them on the reactor's thread.
     * @return the open channel.
     * @throws IOException {@link java.nio.file.NoSuchFileException} and the like, the {@link RingworkException} as
     *                     the cause.
     */
    public static RingAsynchronousFileChannel open(final RingReactor reactor, final String path,
        final Set<? extends OpenOption> options, final Executor handlers) throws IOException
    {
        return open(reactor.io(), path, options, handlers);
    }

    /**
     * Opens a scheme path through any ring of a reactor.
     *
     * @param io       the ring's async view.
     * @param path     {@code "scheme:rest"}.
     * @param options  {@link java.nio.file.StandardOpenOption}s.
     * @param handlers runs completion handlers; null runs them on the reactor's thread.
     * @return the open channel.
     * @throws IOException as for {@link #open(RingReactor, String, Set, Executor)}.
     */
    public static RingAsynchronousFileChannel open(final AsyncIo io, final String path,
        final Set<? extends OpenOption> options, final Executor handlers) throws IOException
    {
        Objects.requireNonNull(path, "path");
        final int flags = OpenOptions.toFlags(options);
        if (0 != (flags & VerbFlags.OPEN_APPEND))
        {
            throw new UnsupportedOperationException("APPEND is not allowed for an AsynchronousFileChannel");
        }
        try
        {
            final long handle = new SyncIo(io).open(path, flags);
            return new RingAsynchronousFileChannel(io, path, handle, flags, handlers);
        }
        catch (final RingworkException ex)
        {
            throw RingIoExceptions.toIOException(ex, path);
        }
    }

    private void ensureOpen() throws ClosedChannelException
    {
        if (!open)
        {
            throw new ClosedChannelException();
        }
    }

    private long await(final CompletableFuture<Long> future) throws IOException
    {
        try
        {
            return future.join();
        }
        catch (final CompletionException ex)
        {
            throw toIOException(ex.getCause());
        }
    }

    private IOException toIOException(final Throwable failure)
    {
        if (failure instanceof RingworkException ringwork)
        {
            return RingIoExceptions.toIOException(ringwork, path);
        }
        if (failure instanceof IOException io)
        {
            return io;
        }
        return new IOException(path + ": " + failure, failure);
    }

    @Override
    public long size() throws IOException
    {
        ensureOpen();
        try
        {
            return new SyncIo(io).stat(handle).size();
        }
        catch (final RingworkException ex)
        {
            throw RingIoExceptions.toIOException(ex, path);
        }
    }

    @Override
    public AsynchronousFileChannel truncate(final long size) throws IOException
    {
        if (size < 0)
        {
            throw new IllegalArgumentException("size=" + size + " must not be negative");
        }
        ensureOpen();
        if (!writable)
        {
            throw new NonWritableChannelException();
        }
        if (size < size())
        {
            await(io.truncate(handle, size));
        }
        return this;
    }

    @Override
    public void force(final boolean metaData) throws IOException
    {
        ensureOpen();
        await(io.fsync(handle, !metaData));
    }

    /**
     * Tracks an outstanding operation until it completes, so {@link #close()} can fail it.
     */
    private CompletableFuture<Long> track(final CompletableFuture<Long> operation)
    {
        if (operation.isDone())
        {
            // Completed inside the call (a page-cache read): nothing is outstanding for close() to fail.
            return operation;
        }
        outstanding.add(operation);
        operation.whenComplete((result, failure) -> outstanding.remove(operation));
        if (!open && outstanding.remove(operation))
        {
            operation.completeExceptionally(new AsynchronousCloseException());
        }
        return operation;
    }

    private CompletableFuture<Integer> readAt(final ByteBuffer dst, final long position, final AsyncIo via)
    {
        final CompletableFuture<Integer> refused = refuseRead(dst, position);
        if (null != refused)
        {
            return refused;
        }
        return track(via.read(handle, dst, position)).thenApply(count -> 0 == count ? -1 : count.intValue());
    }

    /**
     * The checks of a read before anything is submitted.
     *
     * @return null to go on, or the read's outcome: failed (closed) or 0 (nothing to read into).
     */
    private CompletableFuture<Integer> refuseRead(final ByteBuffer dst, final long position)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("position=" + position + " must not be negative");
        }
        if (dst.isReadOnly())
        {
            throw new IllegalArgumentException("read-only buffer");
        }
        if (!open)
        {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        if (!readable)
        {
            throw new NonReadableChannelException();
        }
        if (!dst.hasRemaining())
        {
            return CompletableFuture.completedFuture(0);
        }
        return null;
    }

    private CompletableFuture<Integer> writeAt(final ByteBuffer src, final long position)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("position=" + position + " must not be negative");
        }
        if (!open)
        {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        if (!writable)
        {
            throw new NonWritableChannelException();
        }
        if (!src.hasRemaining())
        {
            return CompletableFuture.completedFuture(0);
        }
        return track(io.write(handle, src, position)).thenApply(Long::intValue);
    }

    private <A> void deliver(final CompletableFuture<Integer> operation, final A attachment,
        final CompletionHandler<Integer, ? super A> handler)
    {
        Objects.requireNonNull(handler, "handler");
        if (null == handlers)
        {
            operation.whenComplete((count, failure) -> complete(handler, attachment, count, failure));
        }
        else
        {
            operation.whenCompleteAsync((count, failure) -> complete(handler, attachment, count, failure), handlers);
        }
    }

    private <A> void complete(final CompletionHandler<Integer, ? super A> handler, final A attachment,
        final Integer count, final Throwable failure)
    {
        if (null == failure)
        {
            handler.completed(count, attachment);
            return;
        }
        final Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        handler.failed(cause instanceof AsynchronousCloseException || cause instanceof ClosedChannelException ?
            cause : toIOException(cause), attachment);
    }

    @Override
    public <A> void read(final ByteBuffer dst, final long position, final A attachment,
        final CompletionHandler<Integer, ? super A> handler)
    {
        Objects.requireNonNull(handler, "handler");
        final CompletableFuture<Integer> refused = refuseRead(dst, position);
        if (null != refused)
        {
            deliver(refused, attachment, handler);
            return;
        }
        final InlineHandlers inline = null == handlers ? InlineHandlers.current() : null;
        if (null == inline || inline.hasBudget())
        {
            // The page cache first, with no future: on a hit the handler runs now (here, or on the executor).
            final long now = io.readNow(handle, dst, position);
            if (AsyncIo.NOT_NOW != now)
            {
                final int count = 0 == now ? -1 : (int)now;
                if (null == inline)
                {
                    handlers.execute(() -> handler.completed(count, attachment));
                }
                else
                {
                    inline.run(() -> handler.completed(count, attachment));
                }
                return;
            }
        }
        deliver(readAt(dst, position, queued), attachment, handler);
    }

    @Override
    public Future<Integer> read(final ByteBuffer dst, final long position)
    {
        return readAt(dst, position, io);
    }

    @Override
    public <A> void write(final ByteBuffer src, final long position, final A attachment,
        final CompletionHandler<Integer, ? super A> handler)
    {
        deliver(writeAt(src, position), attachment, handler);
    }

    @Override
    public Future<Integer> write(final ByteBuffer src, final long position)
    {
        return writeAt(src, position);
    }

    /**
     * Not supported: schemes have no lock verb. The handler fails with an {@link IOException}.
     */
    @Override
    public <A> void lock(final long position, final long size, final boolean shared, final A attachment,
        final CompletionHandler<FileLock, ? super A> handler)
    {
        handler.failed(new IOException("file locks are not supported on a ring channel (" + path + ")"),
            attachment);
    }

    /**
     * Not supported: schemes have no lock verb. The future fails with an {@link IOException}.
     */
    @Override
    public Future<FileLock> lock(final long position, final long size, final boolean shared)
    {
        return CompletableFuture.failedFuture(new IOException("file locks are not supported on a ring channel (" +
            path + ")"));
    }

    /**
     * Not supported: schemes have no lock verb.
     *
     * @throws IOException always.
     */
    @Override
    public FileLock tryLock(final long position, final long size, final boolean shared) throws IOException
    {
        throw new IOException("file locks are not supported on a ring channel (" + path + ")");
    }

    @Override
    public boolean isOpen()
    {
        return open;
    }

    /**
     * Closes the channel: every outstanding operation completes with {@link AsynchronousCloseException} and is
     * cancelled on the ring, then the handle closes. Idempotent.
     *
     * @throws IOException if closing the handle fails.
     */
    @Override
    public void close() throws IOException
    {
        synchronized (this)
        {
            if (!open)
            {
                return;
            }
            open = false;
        }
        for (final CompletableFuture<Long> operation : outstanding)
        {
            if (operation instanceof ReactorFuture<Long> ring)
            {
                ring.failAndCancel(new AsynchronousCloseException());
            }
            else
            {
                operation.completeExceptionally(new AsynchronousCloseException());
            }
        }
        outstanding.clear();
        await(io.close(handle));
    }

    @Override
    public String toString()
    {
        return "RingAsynchronousFileChannel[" + path + (open ? "]" : ", closed]");
    }
}
