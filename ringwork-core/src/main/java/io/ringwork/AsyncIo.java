package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.dispatch.InlineReadTable;
import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.internal.reactor.ReactorEngine;
import io.ringwork.internal.reactor.ReactorFuture;
import io.ringwork.internal.reactor.ReactorOp;
import io.ringwork.internal.schemes.InlineReadable;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Typed operations on one ring of a {@link RingReactor}, from any thread, each returning a
 * {@link CompletableFuture}. A failed operation completes its future exceptionally with a {@link RingworkException}
 * carrying the CQE's {@link Errno}. Cancelling a future cancels the operation ({@code CANCEL}); the future completes
 * exactly once, and what the operation holds (its buffers) stays held until its CQE arrives.
 * <p>
 * Buffers are pool references ({@link #pool()}), as in SQEs; the {@link ByteBuffer} variants copy through a pool
 * buffer of the reactor's, for code that has its bytes elsewhere. Futures complete on the reactor's thread: keep
 * dependent stages short, or use the {@code *Async} stages. The exception is a READ served from the page cache on
 * the calling thread (see {@link #withCallerReads}): its future is complete when {@code read} returns.
 * {@snippet lang=java :
 * AsyncIo io = reactor.io();
 * io.open("file:/etc/hostname", VerbFlags.OPEN_READ)
 *   .thenCompose(handle -> io.read(handle, ByteBuffer.allocate(256), 0).thenCompose(n -> io.close(handle)));
 * }
 */
public final class AsyncIo
{
    /** What {@link #readNow} answers when it cannot read at once: use {@link #read} instead. */
    public static final long NOT_NOW = InlineReadable.NOT_NOW;
    /** Larger reads always go through the ring, whose verbs check the length (Verbs' MAX_TRANSFER). */
    private static final long MAX_INLINE_READ = Integer.MAX_VALUE;
    /** About every 4096th read of a virtual thread goes through the ring and parks, for fairness. */
    private static final int PARK_MASK = 4095;

    private final ReactorEngine engine;
    private final int ring;
    /** The ring itself, whose counters count reads done on callers' threads. */
    private final Ring counted;
    /** The ring's readable handles when it is served in this process; null when it is not. */
    private final InlineReadTable inlineReads;
    private final boolean callerReads;

    AsyncIo(final ReactorEngine engine, final int ring, final Ring counted)
    {
        this(engine, ring, counted, true);
    }

    private AsyncIo(final ReactorEngine engine, final int ring, final Ring counted, final boolean callerReads)
    {
        this.engine = engine;
        this.ring = ring;
        this.counted = counted;
        this.inlineReads = counted.inlineReads();
        this.callerReads = callerReads && null != inlineReads;
    }

    /**
     * This ring with reads on the calling thread allowed or not. By default a READ at an explicit position on a
     * handle of the io_uring {@code file:} of a runtime in this process first tries {@code preadv2(RWF_NOWAIT)} on
     * the calling thread, and a page-cache hit completes before the call returns (the future is already done),
     * exactly as the kernel's io_uring completes a cached read inside {@code io_uring_enter}; only a read that would
     * wait for the disk goes through the ring. A view without it sends every read through the ring, so the calling
     * thread never copies data: for a caller that must return at once whatever the read size.
     *
     * @param enabled false for a view whose reads always go through the ring.
     * @return a view of the same ring and reactor.
     */
    public AsyncIo withCallerReads(final boolean enabled)
    {
        return enabled == callerReads ? this : new AsyncIo(engine, ring, counted, enabled);
    }

    /**
     * Whether this view reads on the calling thread when it can: a runtime in this process serves the ring, the
     * view allows it, and the runtime's {@link IoUringOptions#callerReads()} decides per handle.
     *
     * @return true if reads may complete on the calling thread.
     */
    public boolean callerReads()
    {
        return callerReads;
    }

    /**
     * READ into a pool buffer on the calling thread, only if that needs no waiting: the data is in the page cache,
     * the handle is an io_uring {@code file:} handle of a runtime in this process, and this view allows it
     * ({@link #callerReads()}). Nothing is submitted. {@link #read} does the same first; this is for a caller that
     * wants to run its continuation inline on a hit and take another path on a miss. On a virtual thread about one
     * call in 4096 answers {@link #NOT_NOW} anyway, so that a thread reading cached data in a loop parks now and then
     * and other virtual threads get its carrier.
     *
     * @param handle   an open handle.
     * @param buffer   a pool reference.
     * @param length   bytes.
     * @param position offset, 0 or more.
     * @return bytes read (fewer than {@code length} only at the end of the file), or {@link #NOT_NOW}: nothing
     *         useful was read (not cached, not such a handle, bad arguments), and the buffer's content is unspecified.
     */
    public long readNow(final long handle, final long buffer, final long length, final long position)
    {
        if (!callerReads || position < 0 || length <= 0 || length > MAX_INLINE_READ || timeToPark())
        {
            return NOT_NOW;
        }
        final InlineReadable file = inlineReads.lookup(handle);
        if (null == file)
        {
            return NOT_NOW;
        }
        // An invalid reference goes to the ring, which answers EFAULT as for any SQE.
        final long address = pool().tryAddress(buffer, length);
        return address < 0 ? NOT_NOW : counted(file.readNow(address, length, position));
    }

    private long counted(final long read)
    {
        if (NOT_NOW != read)
        {
            counted.countCallerRead();
        }
        return read;
    }

    /**
     * Whether this read should go through the ring although it could be done here: a read on the caller's thread
     * never parks, so a virtual thread reading cached data in a loop would keep its carrier from every other virtual
     * thread (they are not preempted, and {@code Thread.yield()} measured no fairer here). About one read in 4096 on
     * a virtual thread takes the ring instead and parks, which puts it behind the others: a turn of a few
     * milliseconds of cached reads, for one ring trip (20-50 µs here) per 4096 reads, under 1 %.
     */
    private static boolean timeToPark()
    {
        // A per-thread random draw, so readers on different carriers share no counter's cache line.
        return Thread.currentThread().isVirtual() && 0 == (ThreadLocalRandom.current().nextInt() & PARK_MASK);
    }

    /**
     * READ into any byte buffer on the calling thread, only if that needs no waiting, as
     * {@link #readNow(long, long, long, long)} does: straight into a direct buffer, through a pool buffer into a heap
     * one. {@code dst}'s position advances by the count on success and not at all otherwise.
     *
     * @param handle   an open handle.
     * @param dst      where the bytes go; {@code dst.remaining()} bytes at most.
     * @param position offset, 0 or more.
     * @return bytes read, 0 at the end of the file, or {@link #NOT_NOW}.
     */
    public long readNow(final long handle, final ByteBuffer dst, final long position)
    {
        final int length = dst.remaining();
        if (!callerReads || position < 0 || 0 == length || timeToPark())
        {
            return NOT_NOW;
        }
        final InlineReadable file = inlineReads.lookup(handle);
        if (null == file)
        {
            return NOT_NOW;
        }
        final long read;
        if (dst.isDirect())
        {
            read = file.readNow(MemorySegment.ofBuffer(dst).address(), length, position);
        }
        else
        {
            final BufferPool pool = pool();
            final long bounce = pool.allocate(length, Long.BYTES);
            try
            {
                read = file.readNow(pool.tryAddress(bounce, length), length, position);
                if (read > 0)
                {
                    MemorySegment.ofBuffer(dst).copyFrom(pool.slice(bounce, read));
                }
            }
            finally
            {
                pool.free(bounce);
            }
        }
        if (read > 0)
        {
            dst.position(dst.position() + (int)read);
        }
        return counted(read);
    }

    /**
     * The pool this ring's buffer references point into.
     *
     * @return the pool.
     */
    public BufferPool pool()
    {
        return engine.pool(ring);
    }

    /**
     * A chain of operations submitted together, in order, with their own registers.
     *
     * @return an empty chain on this ring.
     */
    public IoChain chain()
    {
        return new IoChain(engine, ring);
    }

    ReactorOp op(final Opcode opcode)
    {
        return new ReactorOp(ring, opcode.code());
    }

    private CompletableFuture<Long> submit(final ReactorOp op)
    {
        final ReactorFuture<Long> future = new ReactorFuture<>(engine);
        op.result(ReactorOp.RESULT_LONG, future);
        engine.hand(op);
        return future;
    }

    /**
     * Copies a path into a new pool buffer, for an OPEN.
     *
     * @return the buffer; its length is the path's UTF-8 length.
     */
    static long pathBuffer(final BufferPool pool, final byte[] path)
    {
        if (0 == path.length)
        {
            throw new RingworkException(Errno.EINVAL, "an empty path names no scheme");
        }
        final long ref = pool.allocate(path.length, Long.BYTES);
        pool.slice(ref, path.length).copyFrom(MemorySegment.ofArray(path));
        return ref;
    }

    static ReactorOp openOp(final int ring, final BufferPool pool, final String path, final int flags,
        final int mode)
    {
        final byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        final long ref = pathBuffer(pool, bytes);
        return new ReactorOp(ring, Opcode.OPEN.code()).args(0, ref, bytes.length, flags, mode).bounce(ref, null);
    }

    /**
     * NOP: a round trip through the ring and its server that does nothing, completing with 0.
     *
     * @return 0.
     */
    public CompletableFuture<Long> nop()
    {
        return submit(op(Opcode.NOP));
    }

    /**
     * OPEN.
     *
     * @param path  {@code "scheme:rest"}, such as {@code "file:/tmp/x"}.
     * @param flags {@code VerbFlags.OPEN_*}.
     * @return the handle number.
     */
    public CompletableFuture<Long> open(final String path, final int flags)
    {
        return open(path, flags, 0);
    }

    /**
     * OPEN with a mode for a created file.
     *
     * @param path  {@code "scheme:rest"}.
     * @param flags {@code VerbFlags.OPEN_*}.
     * @param mode  permission bits, 0 for the scheme's default.
     * @return the handle number.
     */
    public CompletableFuture<Long> open(final String path, final int flags, final int mode)
    {
        return submit(openOp(ring, pool(), path, flags, mode));
    }

    /**
     * CLOSE.
     *
     * @param handle an open handle.
     * @return 0.
     */
    public CompletableFuture<Long> close(final long handle)
    {
        return submit(op(Opcode.CLOSE).args(handle, 0, 0, 0, 0));
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
    public CompletableFuture<Long> read(final long handle, final long buffer, final long length, final long position)
    {
        final long now = readNow(handle, buffer, length, position);
        return NOT_NOW != now ? CompletableFuture.completedFuture(now)
            : readThroughRing(handle, buffer, length, position);
    }

    CompletableFuture<Long> readThroughRing(final long handle, final long buffer, final long length,
        final long position)
    {
        return submit(op(Opcode.READ).args(handle, buffer, length, position, 0));
    }

    /**
     * READ into any byte buffer, through a pool buffer: the bytes land in {@code dst} from its position, which
     * advances by the count, when the future completes. Do not touch {@code dst} until then.
     *
     * @param handle   an open handle.
     * @param dst      where the bytes go; {@code dst.remaining()} bytes at most.
     * @param position offset, or -1 for the handle's position.
     * @return bytes read, 0 at the end.
     */
    public CompletableFuture<Long> read(final long handle, final ByteBuffer dst, final long position)
    {
        final long now = readNow(handle, dst, position);
        return NOT_NOW != now ? CompletableFuture.completedFuture(now) : readThroughRing(handle, dst, position);
    }

    CompletableFuture<Long> readThroughRing(final long handle, final ByteBuffer dst, final long position)
    {
        final int length = dst.remaining();
        final long bounce = pool().allocate(Math.max(1, length), Long.BYTES);
        return submit(op(Opcode.READ).args(handle, bounce, length, position, 0).bounce(bounce, dst));
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
    public CompletableFuture<Long> write(final long handle, final long buffer, final long length,
        final long position)
    {
        return submit(op(Opcode.WRITE).args(handle, buffer, length, position, 0));
    }

    /**
     * WRITE from any byte buffer, copied into a pool buffer now: {@code src}'s position advances by its remaining
     * bytes at once, and {@code src} may be reused as soon as this returns.
     *
     * @param handle   an open handle.
     * @param src      the bytes, from its position to its limit.
     * @param position offset, or -1 for the handle's position.
     * @return bytes written.
     */
    public CompletableFuture<Long> write(final long handle, final ByteBuffer src, final long position)
    {
        final int length = src.remaining();
        final long bounce = pool().allocate(Math.max(1, length), Long.BYTES);
        pool().slice(bounce, length).copyFrom(MemorySegment.ofBuffer(src));
        src.position(src.limit());
        return submit(op(Opcode.WRITE).args(handle, bounce, length, position, 0).bounce(bounce, null));
    }

    /**
     * READV into the pool buffers an I/O vector in the pool lists.
     *
     * @param handle   an open handle.
     * @param vector   a pool reference to {@code count} (reference, length) pairs.
     * @param count    entries.
     * @param position offset, or -1 for the handle's position.
     * @return bytes read.
     */
    public CompletableFuture<Long> readv(final long handle, final long vector, final int count, final long position)
    {
        return submit(op(Opcode.READV).args(handle, vector, count, position, 0));
    }

    /**
     * WRITEV from the pool buffers an I/O vector in the pool lists.
     *
     * @param handle   an open handle.
     * @param vector   a pool reference to {@code count} (reference, length) pairs.
     * @param count    entries.
     * @param position offset, or -1 for the handle's position.
     * @return bytes written.
     */
    public CompletableFuture<Long> writev(final long handle, final long vector, final int count,
        final long position)
    {
        return submit(op(Opcode.WRITEV).args(handle, vector, count, position, 0));
    }

    /**
     * SEEK.
     *
     * @param handle an open handle.
     * @param offset bytes.
     * @param whence {@code VerbFlags.SEEK_SET}, {@code SEEK_CUR} or {@code SEEK_END}.
     * @return the new position.
     */
    public CompletableFuture<Long> seek(final long handle, final long offset, final int whence)
    {
        return submit(op(Opcode.SEEK).args(handle, 0, 0, offset, whence));
    }

    /**
     * FSYNC.
     *
     * @param handle   an open handle.
     * @param dataOnly flush only what is needed to read the data back.
     * @return 0.
     */
    public CompletableFuture<Long> fsync(final long handle, final boolean dataOnly)
    {
        return submit(op(Opcode.FSYNC).args(handle, 0, 0, 0, dataOnly ? VerbFlags.FSYNC_DATA_ONLY : 0));
    }

    /**
     * TRUNCATE: sets the size, cutting the data or extending it with zeros.
     *
     * @param handle a handle open for writing.
     * @param length the new size.
     * @return 0.
     */
    public CompletableFuture<Long> truncate(final long handle, final long length)
    {
        return submit(op(Opcode.TRUNCATE).args(handle, 0, 0, length, 0));
    }

    /**
     * STAT.
     *
     * @param handle an open handle.
     * @return the description.
     */
    public CompletableFuture<FileStat> stat(final long handle)
    {
        final long buffer = pool().allocate(StatDescriptor.LENGTH, Long.BYTES);
        final ReactorFuture<FileStat> future = new ReactorFuture<>(engine);
        engine.hand(op(Opcode.STAT).args(handle, buffer, StatDescriptor.LENGTH, 0, 0).bounce(buffer, null)
            .result(ReactorOp.RESULT_STAT, future));
        return future;
    }

    /**
     * POLL, once.
     *
     * @param handle an open handle.
     * @param events {@code VerbFlags.POLL_READ} and/or {@code POLL_WRITE}.
     * @return the ready events.
     */
    public CompletableFuture<Long> poll(final long handle, final int events)
    {
        return submit(op(Opcode.POLL).args(handle, events, 0, 0, 0));
    }

    /**
     * Sleeps on the ring (a {@code TIMEOUT} that counts its expiry as success), without a thread.
     *
     * @param duration how long.
     * @return 0 when the time is up.
     */
    public CompletableFuture<Long> sleep(final Duration duration)
    {
        return submit(op(Opcode.TIMEOUT).args(0, 0, 0, Math.max(1, duration.toNanos()),
            VerbFlags.TIMEOUT_ETIME_SUCCESS));
    }

    /**
     * A scheme's own verb on a handle.
     *
     * @param opcode {@link Opcode#USER_MIN} to {@link Opcode#USER_MAX}.
     * @param handle an open handle.
     * @param arg1   argument 1.
     * @param arg2   argument 2.
     * @param arg3   argument 3.
     * @param arg4   argument 4.
     * @return the whole completion, errors included (never exceptionally, except on cancel).
     */
    public CompletableFuture<Completion> call(final int opcode, final long handle, final long arg1, final long arg2,
        final long arg3, final long arg4)
    {
        if (opcode < Opcode.USER_MIN || opcode > Opcode.USER_MAX)
        {
            throw new IllegalArgumentException("opcode=" + opcode + " is not a user verb (" + Opcode.USER_MIN +
                ".." + Opcode.USER_MAX + ")");
        }
        final ReactorFuture<Completion> future = new ReactorFuture<>(engine);
        engine.hand(new ReactorOp(ring, opcode).args(handle, arg1, arg2, arg3, arg4)
            .result(ReactorOp.RESULT_COMPLETION, future));
        return future;
    }

    /**
     * The path that allocates nothing: on the reactor's owner thread (a reactor driven by the caller's loop, see
     * {@link RingReactor#create}), writes an SQE directly and hands its CQE to a handler, with no future. If no CQE
     * can come any more (the ring was closed or its server died, or the reactor closes), the handler still gets one
     * final entry, made by the reactor: the error ({@code EPIPE}, {@code EIO} for a broken ring, {@code ECANCELED}
     * when the reactor closes), opcode 0, no flags. That entry does not mean the server let go of the buffers the SQE
     * named: it may still write into them, so they are not to be reused.
     *
     * @param writer  prepares the SQE (its user data is the reactor's).
     * @param handler receives the CQE, on the owner thread.
     * @return false if the ring has no room now (poll the reactor and try again), or is gone, or the reactor is
     *         closing (then nothing will take it).
     * @throws IllegalStateException on any other thread.
     */
    public boolean submitRaw(final SqeWriter writer, final CqeHandler handler)
    {
        return engine.submitRaw(ring, writer, handler);
    }
}
