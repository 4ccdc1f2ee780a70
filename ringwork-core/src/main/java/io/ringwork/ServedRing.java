package io.ringwork;

import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.CqeDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.internal.memory.MappedFileRegion;
import io.ringwork.internal.ring.EndWaiter;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import io.ringwork.internal.ring.RingState;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The server end of a ring: it reads submission entries and writes completion entries. Everything it reads was
 * written by the client and is untrusted; the queue indices are checked here, the entries' contents by whoever
 * serves them. Used by one thread at a time.
 * <p>
 * A full CQ holds the server back: {@link #getCqe()} returns null and the server waits with
 * {@link #awaitCqSpace}. A completion is never dropped.
 * {@snippet lang=java :
 * try (ServedRing served = ServedRing.attach(path, RingOptions.defaults())) {
 *     while (served.awaitSqes(1_000_000_000L) >= 0) {
 *         served.forEachSqe(sqe -> served.postCqe(sqe.userData(), 0, 0, sqe.opcode(), 0, 0), 64);
 *         served.publishCqes();
 *     }
 * }
 * }
 */
public final class ServedRing implements AutoCloseable
{
    /** A wait found the ring broken; see {@link #brokenReason()}. */
    public static final int BROKEN = EndWaiter.BROKEN;
    /** A wait found the client closed or dead, with nothing left to read. */
    public static final int PEER_CLOSED = EndWaiter.PEER_CLOSED;

    private final RingState state;
    private final MemorySegment segment;
    private final QueueConsumer sq;
    private final QueueProducer cq;
    private final Sqe[] sqes;
    private final Cqe[] cqes;
    private final long sqBase;
    private final long cqBase;
    private final EndWaiter waiter;
    private final EndWaiter.Readiness cqSpace;
    private final RingCounters counters;
    private int unpublishedErrors;
    private boolean closed;

    ServedRing(final RingState state, final RingOptions options)
    {
        this.state = state;
        this.segment = state.segment();
        final int sqEntries = state.sqEntries();
        final int cqEntries = state.cqEntries();
        this.sqBase = RingDescriptor.sqEntriesOffset();
        this.cqBase = RingDescriptor.cqEntriesOffset(sqEntries);
        this.sq = new QueueConsumer(segment, RingDescriptor.SQ_HEAD_OFFSET, RingDescriptor.SQ_TAIL_OFFSET,
            sqBase, SqeDescriptor.LENGTH_SHIFT, sqEntries);
        this.cq = new QueueProducer(segment, RingDescriptor.CQ_HEAD_OFFSET, RingDescriptor.CQ_TAIL_OFFSET,
            cqBase, CqeDescriptor.LENGTH_SHIFT, cqEntries);
        this.sqes = new Sqe[sqEntries];
        for (int i = 0; i < sqEntries; i++)
        {
            sqes[i] = new Sqe(segment, sqBase + ((long)i << SqeDescriptor.LENGTH_SHIFT));
        }
        this.cqes = new Cqe[cqEntries];
        for (int i = 0; i < cqEntries; i++)
        {
            cqes[i] = new Cqe(segment, cqBase + ((long)i << CqeDescriptor.LENGTH_SHIFT));
        }
        final QueueConsumer sq = this.sq;
        this.waiter = new EndWaiter(state, state.serverDoorbell(), options.idleStrategy().get(),
            options.sleepAfterNanos(), true, sq::availableNow);
        final QueueProducer cq = this.cq;
        this.cqSpace = cq::free;
        this.counters = new RingCounters(segment);
        // release: the client reads the pid (acquire) to notice a server that died without closing.
        SharedAccess.LONG.setRelease(segment, (long)RingDescriptor.SERVER_PID_OFFSET, ProcessHandle.current().pid());
    }

    /**
     * Maps a ring file a client in another process created, after checking its magic, version and sizes.
     *
     * @param file    the ring file.
     * @param options how this end waits (queue sizes come from the file).
     * @return the server end.
     * @throws RingworkException {@link Errno#ENOENT} for a missing file, {@link Errno#EPROTO} naming both values for
     *                           a layout mismatch.
     */
    public static ServedRing attach(final Path file, final RingOptions options)
    {
        final MappedFileRegion region = MappedFileRegion.open(file, false);
        try
        {
            return new ServedRing(RingState.attach(region, file.toString()), options);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    /**
     * The ring, for the classes of this package that serve it from a thread of several rings.
     *
     * @return the shared state.
     */
    RingState state()
    {
        return state;
    }

    /**
     * Submissions ready now.
     *
     * @return count, or {@link #BROKEN}.
     */
    public int sqesReady()
    {
        return sq.availableNow();
    }

    /**
     * The {@code i}-th ready submission.
     *
     * @param i 0-based, below {@link #sqesReady()}.
     * @return the entry, valid until taken and released.
     */
    public Sqe sqeAt(final int i)
    {
        return sqes[(int)((sq.entryOffset(i) - sqBase) >>> SqeDescriptor.LENGTH_SHIFT)];
    }

    /**
     * Takes {@code count} submissions and hands their slots back to the client at once.
     *
     * @param count at most {@link #sqesReady()}.
     */
    public void takeSqes(final int count)
    {
        sq.take(count);
        final int released = sq.release();
        state.addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.CONSUMED_OFFSET, released);
    }

    /**
     * Hands up to {@code limit} ready submissions to {@code handler}, then takes them.
     *
     * @param handler receives each entry.
     * @param limit   most entries to handle.
     * @return entries handled, or {@link #BROKEN}.
     */
    public int forEachSqe(final SqeHandler handler, final int limit)
    {
        final int ready = sq.availableNow();
        if (ready <= 0)
        {
            return ready;
        }
        final int count = Math.min(ready, limit);
        for (int i = 0; i < count; i++)
        {
            handler.onSqe(sqes[(int)((sq.entryOffset(i) - sqBase) >>> SqeDescriptor.LENGTH_SHIFT)]);
        }
        takeSqes(count);
        return count;
    }

    /**
     * Claims the next free CQE; it is this thread's until {@link #publishCqes()}.
     *
     * @return the entry, or null if the CQ is full (publish, then {@link #awaitCqSpace}) or the ring is broken.
     */
    public Cqe getCqe()
    {
        final long offset = cq.claim();
        if (offset < 0)
        {
            if (QueueProducer.FULL == offset)
            {
                state.addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.FULL_EVENTS_OFFSET, 1);
            }
            return null;
        }
        return cqes[(int)((offset - cqBase) >>> CqeDescriptor.LENGTH_SHIFT)];
    }

    /**
     * Claims and fills a CQE.
     *
     * @param userData from the SQE.
     * @param result   the result.
     * @param error    errno number, 0 for success.
     * @param opcode   the SQE's verb code.
     * @param flags    {@link Cqe#MORE}, ... bits.
     * @param extra    a second result word.
     * @return false if the CQ is full (nothing was written).
     */
    public boolean postCqe(final long userData, final long result, final int error, final int opcode,
        final int flags, final long extra)
    {
        final Cqe cqe = getCqe();
        if (null == cqe)
        {
            return false;
        }
        cqe.fill(userData, result, error, opcode, flags, extra);
        if (0 != error)
        {
            unpublishedErrors++;
            state.addToCounter(RingDescriptor.errorCountOffset(error), 0, 1);
        }
        return true;
    }

    /**
     * Publishes every CQE claimed since the last publish with one release store, and wakes the client only if it
     * sleeps.
     *
     * @return how many CQEs this call published.
     */
    public int publishCqes()
    {
        final int count = cq.publish();
        if (count > 0)
        {
            state.addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.PRODUCED_OFFSET, count);
            if (0 != unpublishedErrors)
            {
                state.addToCounter(
                    RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.ERRORS_OFFSET, unpublishedErrors);
                unpublishedErrors = 0;
            }
            if (state.clientDoorbell().wakeIfNeeded())
            {
                state.addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.WAKEUPS_OFFSET, 1);
            }
        }
        return count;
    }

    /**
     * Waits until a submission is ready: polls, then sleeps on the doorbell.
     *
     * @param timeoutNanos how long at most.
     * @return submissions ready (0 on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitSqes(final long timeoutNanos)
    {
        return waiter.await(1, timeoutNanos);
    }

    /**
     * Waits until {@code work} says there is something to do: polls with the idle strategy, then sleeps on this
     * end's doorbell, which the client rings when it submits and this process's other threads ring with
     * {@link #wake()} (a server with work arriving from outside the SQ: completions from worker threads, timers).
     *
     * @param work         cheap, allocation-free check, called on every poll and before sleeping.
     * @param timeoutNanos how long at most.
     * @return 1 when there is work, 0 on timeout, {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitWork(final BooleanSupplier work, final long timeoutNanos)
    {
        return waiter.awaitCondition(work, timeoutNanos);
    }

    /**
     * Wakes the thread waiting in {@link #awaitWork} on this end, from any thread of this process, after that thread
     * made work visible (Redox's self-notification). Costs a full fence, and a system call only if the waiter
     * sleeps.
     */
    public void wake()
    {
        state.serverDoorbell().wakeIfNeeded();
    }

    /**
     * Waits, polling, until at least {@code min} CQ slots are free.
     *
     * @param min          slots wanted.
     * @param timeoutNanos how long at most.
     * @return free slots (fewer on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitCqSpace(final int min, final long timeoutNanos)
    {
        return waiter.awaitSpace(cqSpace, min, timeoutNanos);
    }

    /**
     * Free CQ slots now.
     *
     * @return count, or {@link #BROKEN}.
     */
    public int cqSpace()
    {
        return cq.free();
    }

    /**
     * Reads register {@code index} (loads happen at dispatch).
     *
     * @param index 0..6.
     * @return its value.
     */
    public long register(final int index)
    {
        Ring.checkRegister(index);
        // acquire: pairs with the client's release when it sets a register before submitting.
        return (long)SharedAccess.LONG.getAcquire(segment, RingDescriptor.registerOffset(index));
    }

    /**
     * Writes register {@code index} (a result saved before its CQE is published).
     *
     * @param index 0..6.
     * @param value its new value.
     */
    public void register(final int index, final long value)
    {
        Ring.checkRegister(index);
        // release: visible before the CQ tail that publishes the CQE of the saving SQE.
        SharedAccess.LONG.setRelease(segment, RingDescriptor.registerOffset(index), value);
    }

    /**
     * The ring's live counters.
     *
     * @return a view.
     */
    public RingCounters counters()
    {
        return counters;
    }

    /**
     * Whether the client closed its end or died.
     *
     * @return true if no more submissions will come.
     */
    public boolean isPeerClosed()
    {
        return waiter.peerGone();
    }

    /**
     * Records that the client is gone, as the lifetime anchor (the attach socket) saw it: marks its end closed, so
     * every wait on this end returns {@code PEER_CLOSED} at once instead of waiting for a process that will
     * never answer.
     */
    public void markPeerClosed()
    {
        RingDescriptor.orStatus(segment, RingDescriptor.STATUS_CLIENT_CLOSED, Errno.EOK);
        state.serverDoorbell().wake();
    }

    /**
     * Whether a side found the ring inconsistent.
     *
     * @return true if broken.
     */
    public boolean isBroken()
    {
        return 0 != (RingDescriptor.statusVolatile(segment) & RingDescriptor.STATUS_BROKEN);
    }

    /**
     * Why the ring broke.
     *
     * @return the reason, {@link Errno#EOK} if not broken.
     */
    public Errno brokenReason()
    {
        return RingDescriptor.brokenReason(segment);
    }

    /**
     * SQ size.
     *
     * @return entries.
     */
    public int sqEntries()
    {
        return state.sqEntries();
    }

    /**
     * CQ size.
     *
     * @return entries.
     */
    public int cqEntries()
    {
        return state.cqEntries();
    }

    /**
     * Closes this end: marks it closed, wakes the client so it sees that, and unmaps. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RingDescriptor.orStatus(segment, RingDescriptor.STATUS_SERVER_CLOSED, Errno.EOK);
        state.clientDoorbell().wake();
        state.release();
    }
}
