package io.ringwork.internal.schemes;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingworkException;
import io.ringwork.Sqe;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A scheme served by another process, mounted in this runtime: Redox's kernel→user mode. Every request the runtime
 * hands to it becomes an SQE on a ring attached to the other process's {@code SchemeServer}, and that SQE's CQE
 * completes the request. Buffer references pass through unchanged: the runtime runs over a shared pool, which the
 * server maps, so the other process reads and writes the client's buffers in place.
 * <p>
 * One forwarding thread owns the ring. Dispatcher threads queue requests under a lock (a few at a time, never
 * waiting on I/O) and ring the ring's client doorbell when the forwarder sleeps. A request is claimed
 * ({@link Request#begin()}) when its SQE is written; until then the runtime can still cancel it or time it out.
 * When the server goes, every request in flight or queued fails with {@code EPIPE}.
 */
public final class RemoteScheme implements Scheme
{
    private static final long SIZE_TIMEOUT_NANOS = 1_000_000_000L;
    private static final long MAX_WAIT_NANOS = 100_000_000L;

    private static final int OPEN = 1;
    private static final int TRANSFER = 2;
    private static final int STAT = 3;
    private static final int CALL = 4;
    private static final int CLOSE = 5;
    private static final int SIZE = 6;

    private final String name;
    private final Ring ring;
    private final BufferPool pool;
    private final AutoCloseable connection;
    private final Thread forwarder;
    private final BooleanSupplier hasWork = this::hasWork;

    private final Object queueLock = new Object();
    private Object[] queued = new Object[64];
    private int[] queuedKinds = new int[64];
    private long[] queuedHandles = new long[64];
    private int queueHead;
    private int queueCount;
    private volatile boolean queueNotEmpty;

    private final Object[] inFlight;
    private final int[] inFlightKinds;
    private final int[] freeSlots;
    private int freeCount;

    private volatile boolean closing;
    private volatile boolean gone;

    /**
     * Mounts a remote scheme over a ring already attached to its server.
     *
     * @param name       the scheme's name, for the thread and messages.
     * @param ring       the client end of a ring attached to the server; owned by this scheme from now on.
     * @param pool       the runtime's shared pool, which the server maps.
     * @param connection closes the attachment (socket and ring) when this scheme closes.
     */
    public RemoteScheme(final String name, final Ring ring, final BufferPool pool, final AutoCloseable connection)
    {
        this.name = name;
        this.ring = ring;
        this.pool = pool;
        this.connection = connection;
        final int slots = ring.cqEntries();
        this.inFlight = new Object[slots];
        this.inFlightKinds = new int[slots];
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            freeSlots[i] = slots - 1 - i;
        }
        this.freeCount = slots;
        this.forwarder = Thread.ofPlatform().daemon().name("ringwork-remote-" + name).start(this::forward);
    }

    // *** Dispatcher threads: queueing ***

    private void enqueue(final int kind, final Object target, final long remoteHandle)
    {
        synchronized (queueLock)
        {
            if (gone || closing)
            {
                failNow(kind, target);
                return;
            }
            if (queueCount == queued.length)
            {
                grow();
            }
            final int index = (queueHead + queueCount) % queued.length;
            queued[index] = target;
            queuedKinds[index] = kind;
            queuedHandles[index] = remoteHandle;
            queueCount++;
            queueNotEmpty = true;
        }
        ring.wake();
    }

    private void grow()
    {
        final int length = queued.length;
        final Object[] targets = new Object[length * 2];
        final int[] kinds = new int[length * 2];
        final long[] handles = new long[length * 2];
        for (int i = 0; i < queueCount; i++)
        {
            final int from = (queueHead + i) % length;
            targets[i] = queued[from];
            kinds[i] = queuedKinds[from];
            handles[i] = queuedHandles[from];
        }
        queued = targets;
        queuedKinds = kinds;
        queuedHandles = handles;
        queueHead = 0;
    }

    /**
     * A size query of {@link RemoteHandle#size()}: the STAT lands in a buffer of its own, freed when it is answered.
     */
    private record SizeQuery(CompletableFuture<Long> answer, long buffer)
    {
    }

    private void failNow(final int kind, final Object target)
    {
        if (target instanceof Request request)
        {
            request.fail(Errno.EPIPE);
        }
        else if (target instanceof SizeQuery query)
        {
            pool.free(query.buffer());
            query.answer().completeExceptionally(new RingworkException(Errno.EPIPE, "the " + name +
                ": server is gone"));
        }
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        enqueue(OPEN, request, 0);
    }

    @Override
    public void close()
    {
        closing = true;
        ring.wake();
        try
        {
            forwarder.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            connection.close();
        }
        catch (final Exception ex)
        {
            System.getLogger(RemoteScheme.class.getName()).log(System.Logger.Level.WARNING,
                "closing the connection to scheme " + name + " failed", ex);
        }
    }

    /**
     * A handle of the other process, by its number there.
     */
    private final class RemoteHandle implements SchemeHandle
    {
        private final long remote;

        RemoteHandle(final long remote)
        {
            this.remote = remote;
        }

        @Override
        public void read(final Request request)
        {
            enqueue(TRANSFER, request, remote);
        }

        @Override
        public void write(final Request request)
        {
            enqueue(TRANSFER, request, remote);
        }

        @Override
        public void stat(final Request request)
        {
            enqueue(STAT, request, remote);
        }

        @Override
        public void fsync(final Request request, final boolean dataOnly)
        {
            enqueue(TRANSFER, request, remote);
        }

        @Override
        public void call(final Request request)
        {
            enqueue(CALL, request, remote);
        }

        @Override
        public void truncate(final Request request, final long length)
        {
            enqueue(CALL, request, remote);
        }

        /**
         * A STAT round trip to the server, waited for on the dispatcher thread: SEEK from the end and append-mode
         * writes are the only callers, and they need the answer before they can go on.
         */
        @Override
        public long size()
        {
            final SizeQuery query = new SizeQuery(new CompletableFuture<>(),
                pool.allocate(StatDescriptor.LENGTH, Long.BYTES));
            enqueue(SIZE, query, remote);
            try
            {
                return query.answer().get(SIZE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            }
            catch (final ExecutionException ex)
            {
                if (ex.getCause() instanceof RingworkException cause)
                {
                    throw cause;
                }
                throw new RingworkException(Errno.EIO, "size of a " + name + ": handle failed: " + ex.getCause());
            }
            catch (final TimeoutException ex)
            {
                throw new RingworkException(Errno.ETIMEDOUT, "the " + name + ": server did not answer a size query");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new RingworkException(Errno.EINTR, "interrupted waiting for a " + name + ": size");
            }
        }

        @Override
        public void close()
        {
            enqueue(CLOSE, null, remote);
        }
    }

    // *** The forwarding thread ***

    private boolean hasWork()
    {
        return queueNotEmpty || closing || ring.cqReady() > 0;
    }

    private void forward()
    {
        try
        {
            while (!closing)
            {
                int work = submitQueued();
                work += reap();
                if (0 == work)
                {
                    final int woke = ring.awaitWork(hasWork, MAX_WAIT_NANOS);
                    if (woke < 0)
                    {
                        reap();
                        break;
                    }
                }
            }
        }
        finally
        {
            shutDown();
        }
    }

    private int submitQueued()
    {
        int submitted = 0;
        while (queueNotEmpty && freeCount > 0 && ring.sqSpace() > 0)
        {
            final Object target;
            final int kind;
            final long remote;
            synchronized (queueLock)
            {
                if (0 == queueCount)
                {
                    queueNotEmpty = false;
                    break;
                }
                target = queued[queueHead];
                kind = queuedKinds[queueHead];
                remote = queuedHandles[queueHead];
                queued[queueHead] = null;
                queueHead = (queueHead + 1) % queued.length;
                queueCount--;
                queueNotEmpty = queueCount > 0;
            }
            final Sqe sqe = ring.getSqe();
            if (null == sqe)
            {
                failNow(kind, target);
                continue;
            }
            if (target instanceof Request request && !request.begin())
            {
                // Cancelled or timed out while queued: the runtime answered it already. The SQE becomes a NOP.
                sqe.prepNop().userData(-1);
                submitted++;
                continue;
            }
            final int slot = CLOSE == kind ? -1 : freeSlots[--freeCount];
            if (slot >= 0)
            {
                inFlight[slot] = target;
                inFlightKinds[slot] = kind;
            }
            prepare(sqe, kind, target, remote).userData(slot);
            submitted++;
        }
        if (submitted > 0)
        {
            ring.submit();
        }
        return submitted;
    }

    private Sqe prepare(final Sqe sqe, final int kind, final Object target, final long remote)
    {
        return switch (kind)
        {
            case CLOSE -> sqe.prepClose(remote);
            case SIZE -> sqe.prep(Opcode.STAT.code(), remote, ((SizeQuery)target).buffer(), StatDescriptor.LENGTH, 0,
                0);
            case OPEN ->
            {
                final Request request = (Request)target;
                yield sqe.prep(Opcode.OPEN.code(), request.arg(0), request.arg(1), request.arg(2), request.arg(3),
                    request.arg(4));
            }
            case TRANSFER ->
            {
                final Request request = (Request)target;
                final long position = Opcode.FSYNC.code() == request.opcode() ? request.arg(3) : request.position();
                yield sqe.prep(request.opcode(), remote, request.arg(1), request.arg(2), position, request.arg(4));
            }
            default ->
            {
                final Request request = (Request)target;
                yield sqe.prep(request.opcode(), remote, request.arg(1), request.arg(2), request.arg(3),
                    request.arg(4));
            }
        };
    }

    private int reap()
    {
        final int ready = ring.cqReady();
        if (ready <= 0)
        {
            return 0;
        }
        for (int i = 0; i < ready; i++)
        {
            final Cqe cqe = ring.cqeAt(i);
            final long slot = cqe.userData();
            if (slot < 0 || slot >= inFlight.length || null == inFlight[(int)slot])
            {
                continue;
            }
            final Object target = inFlight[(int)slot];
            final int kind = inFlightKinds[(int)slot];
            inFlight[(int)slot] = null;
            freeSlots[freeCount++] = (int)slot;
            complete(kind, target, cqe);
        }
        ring.advanceCq(ready);
        return ready;
    }

    private void complete(final int kind, final Object target, final Cqe cqe)
    {
        final Errno errno = Errno.of(cqe.error());
        if (target instanceof SizeQuery query)
        {
            if (errno.isOk())
            {
                query.answer().complete(FileStat.read(pool.slice(query.buffer(), StatDescriptor.LENGTH)).size());
            }
            else
            {
                query.answer().completeExceptionally(new RingworkException(errno, "size of a " + name + ": handle"));
            }
            pool.free(query.buffer());
            return;
        }
        final Request request = (Request)target;
        if (!errno.isOk())
        {
            request.fail(errno);
            return;
        }
        switch (kind)
        {
            case OPEN -> request.completeOpen(new RemoteHandle(cqe.result()));
            case STAT -> request.completeStat(FileStat.read(request.buffer(0)));
            default -> request.complete(cqe.result(), cqe.extra());
        }
    }

    /**
     * The server is gone or this scheme closes: what is in flight or queued will get no CQE.
     */
    private void shutDown()
    {
        gone = true;
        for (int slot = 0; slot < inFlight.length; slot++)
        {
            final Object target = inFlight[slot];
            if (null != target)
            {
                inFlight[slot] = null;
                failNow(inFlightKinds[slot], target);
            }
        }
        synchronized (queueLock)
        {
            while (queueCount > 0)
            {
                final Object target = queued[queueHead];
                final int kind = queuedKinds[queueHead];
                queued[queueHead] = null;
                queueHead = (queueHead + 1) % queued.length;
                queueCount--;
                failNow(kind, target);
            }
            queueNotEmpty = false;
        }
    }

    @Override
    public String toString()
    {
        return "RemoteScheme[" + name + (gone ? ", gone]" : "]");
    }
}
