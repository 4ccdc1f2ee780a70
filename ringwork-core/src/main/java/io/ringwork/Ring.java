package io.ringwork;

import io.ringwork.internal.dispatch.InlineReadTable;
import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.CqeDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.internal.memory.ArenaRegion;
import io.ringwork.internal.memory.MappedFileRegion;
import io.ringwork.internal.ring.EndWaiter;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import io.ringwork.internal.ring.RingState;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * The client end of a ring: it writes submission entries and reads completion entries. Submitting costs no system
 * call; the only one left is a wake-up, and only when the server sleeps.
 * <p>
 * A ring lives in this process ({@link #create}) or in a file two processes map ({@link #createShared}); the
 * server end is {@link #serverEnd()} in the first case and {@link ServedRing#attach} in the other process in the
 * second. A client end is used by one thread at a time.
 * {@snippet lang=java :
 * try (Ring ring = Ring.create(RingOptions.defaults())) {
 *     Sqe sqe = ring.getSqe();
 *     sqe.prepNop().userData(7);
 *     ring.submit();
 *     if (ring.awaitCqes(1, 1_000_000_000L) > 0) {
 *         Cqe cqe = ring.peekCqe();
 *         // use cqe.userData(), cqe.result(), cqe.errno()
 *         ring.advanceCq(1);
 *     }
 * }
 * }
 */
public final class Ring implements AutoCloseable
{
    /** A wait found the ring broken (an impossible index from the peer); see {@link #brokenReason()}. */
    public static final int BROKEN = EndWaiter.BROKEN;
    /** A wait found the server closed or dead, with nothing left to read. */
    public static final int PEER_CLOSED = EndWaiter.PEER_CLOSED;

    private static final VarHandle ENTERED;

    static
    {
        try
        {
            ENTERED = MethodHandles.lookup().findVarHandle(Ring.class, "entered", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final RingState state;
    private final MemorySegment segment;
    private final QueueProducer sq;
    private final QueueConsumer cq;
    private final Sqe[] sqes;
    private final Cqe[] cqes;
    private final long sqBase;
    private final long cqBase;
    private final EndWaiter waiter;
    private final EndWaiter.Readiness sqSpace;
    private final RingOptions options;
    private final RingCounters counters;
    private boolean serverEndTaken;
    private boolean closed;
    /** Set once by the runtime that serves this ring in this process, before the ring is handed out. */
    private InlineReadTable inlineReads;
    private final LongAdder callerReads = new LongAdder();
    @SuppressWarnings("unused") // accessed through ENTERED
    private volatile int entered;

    private Ring(final RingState state, final RingOptions options)
    {
        this.state = state;
        this.options = options;
        this.segment = state.segment();
        final int sqEntries = state.sqEntries();
        final int cqEntries = state.cqEntries();
        this.sqBase = RingDescriptor.sqEntriesOffset();
        this.cqBase = RingDescriptor.cqEntriesOffset(sqEntries);
        this.sq = new QueueProducer(segment, RingDescriptor.SQ_HEAD_OFFSET, RingDescriptor.SQ_TAIL_OFFSET,
            sqBase, SqeDescriptor.LENGTH_SHIFT, sqEntries);
        this.cq = new QueueConsumer(segment, RingDescriptor.CQ_HEAD_OFFSET, RingDescriptor.CQ_TAIL_OFFSET,
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
        final QueueConsumer cq = this.cq;
        this.waiter = new EndWaiter(state, state.clientDoorbell(), options.idleStrategy().get(),
            options.sleepAfterNanos(), false, cq::availableNow);
        final QueueProducer sq = this.sq;
        this.sqSpace = sq::free;
        this.counters = new RingCounters(segment);
    }

    /**
     * A ring in this process's memory; its server end is {@link #serverEnd()}.
     *
     * @param options sizes and waiting.
     * @return the client end.
     */
    public static Ring create(final RingOptions options)
    {
        return create(options, 0);
    }

    static Ring create(final RingOptions options, final int initialIndex)
    {
        final ArenaRegion region = ArenaRegion.allocate(
            RingDescriptor.regionLength(options.sqEntries(), options.cqEntries()));
        try
        {
            return new Ring(RingState.create(region, options.sqEntries(), options.cqEntries(), initialIndex), options);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    /**
     * A ring in a new file (mode 0600) that a server in another process maps with {@link ServedRing#attach}.
     * The file is removed when this end closes.
     *
     * @param file    a path that does not exist yet, normally under /dev/shm.
     * @param options sizes and waiting.
     * @return the client end.
     * @throws RingworkException {@link Errno#EEXIST} if the file exists, or another errno naming the path.
     */
    public static Ring createShared(final Path file, final RingOptions options)
    {
        final MappedFileRegion region = MappedFileRegion.create(
            file, RingDescriptor.regionLength(options.sqEntries(), options.cqEntries()));
        try
        {
            return new Ring(RingState.create(region, options.sqEntries(), options.cqEntries(), 0), options);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    /**
     * The server end of an in-process ring, made once.
     *
     * @param serverOptions how the server end waits (queue sizes are the ring's).
     * @return the server end.
     * @throws IllegalStateException if the ring is shared through a file, or the end was already taken.
     */
    public synchronized ServedRing serverEnd(final RingOptions serverOptions)
    {
        if (state.isCrossProcess())
        {
            throw new IllegalStateException("ring is shared through a file; attach with ServedRing.attach(path)");
        }
        if (serverEndTaken)
        {
            throw new IllegalStateException("server end already taken");
        }
        serverEndTaken = true;
        return new ServedRing(state.retain(), serverOptions);
    }

    /**
     * The server end of an in-process ring, waiting as this ring's options say.
     *
     * @return the server end.
     */
    public ServedRing serverEnd()
    {
        return serverEnd(options);
    }

    /**
     * Binds the table of handles a client may read on its own thread; the runtime serving this ring in this process
     * calls it once, before {@link Ringwork#open} returns the ring.
     */
    void bindInlineReads(final InlineReadTable table)
    {
        inlineReads = table;
    }

    /**
     * The handles of this ring a client may read on its own thread.
     *
     * @return the table, or null for a ring served by another process or by no runtime.
     */
    InlineReadTable inlineReads()
    {
        return inlineReads;
    }

    /**
     * Counts a READ a client thread did without the ring.
     */
    void countCallerRead()
    {
        callerReads.increment();
    }

    /**
     * READs a client in this process served on its own threads from the page cache, with no SQE (see
     * {@link IoUringOptions#callerReads()}): they are in neither {@link RingCounters#submitted()} nor
     * {@link RingCounters#completed()}. Kept on the heap, not in the ring's counter block: its writers are all the
     * client's threads (a striped adder keeps them off each other's cache lines), and only a ring served in this
     * process has any.
     *
     * @return the count.
     */
    public long callerReads()
    {
        return callerReads.sum();
    }

    /**
     * The ring, for the classes of this package that wait on it together with other rings.
     *
     * @return the shared state.
     */
    RingState state()
    {
        return state;
    }

    /**
     * Claims the next free SQE, zeroed. It is the caller's until {@link #submit()} publishes it.
     *
     * @return the entry, or null if the SQ is full (submit, reap completions, try again) or the ring is broken.
     */
    public Sqe getSqe()
    {
        final long offset = sq.claim();
        if (offset < 0)
        {
            if (QueueProducer.FULL == offset)
            {
                state.addToCounter(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.FULL_EVENTS_OFFSET, 1);
            }
            return null;
        }
        return sqes[(int)((offset - sqBase) >>> SqeDescriptor.LENGTH_SHIFT)].clear();
    }

    /**
     * Publishes every SQE claimed since the last submit with one release store, and wakes the server only if it
     * sleeps. The last SQE of the batch is marked as such, so a chain never runs past one submit.
     *
     * @return how many SQEs this call published.
     */
    public int submit()
    {
        return submit(Integer.MAX_VALUE);
    }

    /**
     * Publishes the oldest {@code max} SQEs claimed since the last submit as one batch (the rest stay claimed for
     * the next one), and wakes the server only if it sleeps. The last SQE of the batch is marked as such.
     *
     * @param max most SQEs to publish.
     * @return how many SQEs this call published.
     */
    public int submit(final int max)
    {
        final int count = Math.min(sq.unpublished(), max);
        if (count <= 0)
        {
            return 0;
        }
        // plain: the slot is still ours until the publish below releases it.
        final long flagsOffset = sq.claimedOffset(count - 1) + SqeDescriptor.FLAGS_OFFSET;
        segment.set(ValueLayout.JAVA_BYTE, flagsOffset,
            (byte)(segment.get(ValueLayout.JAVA_BYTE, flagsOffset) | SqeDescriptor.BATCH_END_FLAG));
        sq.publish(count);
        state.addToCounter(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.PRODUCED_OFFSET, count);
        if (state.serverDoorbell().wakeIfNeeded())
        {
            state.addToCounter(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.WAKEUPS_OFFSET, 1);
        }
        return count;
    }

    /**
     * The one call of the ring interface (PatchworkOS's and Linux's {@code enter}): publishes up to {@code submit}
     * of the SQEs claimed since the last submit as one batch, wakes the server if it sleeps, then waits until at
     * least {@code waitFor} completions are ready or the time is up. Chains never run past the batch published here.
     * {@snippet lang=java :
     * ring.getSqe().prepNop().userData(1);
     * ring.getSqe().prepNop().userData(2);
     * int ready = ring.enter(Integer.MAX_VALUE, 2, 1_000_000_000L); // 2 unless the second passed
     * }
     * A ring's client end has one producer: a second thread calling {@code enter} while one is inside gets
     * {@link Errno#EBUSY} instead of corrupting the queue.
     *
     * @param submit       most claimed SQEs to publish; {@link Integer#MAX_VALUE} for all, 0 to only wait.
     * @param waitFor      completions wanted; 0 returns after publishing.
     * @param timeoutNanos how long to wait at most.
     * @return completions ready (fewer than {@code waitFor} on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     * @throws RingworkException {@link Errno#EBUSY} if another thread is inside {@code enter} on this ring.
     */
    public int enter(final int submit, final int waitFor, final long timeoutNanos)
    {
        if (!ENTERED.compareAndSet(this, 0, 1))
        {
            throw new RingworkException(Errno.EBUSY, "ring is already entered by another thread (single producer)");
        }
        try
        {
            if (submit > 0)
            {
                submit(submit);
            }
            return waitFor <= 0 ? cq.availableNow() : awaitCqes(waitFor, timeoutNanos);
        }
        finally
        {
            // release: the next thread to enter sees every store this one made to the claimed entries.
            ENTERED.setRelease(this, 0);
        }
    }

    /**
     * Submits, then waits for at least {@code waitFor} completions.
     *
     * @param waitFor      completions wanted; 0 returns after submitting.
     * @param timeoutNanos how long to wait at most.
     * @return completions ready (fewer on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int submitAndWait(final int waitFor, final long timeoutNanos)
    {
        submit();
        return waitFor <= 0 ? cq.available() : awaitCqes(waitFor, timeoutNanos);
    }

    /**
     * Completions ready now.
     *
     * @return count, or {@link #BROKEN}.
     */
    public int cqReady()
    {
        return cq.availableNow();
    }

    /**
     * The oldest completion not yet consumed.
     *
     * @return the entry (valid until {@link #advanceCq}), or null if none.
     */
    public Cqe peekCqe()
    {
        if (cq.available() <= 0)
        {
            return null;
        }
        return cqes[(int)((cq.entryOffset(0) - cqBase) >>> CqeDescriptor.LENGTH_SHIFT)];
    }

    /**
     * The {@code i}-th ready completion, for batch processing.
     *
     * @param i 0-based, below {@link #cqReady()}.
     * @return the entry.
     */
    public Cqe cqeAt(final int i)
    {
        return cqes[(int)((cq.entryOffset(i) - cqBase) >>> CqeDescriptor.LENGTH_SHIFT)];
    }

    /**
     * Consumes {@code count} completions, handing their slots back to the server.
     *
     * @param count at most {@link #cqReady()}.
     */
    public void advanceCq(final int count)
    {
        cq.take(count);
        final int released = cq.release();
        state.addToCounter(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.CONSUMED_OFFSET, released);
    }

    /**
     * Hands up to {@code limit} ready completions to {@code handler}, then consumes them.
     *
     * @param handler receives each entry.
     * @param limit   most entries to handle.
     * @return entries handled, or {@link #BROKEN}.
     */
    public int forEachCqe(final CqeHandler handler, final int limit)
    {
        final int ready = cq.availableNow();
        if (ready <= 0)
        {
            return ready;
        }
        final int count = Math.min(ready, limit);
        for (int i = 0; i < count; i++)
        {
            handler.onCqe(cqes[(int)((cq.entryOffset(i) - cqBase) >>> CqeDescriptor.LENGTH_SHIFT)]);
        }
        advanceCq(count);
        return count;
    }

    /**
     * Waits until at least {@code min} completions are ready: polls with the idle strategy, then sleeps on the
     * doorbell after {@link RingOptions#sleepAfterNanos()}.
     *
     * @param min          completions wanted, at least 1.
     * @param timeoutNanos how long at most.
     * @return completions ready (fewer on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitCqes(final int min, final long timeoutNanos)
    {
        return waiter.await(min, timeoutNanos);
    }

    /**
     * Waits until {@code work} says there is something to do: polls with the idle strategy, then sleeps on this
     * end's doorbell, which the server rings when it publishes completions and this process's other threads ring
     * with {@link #wake()}. For a thread that owns the ring and also takes work from other threads (a reactor).
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
     * Wakes the thread waiting in {@link #awaitWork} or {@link #awaitCqes} on this end, from any thread of this
     * process, after that thread made work visible. Costs a full fence, and a system call only if the waiter sleeps.
     */
    public void wake()
    {
        state.clientDoorbell().wakeIfNeeded();
    }

    /**
     * Waits, polling, until at least {@code min} SQ slots are free (the server frees them as it takes entries).
     *
     * @param min          slots wanted.
     * @param timeoutNanos how long at most.
     * @return free slots (fewer on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitSqSpace(final int min, final long timeoutNanos)
    {
        return waiter.awaitSpace(sqSpace, min, timeoutNanos);
    }

    /**
     * Free SQ slots now.
     *
     * @return count, or {@link #BROKEN}.
     */
    public int sqSpace()
    {
        return sq.free();
    }

    /**
     * Reads register {@code index}.
     *
     * @param index 0..6.
     * @return its value.
     */
    public long register(final int index)
    {
        checkRegister(index);
        // acquire: pairs with the server's release when it saves a result, so its CQE and register agree.
        return (long)SharedAccess.LONG.getAcquire(segment, RingDescriptor.registerOffset(index));
    }

    /**
     * Writes register {@code index}, for SQEs submitted after this call to load.
     *
     * @param index 0..6.
     * @param value its new value.
     */
    public void register(final int index, final long value)
    {
        checkRegister(index);
        // release: ordered before the SQ tail that publishes the SQEs loading it.
        SharedAccess.LONG.setRelease(segment, RingDescriptor.registerOffset(index), value);
    }

    static void checkRegister(final int index)
    {
        if (index < 0 || index >= RingDescriptor.REGISTER_COUNT)
        {
            throw new IllegalArgumentException("register=" + index + " must be in [0, 6]");
        }
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
     * Records that the server is gone, as the lifetime anchor (the attach socket) saw it: marks its end closed, so
     * every wait on this end returns {@code PEER_CLOSED} at once instead of waiting for a process that will
     * never answer.
     */
    public void markPeerClosed()
    {
        RingDescriptor.orStatus(segment, RingDescriptor.STATUS_SERVER_CLOSED, Errno.EOK);
        state.clientDoorbell().wake();
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
     * Whether the server closed its end or died.
     *
     * @return true if no more completions will come.
     */
    public boolean isPeerClosed()
    {
        return waiter.peerGone();
    }

    /**
     * Whether a server end has attached (it records its process id when it does).
     *
     * @return true once a server end exists.
     */
    public boolean isServerAttached()
    {
        // acquire: pairs with the server's release of its pid, written after it mapped and checked the ring.
        return 0 != (long)SharedAccess.LONG.getAcquire(segment, (long)RingDescriptor.SERVER_PID_OFFSET);
    }

    /**
     * The file behind a shared ring.
     *
     * @return the path, or empty for an in-process ring.
     */
    public Optional<Path> path()
    {
        return state.region().path();
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
     * Closes this end: marks it closed, wakes the server so it sees that, and unmaps (removing the file of a shared
     * ring). Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RingDescriptor.orStatus(segment, RingDescriptor.STATUS_CLIENT_CLOSED, Errno.EOK);
        state.serverDoorbell().wake();
        state.release();
    }
}
