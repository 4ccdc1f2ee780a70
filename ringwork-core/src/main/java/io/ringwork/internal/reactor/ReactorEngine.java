package io.ringwork.internal.reactor;

import io.ringwork.Completion;
import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingworkException;
import io.ringwork.Sqe;
import io.ringwork.SqeWriter;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.internal.linux.FutexVector;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The reactor: one owner thread drives several rings. Any thread hands it operations ({@link #hand}); the owner
 * writes them as SQEs, publishes each ring once per round, reaps every ring's CQEs and completes each operation's
 * future from its slot (no map, no allocation in the reactor per operation). With nothing to do it sleeps on all the
 * rings' doorbells and its own at once ({@code futex_waitv}), so a CQE on any ring or a hand-over wakes it.
 * <p>
 * Operations are written in hand-over order. A chain goes in whole or waits (enough SQ space, slots and registers);
 * later operations wait behind it, so nothing overtakes a chain. Each chain leases ring registers for its own, so
 * chains of different threads never see each other's register values.
 * <p>
 * <b>Serving.</b> The owner thread may also serve rings of schemes this process publishes ({@link #serve}): each
 * round then runs every served group's duty cycle ({@link ServedRings}, the one a scheme server's agent thread
 * runs) after reaping, so a scheme whose handler completes a request from a future of this reactor has its CQE
 * published in the same round; the served rings' doorbells join the one {@code futex_waitv} sleep.
 */
public final class ReactorEngine
{
    /** Most rings one reactor drives (futex_waitv's limit, less the reactor's own doorbell). */
    public static final int MAX_RINGS = FutexVector.MAX_WORDS - 1;

    private static final int REGISTERS = 7;
    private static final int ALL_REGISTERS = (1 << REGISTERS) - 1;
    private static final long CANCEL_USER_DATA = -2;
    private static final long OVERFULL_SLEEP_NANOS = 1_000_000L;

    private final OpQueue queue = new OpQueue();
    private final Object ringsLock = new Object();
    private volatile RingSlots[] rings = new RingSlots[0];
    private volatile Doorbell[] doorbells = new Doorbell[0];
    private volatile ServedRings[] served = new ServedRings[0];
    private final Arena arena = Arena.ofAuto();
    private final Doorbell bell;
    private final DoorbellSet doorbellSet;
    private final Doorbell.WorkCheck workCheck = this::hasWork;
    private ReactorOp backlogHead;
    private ReactorOp backlogTail;
    private volatile Thread owner;
    private volatile boolean closing;

    /**
     * An engine with no ring yet.
     */
    public ReactorEngine()
    {
        final MemorySegment bellMemory = arena.allocate(io.ringwork.internal.layout.RingDescriptor.DOORBELL_LENGTH,
            Long.BYTES);
        this.bell = new Doorbell(bellMemory, 0, true, arena);
        this.doorbellSet = new DoorbellSet(FutexVector.MAX_WORDS, arena);
    }

    /**
     * Adds a ring; any thread, before or while the reactor runs.
     *
     * @param ring     a client end the reactor owns from now on.
     * @param pool     the pool its buffer references point into.
     * @param doorbell the ring's client doorbell, which its server rings for completions.
     * @return the ring's index.
     * @throws RingworkException {@link Errno#ENOSPC} beyond {@link #MAX_RINGS}.
     */
    public int addRing(final Ring ring, final BufferPool pool, final Doorbell doorbell)
    {
        synchronized (ringsLock)
        {
            final RingSlots[] current = rings;
            if (current.length + servedCount() >= MAX_RINGS)
            {
                throw new RingworkException(Errno.ENOSPC, "a reactor drives at most " + MAX_RINGS + " rings");
            }
            final RingSlots[] more = java.util.Arrays.copyOf(current, current.length + 1);
            more[current.length] = new RingSlots(ring, pool);
            final Doorbell[] bells = java.util.Arrays.copyOf(doorbells, current.length + 1);
            bells[current.length] = doorbell;
            doorbells = bells;
            rings = more;
            return current.length;
        }
    }

    /**
     * Adds a group of rings this reactor serves on its owner thread; any thread.
     *
     * @return the group: join rings to it, stop it when done serving.
     * @throws RingworkException {@link Errno#ESHUTDOWN} if the reactor is closing.
     */
    public ServedRings serve()
    {
        final ServedRings group = new ServedRings(bell, MAX_RINGS, this::roomForServed);
        synchronized (ringsLock)
        {
            if (closing)
            {
                throw new RingworkException(Errno.ESHUTDOWN, "the reactor is closing");
            }
            final ServedRings[] current = served;
            final ServedRings[] more = java.util.Arrays.copyOf(current, current.length + 1);
            more[current.length] = group;
            served = more;
        }
        final Thread owner = this.owner;
        if (null != owner)
        {
            group.bindHost(owner);
        }
        bell.wake();
        return group;
    }

    private int roomForServed()
    {
        return MAX_RINGS - rings.length - servedCount();
    }

    private int servedCount()
    {
        int count = 0;
        for (final ServedRings group : served)
        {
            count += group.size();
        }
        return count;
    }

    /**
     * The ring at an index.
     *
     * @param index from {@link #addRing}.
     * @return its client end.
     */
    public Ring ring(final int index)
    {
        return rings[index].ring;
    }

    /**
     * The pool of a ring.
     *
     * @param index from {@link #addRing}.
     * @return the pool its references point into.
     */
    public BufferPool pool(final int index)
    {
        return rings[index].pool;
    }

    /**
     * Rings added so far.
     *
     * @return the count.
     */
    public int ringCount()
    {
        return rings.length;
    }

    /**
     * Makes the calling thread the owner, the one thread that calls {@link #doWork()} and {@link #await}.
     */
    public void bindOwner()
    {
        owner = Thread.currentThread();
        for (final ServedRings group : served)
        {
            group.bindHost(owner);
        }
    }

    /**
     * Whether the caller is the owner thread.
     *
     * @return true on the owner.
     */
    public boolean isOwner()
    {
        return Thread.currentThread() == owner;
    }

    // *** Any thread ***

    /**
     * Hands an operation (or the head of a chain, linked through its steps) to the reactor; any thread. Costs a CAS,
     * and a wake-up only if the queue was empty and the reactor sleeps.
     *
     * @param op prepared; the caller does not touch it afterwards.
     */
    public void hand(final ReactorOp op)
    {
        if (closing)
        {
            for (ReactorOp step = op; null != step; step = step.chainNext)
            {
                fail(step, Errno.ESHUTDOWN);
            }
            return;
        }
        if (queue.push(op))
        {
            bell.wakeIfNeeded();
        }
    }

    /**
     * Cancels an operation whose future was cancelled; any thread.
     */
    void cancel(final ReactorOp target)
    {
        target.cancelled = true;
        final ReactorOp request = new ReactorOp(target.ring, Opcode.CANCEL.code());
        request.resultKind = ReactorOp.CANCEL_REQUEST;
        request.cancelTarget = target;
        hand(request);
    }

    /**
     * Wakes the owner if it sleeps.
     */
    public void wake()
    {
        bell.wake();
    }

    /**
     * Stops taking operations: every one handed over later fails with {@code ESHUTDOWN}. The owner then calls
     * {@link #failAll}.
     */
    public void shutdown()
    {
        closing = true;
        bell.wake();
    }

    /**
     * Whether {@link #shutdown()} was called.
     *
     * @return true when closing.
     */
    public boolean isShutdown()
    {
        return closing;
    }

    // *** Owner thread ***

    /**
     * Writes a raw SQE on the owner thread, with a handler instead of a future: the path that allocates nothing.
     *
     * @param ringIndex the ring.
     * @param writer    prepares the SQE.
     * @param handler   receives the CQE (each CQE of a subscription), on the owner thread.
     * @return false if the ring has no free slot or SQ entry now ({@link #doWork()} and try again), or is gone, or
     *         the reactor is closing.
     * @throws IllegalStateException on another thread than the owner.
     */
    public boolean submitRaw(final int ringIndex, final SqeWriter writer, final CqeHandler handler)
    {
        if (!isOwner())
        {
            throw new IllegalStateException("raw submissions are for the reactor's owner thread");
        }
        final RingSlots slots = rings[ringIndex];
        // Closing: a handler answered by failAll that submits again would put an SQE on a ring nobody reaps any more.
        if (closing || slots.gone || 0 == slots.freeSlots())
        {
            return false;
        }
        final Sqe sqe = slots.ring.getSqe();
        if (null == sqe)
        {
            return false;
        }
        writer.write(sqe);
        sqe.userData(slots.take(handler));
        slots.written++;
        return true;
    }

    /**
     * One round: takes what other threads handed over, writes what fits, publishes each ring, reaps every ring.
     *
     * @return work done (SQEs written plus CQEs reaped), 0 when idle.
     */
    public int doWork()
    {
        int work;
        try
        {
            work = doWorkOnce();
        }
        catch (final IllegalStateException ex)
        {
            // A ring's memory was unmapped under the reactor (its owner closed it first): fail what was on it.
            work = dropUnmappedRings();
        }
        final ServedRings[] served = this.served;
        if (0 != served.length)
        {
            work += serveOnce(served);
        }
        return work;
    }

    /**
     * One duty cycle of every served group, after the reactor's own rings were reaped (a scheme that completed a
     * request from one of their futures moved its dispatcher on; this round publishes the CQE).
     */
    private int serveOnce(final ServedRings[] served)
    {
        int work = 0;
        boolean finished = false;
        for (final ServedRings group : served)
        {
            work += group.doWork();
            finished |= group.isFinished();
        }
        if (finished)
        {
            dropFinishedGroups();
        }
        return work;
    }

    private void dropFinishedGroups()
    {
        synchronized (ringsLock)
        {
            final ServedRings[] current = served;
            int kept = 0;
            final ServedRings[] remaining = new ServedRings[current.length];
            for (final ServedRings group : current)
            {
                if (!group.isFinished())
                {
                    remaining[kept++] = group;
                }
            }
            served = java.util.Arrays.copyOf(remaining, kept);
        }
    }

    private int doWorkOnce()
    {
        final RingSlots[] rings = this.rings;
        int work = 0;
        final ReactorOp taken = queue.takeAll();
        if (null != taken)
        {
            appendToBacklog(taken);
        }
        if (null != backlogHead)
        {
            work += writeBacklog(rings);
        }
        for (final RingSlots slots : rings)
        {
            if (slots.written > 0 && !slots.unmapped)
            {
                slots.written = 0;
                slots.ring.submit();
            }
        }
        for (final RingSlots slots : rings)
        {
            if (!slots.unmapped)
            {
                work += reap(slots);
            }
        }
        return work;
    }

    /**
     * Finds the rings whose memory is gone and fails what was in flight on them with {@code EPIPE}.
     *
     * @return how many rings were dropped.
     */
    private int dropUnmappedRings()
    {
        int dropped = 0;
        for (final RingSlots slots : rings)
        {
            if (slots.unmapped)
            {
                continue;
            }
            try
            {
                slots.ring.cqReady();
            }
            catch (final IllegalStateException ex)
            {
                slots.unmapped = true;
                slots.gone = true;
                slots.goneErrno = Errno.EPIPE;
                failInFlight(slots, Errno.EPIPE);
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Sleeps until a CQE arrives on any ring, an operation is handed over, or the timeout passes.
     *
     * @param timeoutNanos longest sleep.
     */
    public void await(final long timeoutNanos)
    {
        final RingSlots[] rings = this.rings;
        final Doorbell[] bells = this.doorbells;
        final ServedRings[] served = this.served;
        final DoorbellSet set = this.doorbellSet;
        set.clear();
        set.add(bell);
        for (int i = 0; i < Math.min(rings.length, bells.length); i++)
        {
            if (!rings[i].unmapped)
            {
                set.add(bells[i]);
            }
        }
        long timeout = timeoutNanos;
        for (final ServedRings group : served)
        {
            timeout = group.idleTimeoutNanos(timeout);
            if (!group.addDoorbells(set))
            {
                // More rings than one futex_waitv takes (a race of attach and join): look again soon.
                timeout = Math.min(timeout, OVERFULL_SLEEP_NANOS);
            }
        }
        try
        {
            if (set.sleep(workCheck, timeout))
            {
                for (final ServedRings group : served)
                {
                    group.countSleep();
                }
            }
        }
        catch (final IllegalStateException ex)
        {
            dropUnmappedRings();
        }
    }

    private boolean hasWork()
    {
        final RingSlots[] rings = this.rings;
        if (closing || !queue.isEmpty())
        {
            return true;
        }
        for (final ServedRings group : served)
        {
            if (group.hasWork())
            {
                return true;
            }
        }
        for (final RingSlots slots : rings)
        {
            if (slots.unmapped)
            {
                continue;
            }
            if (slots.ring.cqReady() != 0 || (slots.inFlight() > 0 && !slots.gone && slots.ring.isPeerClosed()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Operations in flight or waiting, over all rings.
     *
     * @return the count.
     */
    public int pending()
    {
        int count = 0;
        for (final RingSlots slots : rings)
        {
            count += slots.inFlight();
        }
        for (ReactorOp op = backlogHead; null != op; op = op.next)
        {
            count++;
        }
        return count;
    }

    private void appendToBacklog(final ReactorOp first)
    {
        ReactorOp last = first;
        while (null != last.next)
        {
            last = last.next;
        }
        if (null == backlogTail)
        {
            backlogHead = first;
        }
        else
        {
            backlogTail.next = first;
        }
        backlogTail = last;
    }

    private int writeBacklog(final RingSlots[] rings)
    {
        int written = 0;
        ReactorOp op;
        while (null != (op = backlogHead))
        {
            final RingSlots slots = op.ring < rings.length ? rings[op.ring] : null;
            if (ReactorOp.CANCEL_REQUEST != op.resultKind && null != slots && !slots.gone &&
                (!op.cancelled || null != op.chain) && !fits(op, slots))
            {
                if (slots.ring.isBroken() || slots.ring.isPeerClosed())
                {
                    // No room will come: the server is gone. The loop fails this op and the ones behind it.
                    ringGone(slots);
                    continue;
                }
                break;
            }
            backlogHead = op.next;
            if (null == backlogHead)
            {
                backlogTail = null;
            }
            op.next = null;
            if (null == slots)
            {
                failChain(op, Errno.EINVAL);
            }
            else if (ReactorOp.CANCEL_REQUEST == op.resultKind)
            {
                written += writeCancel(op, slots);
            }
            else if (slots.gone)
            {
                failChain(op, slots.goneErrno);
            }
            else if (op.cancelled && null == op.chain)
            {
                dropUnwritten(op, slots);
            }
            else
            {
                written += writeUnit(op, slots);
            }
        }
        return written;
    }

    /**
     * Whether a unit (one op, or a whole chain) fits now: SQ entries, slots and the chain's registers.
     */
    private static boolean fits(final ReactorOp head, final RingSlots slots)
    {
        final int length = null == head.chain ? 1 : head.chain.length;
        if (slots.freeSlots() < length || slots.ring.sqSpace() < length)
        {
            return false;
        }
        if (null != head.chain)
        {
            final int needed = Integer.bitCount(head.chain.localRegisters);
            return Integer.bitCount(ALL_REGISTERS & ~slots.leasedRegisters) >= needed;
        }
        return true;
    }

    private int writeUnit(final ReactorOp head, final RingSlots slots)
    {
        final ChainState chain = head.chain;
        int[] map = null;
        if (null != chain)
        {
            map = chain.registerMap;
            int locals = chain.localRegisters;
            while (0 != locals)
            {
                final int local = Integer.numberOfTrailingZeros(locals);
                locals &= locals - 1;
                final int real = Integer.numberOfTrailingZeros(ALL_REGISTERS & ~slots.leasedRegisters);
                slots.leasedRegisters |= 1 << real;
                chain.leased |= 1 << real;
                map[local] = real;
            }
        }
        int index = 0;
        for (ReactorOp step = head; null != step; step = step.chainNext)
        {
            final Sqe sqe = slots.ring.getSqe();
            step.userData = slots.take(step);
            step.submitted = true;
            int link = 0;
            if (null != step.chainNext)
            {
                link = 0 != (chain.hardLinkMask & (1 << index)) ? Sqe.HARDLINK : Sqe.LINK;
            }
            step.write(sqe, map, link);
            index++;
        }
        slots.written += index;
        return index;
    }

    private int writeCancel(final ReactorOp request, final RingSlots slots)
    {
        final ReactorOp target = request.cancelTarget;
        if (!target.submitted || target.completed || slots.gone)
        {
            // Not written yet: the backlog drops it when it comes to it. Completed: nothing to do.
            return 0;
        }
        final Sqe sqe = slots.ring.getSqe();
        if (null == sqe)
        {
            // A full SQ: the operation completes by itself; its future is cancelled already.
            return 0;
        }
        sqe.prepCancel(target.userData, 0).userData(CANCEL_USER_DATA);
        slots.written++;
        return 1;
    }

    private int reap(final RingSlots slots)
    {
        final Ring ring = slots.ring;
        final int ready = ring.cqReady();
        if (ready <= 0)
        {
            if (slots.inFlight() > 0 && !slots.gone && (ready < 0 || ring.isPeerClosed()))
            {
                ringGone(slots);
            }
            return 0;
        }
        for (int i = 0; i < ready; i++)
        {
            final Cqe cqe = ring.cqeAt(i);
            final long userData = cqe.userData();
            final Object target = slots.find(userData);
            if (null == target)
            {
                continue;
            }
            final boolean more = 0 != (cqe.flags() & Cqe.MORE);
            if (target instanceof CqeHandler handler)
            {
                if (more)
                {
                    handler.onCqe(cqe);
                }
                else
                {
                    // Copied before the slot is freed: should the ring's memory go away now (its owner closed it,
                    // the server let go), the read throws while the slot still names the handler, and
                    // dropUnmappedRings answers it.
                    final Cqe copy = slots.scratch.fill(userData, cqe.result(), cqe.error(), cqe.opcode(),
                        cqe.flags(), cqe.extra());
                    slots.release(userData);
                    handler.onCqe(copy);
                }
            }
            else if (!more)
            {
                slots.release(userData);
                complete((ReactorOp)target, slots, cqe);
            }
        }
        ring.advanceCq(ready);
        return ready;
    }

    private void complete(final ReactorOp op, final RingSlots slots, final Cqe cqe)
    {
        op.completed = true;
        try
        {
            final ReactorFuture<?> future = op.future;
            if (null == future || future.isDone())
            {
                return;
            }
            final int error = cqe.error();
            if (ReactorOp.RESULT_COMPLETION == op.resultKind)
            {
                completeWith(future, Completion.of(cqe));
            }
            else if (0 != error)
            {
                future.completeExceptionally(new RingworkException(Errno.of(error),
                    Opcode.nameOf(op.opcode) + " failed"));
            }
            else if (ReactorOp.RESULT_STAT == op.resultKind)
            {
                completeWith(future, FileStat.read(slots.pool.slice(op.bounce, StatDescriptor.LENGTH)));
            }
            else
            {
                final long result = cqe.result();
                final ByteBuffer copyOut = op.copyOut;
                if (null != copyOut && result > 0)
                {
                    final int count = (int)Math.min(result, copyOut.remaining());
                    MemorySegment.ofBuffer(copyOut).copyFrom(slots.pool.slice(op.bounce, count));
                    copyOut.position(copyOut.position() + count);
                }
                completeWith(future, result);
            }
        }
        catch (final IllegalStateException ex)
        {
            // The ring's memory went away while this CQE was read (its owner closed its end, and the server let go
            // of the other at that moment): the slot is free already, so the op fails here, as dropUnmappedRings
            // fails the ones still in flight, which it runs when this propagates.
            fail(op, Errno.EPIPE);
            throw ex;
        }
        finally
        {
            releaseHeld(op, slots);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void completeWith(final ReactorFuture<T> future, final Object value)
    {
        future.complete((T)value);
    }

    /**
     * Frees what the op held once no CQE can come for it any more: its bounce buffer, and its chain's registers with
     * the chain's last step.
     */
    private static void releaseHeld(final ReactorOp op, final RingSlots slots)
    {
        if (op.bounce >= 0)
        {
            slots.pool.free(op.bounce);
            op.bounce = -1;
        }
        final ChainState chain = op.chain;
        if (null != chain && 0 == --chain.remaining)
        {
            slots.leasedRegisters &= ~chain.leased;
            chain.leased = 0;
        }
    }

    /**
     * An operation cancelled before it was written: no server saw its bounce buffer, so it goes now; its future is
     * cancelled already.
     */
    private static void dropUnwritten(final ReactorOp op, final RingSlots slots)
    {
        op.completed = true;
        if (op.bounce >= 0)
        {
            slots.pool.free(op.bounce);
            op.bounce = -1;
        }
    }

    private void failChain(final ReactorOp head, final Errno errno)
    {
        for (ReactorOp step = head; null != step; step = step.chainNext)
        {
            fail(step, errno);
        }
    }

    private static void fail(final ReactorOp op, final Errno errno)
    {
        op.completed = true;
        final ReactorFuture<?> future = op.future;
        if (null == future)
        {
            return;
        }
        if (ReactorOp.RESULT_COMPLETION == op.resultKind)
        {
            completeWith(future, new Completion(op.userData, 0, errno.number(), op.opcode, 0, 0));
        }
        else
        {
            future.completeExceptionally(new RingworkException(errno, Opcode.nameOf(op.opcode) + " failed"));
        }
    }

    /**
     * A ring whose server closed, died or broke it: no CQE will come for what is in flight on it.
     */
    private void ringGone(final RingSlots slots)
    {
        slots.gone = true;
        slots.goneErrno = slots.ring.isBroken() ? Errno.EIO : Errno.EPIPE;
        failInFlight(slots, slots.goneErrno);
    }

    private void failInFlight(final RingSlots slots, final Errno errno)
    {
        final Object[] targets = slots.slots;
        for (int i = 0; i < targets.length; i++)
        {
            final Object target = targets[i];
            if (target instanceof ReactorOp op)
            {
                fail(op, errno);
            }
            else if (target instanceof CqeHandler handler)
            {
                // A raw submission has no future to fail: its handler gets the final CQE no server will write, made
                // in the reactor's own memory (opcode 0, no flags), and its slot is free, so it gets exactly one.
                final long userData = slots.userDataAt(i);
                slots.release(userData);
                try
                {
                    handler.onCqe(slots.scratch.fill(userData, 0, errno.number(), 0, 0, 0));
                }
                catch (final RuntimeException ex)
                {
                    // Against the handler's contract; the rest of the ring must still be answered.
                    System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "a raw CQE handler threw on the " +
                        "final CQE of a ring gone (" + errno + "); the other operations are answered", ex);
                }
            }
        }
    }

    /**
     * Fails everything waiting or in flight, for a reactor that closes: waiting operations with
     * {@code ESHUTDOWN}, operations in flight with {@code ECANCELED} (their bounce buffers are left to the pool's
     * owner, since a server may still write into them). Owner thread, after {@link #shutdown()}.
     *
     * @param onEachRing then runs for each ring (closing it, say).
     */
    public void failAll(final Consumer<Ring> onEachRing)
    {
        final ReactorOp taken = queue.takeAll();
        if (null != taken)
        {
            appendToBacklog(taken);
        }
        for (ReactorOp op = backlogHead; null != op; op = op.next)
        {
            if (ReactorOp.CANCEL_REQUEST != op.resultKind)
            {
                failChain(op, Errno.ESHUTDOWN);
            }
        }
        backlogHead = null;
        backlogTail = null;
        for (final RingSlots slots : rings)
        {
            failInFlight(slots, Errno.ECANCELED);
        }
        // After the futures failed: a served scheme waiting on one of them has completed its request by now, so
        // finishing its ring does not wait for it.
        final ServedRings[] groups;
        synchronized (ringsLock)
        {
            groups = served;
            served = new ServedRings[0];
        }
        for (final ServedRings group : groups)
        {
            group.finish();
        }
        for (final RingSlots slots : rings)
        {
            onEachRing.accept(slots.ring);
        }
    }
}
