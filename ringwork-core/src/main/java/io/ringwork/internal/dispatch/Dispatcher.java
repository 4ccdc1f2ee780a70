package io.ringwork.internal.dispatch;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.ServedRing;
import io.ringwork.Sqe;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.scheme.Peer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The consumer of one ring's SQEs: the runtime's "kernel" side of a ring, on its own thread.
 * {@snippet lang=java :
 * while (!stopped) {
 *     work  = drainInbox();      // completions from schemes' threads, poll changes, futex wakes
 *     work += fireTimers();      // per-SQE timeouts, TIMEOUT, NOP sleeps
 *     work += takeSqes();        // only as many as the CQ has room for
 *     work += dispatchReady();   // highest priority first; inline completions run chains on at once
 *     publishCqes();             // one release store per round
 *     if (work == 0) idle();     // poll, then sleep on the ring's doorbell
 * }
 * }
 * <b>Units.</b> The SQEs of one chain (joined by {@code LINK}/{@code HARDLINK} within one batch) form a unit; a lone
 * SQE is a unit of one. A unit is admitted when nothing holds it back (a {@code DRAIN} head waits until every earlier
 * unit has finished, and later units wait for it); its head goes to the ready queue, each later member when its
 * predecessor completes.
 * <p>
 * <b>Completions never overflow.</b> Every taken SQE reserves one CQE; SQEs are taken only while the CQ's free space
 * exceeds the reservations, and the extra CQEs of a subscription are posted only into space beyond them.
 */
public final class Dispatcher implements Runnable
{
    /** {@link #cancel} result: the operation will complete with the given error. */
    static final int CANCELLED = 1;
    /** {@link #cancel} result: the operation is past the point where it can be stopped. */
    static final int TOO_LATE = 2;
    /** {@link #cancel} result: the operation is not in flight. */
    static final int NOT_LIVE = 3;
    /**
     * {@link #cancel} result: the scheme began the operation and was asked to stop it; it completes later, with the
     * given error if the scheme stopped it in time.
     */
    static final int CANCEL_REQUESTED = 4;

    private static final int CARRY_RUN = 1;
    private static final int CARRY_CANCEL = 2;
    private static final long ROOM_POLL_NANOS = 1_000_000L;
    private static final long MAX_IDLE_NANOS = 1_000_000_000L;
    private static final long SHUTDOWN_GRACE_NANOS = 5_000_000_000L;
    /** Longest timer: far enough to mean "never", near enough that deadlines compare by subtraction. */
    static final long MAX_TIMER_NANOS = Long.MAX_VALUE >> 2;
    private static final int ECANCELED = Errno.ECANCELED.number();

    final ServedRing served;
    final Peer peer;
    final RuntimeContext context;
    final HandleTable handles;
    final Inbox inbox = new Inbox();
    private final Verbs verbs;
    private final NativeRuns nativeRuns;
    private final Op[] ops;
    private final Op[] freeOps;
    private int freeCount;
    private final ReadyQueue ready;
    private final TimerQueue timers;
    private final BooleanSupplier workCheck = this::hasWork;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final Object servedLock = new Object();

    private int reserved;
    private long nextSeq;
    private boolean chainOpen;
    private Op chainTail;
    private int carry;
    private Op heldHead;
    private Op heldTail;
    private int liveUnits;
    private boolean drainActive;
    private long posted;
    private Op countHead;
    private boolean countDue;
    private Op eventHead;
    private boolean blockedOnRoom;
    private boolean shuttingDown;
    private long shutdownDeadline;
    private int cancelEpoch;
    private boolean servedClosed;
    private volatile boolean stopRequested;
    private volatile Errno brokenReason;
    private volatile Thread thread;

    /**
     * A dispatcher for one served ring whose client is in this process; start it on a thread of its own. Its
     * readable handles are mirrored in {@link #inlineReads()} for the client's threads.
     *
     * @param served  the ring's server end, used by this dispatcher only.
     * @param context what the runtime's dispatchers share.
     */
    public Dispatcher(final ServedRing served, final RuntimeContext context)
    {
        this(served, context, Peer.self(), true);
    }

    /**
     * A dispatcher for one served ring whose client is {@code peer}.
     *
     * @param served  the ring's server end, used by this dispatcher only.
     * @param context what the runtime's dispatchers share.
     * @param peer    the client process, as the attach socket's credentials name it.
     */
    public Dispatcher(final ServedRing served, final RuntimeContext context, final Peer peer)
    {
        this(served, context, peer, false);
    }

    private Dispatcher(final ServedRing served, final RuntimeContext context, final Peer peer,
        final boolean clientInProcess)
    {
        this.peer = peer;
        this.served = served;
        this.context = context;
        // Only a client in this process can read on its own thread; another process's handles need no mirror.
        this.handles = new HandleTable(context.maxHandles(), clientInProcess);
        final int capacity = served.cqEntries() + served.sqEntries();
        this.ops = new Op[capacity];
        this.freeOps = new Op[capacity];
        for (int i = 0; i < capacity; i++)
        {
            ops[i] = new Op(this);
            freeOps[capacity - 1 - i] = ops[i];
        }
        this.freeCount = capacity;
        this.ready = new ReadyQueue(capacity);
        this.timers = new TimerQueue(capacity);
        this.verbs = new Verbs(this);
        this.nativeRuns = new NativeRuns(verbs, handles, capacity);
    }

    /**
     * The handles of this ring an in-process client may read on its own thread, kept in step with the handle
     * table.
     *
     * @return the table, safe to read from any thread; null for a ring whose client is another process.
     */
    public InlineReadTable inlineReads()
    {
        return handles.inlineReads();
    }

    /**
     * Serves the ring until its client closes it, it breaks, or {@link #stop()}; then cancels what is left, closes
     * every handle and the server end.
     */
    @Override
    public void run()
    {
        bindToCurrentThread();
        try
        {
            int rounds = 0;
            while (!stopRequested)
            {
                final int work = doWork();
                if (0 == work)
                {
                    if (idle() < 0)
                    {
                        break;
                    }
                }
                else if (0 == (++rounds & 1023) && served.isPeerClosed())
                {
                    break;
                }
            }
        }
        finally
        {
            finish();
        }
    }

    /**
     * Ends the service of the ring: cancels what is left, closes every handle and the server end. For a thread that
     * serves several rings ({@link DispatchAgent}) and calls {@link #doWork()} itself; {@link #run()} calls it too.
     */
    void finish()
    {
        shutdown();
    }

    /**
     * Why the ring was broken when the dispatcher finished, for the log of whoever detaches its client.
     *
     * @return the reason, or null if the ring was whole.
     */
    public Errno brokenReason()
    {
        return brokenReason;
    }

    /**
     * Whether serving should end: {@link #stop()} was asked, or the client closed, died or broke the ring.
     *
     * @return true to {@link #finish()}.
     */
    boolean shouldExit()
    {
        return stopRequested || served.isPeerClosed();
    }

    /**
     * Asks the dispatcher to stop, from any thread; see {@link #awaitExit}.
     */
    public void stop()
    {
        stopRequested = true;
        wakeFromOtherThread();
    }

    /**
     * Waits until the dispatcher thread has shut down.
     *
     * @param timeoutNanos how long at most.
     * @return true if it has.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitExit(final long timeoutNanos) throws InterruptedException
    {
        return exited.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The dispatcher's thread, for diagnostics and allocation measurements.
     *
     * @return the thread, or null before it started.
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * Makes the calling thread the one that serves this ring, before its first {@link #doWork()}.
     */
    void bindToCurrentThread()
    {
        thread = Thread.currentThread();
    }

    boolean isDispatcherThread()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * Wakes the dispatcher if it sleeps; any thread, any time: after shutdown (a late completion, a wake from another
     * ring) the server end is closed and there is nothing to wake.
     */
    void wakeFromOtherThread()
    {
        synchronized (servedLock)
        {
            if (!servedClosed)
            {
                served.wake();
            }
        }
    }

    int doWork()
    {
        int work = drainInbox();
        work += fireTimers();
        if (null != eventHead)
        {
            work += postDeferredEvents();
        }
        work += takeSqes();
        work += dispatchReady();
        if (countDue)
        {
            countDue = false;
            work += verbs.checkCountTimeouts(posted);
            work += dispatchReady();
        }
        served.publishCqes();
        return work;
    }

    private int idle()
    {
        return served.awaitWork(workCheck, idleTimeoutNanos());
    }

    /**
     * How long the dispatcher may sleep when it has no work: until its next timer, or shortly when it must look for
     * CQ room again.
     *
     * @return nanoseconds.
     */
    long idleTimeoutNanos()
    {
        long timeout = MAX_IDLE_NANOS;
        if (!timers.isEmpty())
        {
            timeout = Math.max(0, timers.peek().timerDeadline - System.nanoTime());
        }
        if (blockedOnRoom || null != eventHead)
        {
            // The client's consumption of CQEs rings no doorbell: look for room again soon.
            timeout = Math.min(timeout, ROOM_POLL_NANOS);
        }
        return timeout;
    }

    /**
     * Whether a round of {@link #doWork()} would find something to do; the re-check before sleeping.
     *
     * @return true if sleeping now could lose work.
     */
    boolean hasWork()
    {
        if (stopRequested || inbox.hasWork())
        {
            return true;
        }
        if (!timers.isEmpty() && timers.peek().timerDeadline - System.nanoTime() <= 0)
        {
            return true;
        }
        if (blockedOnRoom || null != eventHead)
        {
            return freeCount > 0 && served.cqSpace() - reserved > 0;
        }
        return 0 != served.sqesReady();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Taking SQEs, units, chains and DRAIN.
    // ---------------------------------------------------------------------------------------------------------------

    private int takeSqes()
    {
        final ServedRing served = this.served;
        final int available = served.sqesReady();
        if (available <= 0)
        {
            blockedOnRoom = false;
            return 0;
        }
        final int room = served.cqSpace() - reserved;
        final int count = Math.min(available, Math.min(room, freeCount));
        blockedOnRoom = count < available;
        if (count <= 0)
        {
            return 0;
        }
        for (int i = 0; i < count; i++)
        {
            accept(served.sqeAt(i));
        }
        served.takeSqes(count);
        return count;
    }

    private void accept(final Sqe sqe)
    {
        final Op op = freeOps[--freeCount];
        op.load(sqe, nextSeq++);
        reserved++;
        final boolean continues = chainOpen;
        final Op predecessor = chainTail;
        chainOpen = op.linksNext;
        chainTail = op.linksNext ? op : null;
        if (!continues)
        {
            carry = 0;
            if (op.unitDrain || null != heldHead || drainActive)
            {
                op.phase = Op.HELD;
                if (null == heldTail)
                {
                    heldHead = op;
                }
                else
                {
                    heldTail.heldNext = op;
                }
                heldTail = op;
                admitHeld();
            }
            else
            {
                admit(op);
            }
        }
        else if (null != predecessor)
        {
            predecessor.next = op;
            op.phase = Op.CHAINED;
        }
        else if (CARRY_RUN == carry)
        {
            makeReady(op);
        }
        else
        {
            complete(op, 0, ECANCELED, true);
        }
    }

    private void admit(final Op head)
    {
        liveUnits++;
        if (head.unitDrain)
        {
            drainActive = true;
        }
        makeReady(head);
    }

    private void unitDone()
    {
        liveUnits--;
        if (0 == liveUnits)
        {
            drainActive = false;
        }
        admitHeld();
    }

    private void admitHeld()
    {
        while (null != heldHead)
        {
            final Op head = heldHead;
            if (head.unitDrain ? 0 != liveUnits : drainActive)
            {
                break;
            }
            heldHead = head.heldNext;
            if (null == heldHead)
            {
                heldTail = null;
            }
            head.heldNext = null;
            admit(head);
        }
    }

    void makeReady(final Op op)
    {
        op.phase = Op.READY;
        ready.add(op);
    }

    private int dispatchReady()
    {
        int count = 0;
        final ReadyQueue ready = this.ready;
        while (!ready.isEmpty())
        {
            dispatch(ready.poll());
            count++;
        }
        return count;
    }

    private void dispatch(final Op op)
    {
        op.phase = Op.DISPATCHING;
        if (0 != op.cancelRequested)
        {
            complete(op, 0, op.cancelRequested);
            return;
        }
        if (0 != op.presetError)
        {
            complete(op, 0, op.presetError);
            return;
        }
        if (shuttingDown)
        {
            complete(op, 0, ECANCELED);
            return;
        }
        final int specs = op.specs;
        if (0 != (specs & ((1 << (SqeDescriptor.REGISTER_SPEC_BITS * SqeDescriptor.ARG_COUNT)) - 1)))
        {
            for (int i = 0; i < SqeDescriptor.ARG_COUNT; i++)
            {
                final int register = ((specs >>> (i * SqeDescriptor.REGISTER_SPEC_BITS)) &
                    SqeDescriptor.REGISTER_SPEC_MASK) - 1;
                if (register >= 0)
                {
                    op.args[i] = served.register(register);
                }
            }
        }
        if (0 != op.timeoutNanos)
        {
            final long now = System.nanoTime();
            op.hasExpiry = true;
            op.expiryDeadline = now + Math.min(op.timeoutNanos, MAX_TIMER_NANOS);
            armTimer(op);
        }
        if (op.linksNext && null != op.next && nativeRuns.tryStart(op))
        {
            return;
        }
        verbs.dispatch(op);
    }

    /**
     * A LINKED member's turn has come: from now on it is an ordinary operation with its scheme, and its per-SQE
     * timeout starts, as a step-by-step member's would.
     */
    private void takeTurn(final Op op)
    {
        op.phase = Op.WITH_SCHEME;
        if (0 != op.timeoutNanos)
        {
            op.hasExpiry = true;
            op.expiryDeadline = System.nanoTime() + Math.min(op.timeoutNanos, MAX_TIMER_NANOS);
            armTimer(op);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Completion: registers, CQEs, chains.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The final completion of an operation: saves the result register, posts the CQE (the last of a subscription),
     * releases what it held, and moves its chain on: the next member becomes ready if this one succeeded or was
     * HARDLINKed, otherwise every remaining member completes with ECANCELED.
     *
     * @param op     an operation in flight.
     * @param result its result.
     * @param error  its errno number, 0 on success.
     */
    void complete(final Op op, final long result, final int error)
    {
        complete(op, result, error, false);
    }

    void complete(final Op first, final long firstResult, final int firstError, final boolean firstBreaking)
    {
        Op op = first;
        long result = firstResult;
        int error = firstError;
        boolean breaking = firstBreaking;
        while (true)
        {
            final Op next = op.next;
            op.next = null;
            final boolean goesOn = !breaking && (0 == error || 0 != (op.flags & Sqe.HARDLINK));
            final boolean wasTail = op == chainTail;
            retire(op, result, error);
            if (null != next)
            {
                if (Op.LINKED == next.phase)
                {
                    // A member of a native run: the scheme has it; its result is taken now if it is in already.
                    final boolean resultIn = Op.SCHEME_DONE == next.schemeState();
                    if (!resultIn)
                    {
                        if (goesOn)
                        {
                            takeTurn(next);
                        }
                        else
                        {
                            next.phase = Op.WITH_SCHEME;
                            next.linkBroken = true;
                        }
                        return;
                    }
                    next.phase = Op.WITH_SCHEME;
                    op = next;
                    result = goesOn ? next.result : 0;
                    error = goesOn ? next.error : ECANCELED;
                    breaking = !goesOn;
                    continue;
                }
                if (goesOn)
                {
                    if (0 == next.cancelRequested)
                    {
                        makeReady(next);
                        return;
                    }
                    op = next;
                    result = 0;
                    error = next.cancelRequested;
                    breaking = false;
                }
                else
                {
                    op = next;
                    result = 0;
                    error = ECANCELED;
                    breaking = true;
                }
                continue;
            }
            if (wasTail)
            {
                chainTail = null;
                carry = goesOn ? CARRY_RUN : CARRY_CANCEL;
            }
            else
            {
                unitDone();
            }
            return;
        }
    }

    private void retire(final Op op, final long result, final int error)
    {
        if (op.timerIndex >= 0)
        {
            timers.remove(op);
        }
        if (op.eventDeferred)
        {
            unlinkDeferredEvent(op);
        }
        post(op, result, error, op.subscription ? Cqe.LAST_UPDATE : 0);
        reserved--;
        verbs.release(op);
        final int state = op.schemeState();
        if (Op.SCHEME_CANCELLED == state || Op.SCHEME_RELEASED == state)
        {
            op.phase = Op.ZOMBIE;
        }
        else
        {
            recycle(op);
        }
    }

    private void recycle(final Op op)
    {
        op.reset();
        freeOps[freeCount++] = op;
    }

    private void post(final Op op, final long result, final int error, final int cqeFlags)
    {
        if (0 == error)
        {
            final int register = ((op.specs >>> (SqeDescriptor.RESULT_SPEC_INDEX * SqeDescriptor.REGISTER_SPEC_BITS)) &
                SqeDescriptor.REGISTER_SPEC_MASK) - 1;
            if (register >= 0)
            {
                // saved before the CQE is published: the register's release store precedes the CQ tail's.
                served.register(register, result);
            }
            if (0 != (op.flags & Sqe.CQE_SKIP_SUCCESS))
            {
                return;
            }
        }
        if (!served.postCqe(op.userData, result, error, op.opcode, cqeFlags, op.extra))
        {
            if (shuttingDown)
            {
                return;
            }
            throw new IllegalStateException("CQ full despite reservations: reserved=" + reserved);
        }
        if (Opcode.TIMEOUT.code() != op.opcode)
        {
            posted++;
            if (null != countHead)
            {
                countDue = true;
            }
        }
    }

    /**
     * Posts one CQE of a subscription that is not its last, if the CQ has room beyond the reservations.
     *
     * @param op     the subscription.
     * @param result the event's result.
     * @param error  its errno number.
     * @return false if there was no room (retry later with {@link #deferEvent}).
     */
    boolean postEvent(final Op op, final long result, final int error)
    {
        if (served.cqSpace() - reserved <= 0)
        {
            return false;
        }
        post(op, result, error, Cqe.MORE);
        return true;
    }

    void deferEvent(final Op op)
    {
        if (!op.eventDeferred)
        {
            op.eventDeferred = true;
            op.eventNext = eventHead;
            eventHead = op;
        }
    }

    private void unlinkDeferredEvent(final Op op)
    {
        Op previous = null;
        for (Op o = eventHead; null != o; o = o.eventNext)
        {
            if (o == op)
            {
                if (null == previous)
                {
                    eventHead = o.eventNext;
                }
                else
                {
                    previous.eventNext = o.eventNext;
                }
                break;
            }
            previous = o;
        }
        op.eventDeferred = false;
        op.eventNext = null;
    }

    private int postDeferredEvents()
    {
        Op op = eventHead;
        eventHead = null;
        int count = 0;
        while (null != op)
        {
            final Op next = op.eventNext;
            op.eventNext = null;
            op.eventDeferred = false;
            verbs.flushEvent(op);
            count++;
            op = next;
        }
        return count;
    }

    long posted()
    {
        return posted;
    }

    void addCountWaiter(final Op op)
    {
        op.countNext = countHead;
        countHead = op;
    }

    Op countWaiters()
    {
        return countHead;
    }

    void removeCountWaiter(final Op op)
    {
        Op previous = null;
        for (Op o = countHead; null != o; o = o.countNext)
        {
            if (o == op)
            {
                if (null == previous)
                {
                    countHead = o.countNext;
                }
                else
                {
                    previous.countNext = o.countNext;
                }
                o.countNext = null;
                return;
            }
            previous = o;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Timers.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * (Re)arms an op's timer at the earlier of its per-SQE expiry and its verb's own deadline.
     *
     * @param op with {@code hasExpiry}/{@code hasVerbTimer} and deadlines set.
     */
    void armTimer(final Op op)
    {
        if (op.hasExpiry && (!op.hasVerbTimer || op.expiryDeadline - op.verbDeadline <= 0))
        {
            op.timerDeadline = op.expiryDeadline;
        }
        else if (op.hasVerbTimer)
        {
            op.timerDeadline = op.verbDeadline;
        }
        else
        {
            timers.remove(op);
            return;
        }
        timers.schedule(op);
    }

    private int fireTimers()
    {
        final TimerQueue timers = this.timers;
        if (timers.isEmpty())
        {
            return 0;
        }
        final long now = System.nanoTime();
        int count = 0;
        while (!timers.isEmpty())
        {
            final Op op = timers.peek();
            if (op.timerDeadline - now > 0)
            {
                break;
            }
            timers.poll();
            count++;
            if (op.hasExpiry && op.expiryDeadline - now <= 0)
            {
                op.hasExpiry = false;
                if (TOO_LATE == cancel(op, Errno.ETIMEDOUT.number()) && op.hasVerbTimer)
                {
                    armTimer(op);
                }
            }
            else
            {
                op.hasVerbTimer = false;
                verbs.onVerbTimer(op, now);
            }
        }
        return count;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cancel.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Cancels one operation in flight: one not started completes now (or, inside a chain or behind a DRAIN, when
     * its turn comes) with {@code error}; a parked one is unparked and completes now; one handed to a scheme
     * completes now if the scheme has not begun it.
     *
     * @param op    the operation.
     * @param error the errno number to complete it with: ECANCELED, or ETIMEDOUT for a timeout.
     * @return {@link #CANCELLED}, {@link #TOO_LATE} or {@link #NOT_LIVE}.
     */
    int cancel(final Op op, final int error)
    {
        switch (op.phase)
        {
            case Op.HELD, Op.CHAINED ->
            {
                if (0 != op.cancelRequested)
                {
                    return TOO_LATE;
                }
                op.cancelRequested = error;
                return CANCELLED;
            }
            case Op.READY ->
            {
                ready.remove(op);
                complete(op, 0, error);
                return CANCELLED;
            }
            case Op.PARKED ->
            {
                if (!verbs.unpark(op))
                {
                    return TOO_LATE;
                }
                complete(op, 0, error);
                return CANCELLED;
            }
            case Op.LINKED ->
            {
                // Handed to the scheme with its native run: only the scheme can stop it, as after begin().
                if (!op.cancelAsked && verbs.cancelBegun(op, error))
                {
                    op.cancelAsked = true;
                    return CANCEL_REQUESTED;
                }
                return TOO_LATE;
            }
            case Op.WITH_SCHEME ->
            {
                if (op.linkBroken)
                {
                    // Its chain broke while its native run was in the scheme: it completes with ECANCELED anyway.
                    return TOO_LATE;
                }
                if (op.cancelBeforeBegin())
                {
                    complete(op, 0, error);
                    return CANCELLED;
                }
                // Begun: only the scheme can stop it (an io_uring op gets IORING_OP_ASYNC_CANCEL), and it still
                // completes the request itself, once, with the reason or with what the work did.
                if (!op.cancelAsked && Op.SCHEME_RUNNING == op.schemeState() && verbs.cancelBegun(op, error))
                {
                    op.cancelAsked = true;
                    return CANCEL_REQUESTED;
                }
                return TOO_LATE;
            }
            default ->
            {
                return NOT_LIVE;
            }
        }
    }

    /**
     * CANCEL's search: the operations in flight whose user data matches (or all, with ANY), the oldest first, all of
     * them with ALL.
     *
     * @param target user data to match.
     * @param all    cancel every match.
     * @param any    match whatever the user data.
     * @param self   the CANCEL itself, never a match.
     * @return the number cancelled if positive, 0 if nothing matched, -1 if every match was too late.
     */
    long cancelMatching(final long target, final boolean all, final boolean any, final Op self)
    {
        final int epoch = ++cancelEpoch;
        long cancelled = 0;
        boolean tooLate = false;
        while (true)
        {
            Op oldest = null;
            for (final Op op : ops)
            {
                if (op != self && op.cancelMark != epoch && isLive(op) && (any || op.userData == target) &&
                    (null == oldest || op.seq < oldest.seq))
                {
                    oldest = op;
                }
            }
            if (null == oldest)
            {
                break;
            }
            oldest.cancelMark = epoch;
            final int outcome = cancel(oldest, ECANCELED);
            if (CANCELLED == outcome || CANCEL_REQUESTED == outcome)
            {
                cancelled++;
                if (!all)
                {
                    break;
                }
            }
            else if (TOO_LATE == outcome)
            {
                tooLate = true;
            }
        }
        return cancelled > 0 ? cancelled : (tooLate ? -1 : 0);
    }

    private static boolean isLive(final Op op)
    {
        final int phase = op.phase;
        return Op.HELD == phase || Op.CHAINED == phase || Op.READY == phase || Op.PARKED == phase ||
            Op.WITH_SCHEME == phase || Op.LINKED == phase;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The inbox: what schemes' threads hand back.
    // ---------------------------------------------------------------------------------------------------------------

    private int drainInbox()
    {
        Op op = inbox.takeAll();
        int count = 0;
        while (null != op)
        {
            final Op next = op.inboxNext;
            op.inboxNext = null;
            final int reasons = op.takeReasons();
            if (0 != (reasons & Op.REASON_POLL))
            {
                verbs.onPollChanged(op);
            }
            if (0 != (reasons & Op.REASON_FUTEX))
            {
                verbs.onFutexWoken(op);
            }
            if (0 != (reasons & Op.REASON_SCHEME))
            {
                onSchemeHandBack(op);
            }
            count++;
            op = next;
        }
        return count;
    }

    private void onSchemeHandBack(final Op op)
    {
        final int state = op.schemeState();
        if (Op.SCHEME_DONE == state && Op.WITH_SCHEME == op.phase)
        {
            schemeResult(op);
        }
        else if (Op.SCHEME_RELEASED == state && Op.ZOMBIE == op.phase)
        {
            verbs.releaseLate(op);
            recycle(op);
        }
    }

    /**
     * A scheme completed an operation on this thread, inside the call that handed it over.
     *
     * @param op the operation, its scheme state DONE.
     */
    void onSchemeDone(final Op op)
    {
        // Same thread as endFinish: a scheme completing on the host thread after the ring was closed (a reactor's
        // future that came after the grace period) has no ring to answer on.
        if (Op.WITH_SCHEME == op.phase && !servedClosed)
        {
            schemeResult(op);
        }
    }

    /**
     * A scheme's result for an operation whose turn has come; a native run's member whose chain broke before the
     * result came back completes with ECANCELED whatever it says (the scheme made sure it did not run).
     */
    private void schemeResult(final Op op)
    {
        if (op.linkBroken)
        {
            complete(op, 0, ECANCELED, true);
        }
        else
        {
            verbs.onSchemeResult(op);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shutdown.
    // ---------------------------------------------------------------------------------------------------------------

    private void shutdown()
    {
        try
        {
            beginFinish();
            while (finishStep() >= 0)
            {
                Thread.sleep(1);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            endFinish();
        }
    }

    /**
     * Starts ending the service of the ring without waiting, for a host thread that has other work (a reactor, or
     * an agent serving other rings): then {@link #finishStep()} each round until it says done, then
     * {@link #endFinish()}. Operations the scheme has begun complete as they finish (from the scheme's threads or
     * the host's other work) for at most 5 seconds.
     */
    void beginFinish()
    {
        shuttingDown = true;
        shutdownDeadline = System.nanoTime() + SHUTDOWN_GRACE_NANOS;
    }

    /**
     * One round of ending: takes what schemes handed back, cancels what waits, completes what can be completed and
     * publishes the CQEs.
     *
     * @return -1 when nothing is live any more (or the grace period is over), else the work done.
     */
    int finishStep()
    {
        int work = drainInbox();
        while (null != heldHead)
        {
            final Op head = heldHead;
            heldHead = head.heldNext;
            head.heldNext = null;
            liveUnits++;
            makeReady(head);
            work++;
        }
        heldTail = null;
        for (final Op op : ops)
        {
            if (Op.PARKED == op.phase || Op.WITH_SCHEME == op.phase || Op.LINKED == op.phase)
            {
                // Asks a scheme to stop begun work once (cancelAsked); later rounds only find it too late.
                cancel(op, ECANCELED);
            }
        }
        work += dispatchReady();
        served.publishCqes();
        boolean busy = false;
        for (final Op op : ops)
        {
            busy |= Op.FREE != op.phase && Op.ZOMBIE != op.phase;
        }
        return !busy || System.nanoTime() - shutdownDeadline > 0 ? -1 : work;
    }

    /**
     * Whether an ending dispatcher has something to take from schemes' threads (its host's re-check before
     * sleeping).
     *
     * @return true if the inbox holds anything.
     */
    boolean finishHasWork()
    {
        return inbox.hasWork();
    }

    /**
     * Ends the service of the ring: closes every handle and the server end, and lets {@link #awaitExit} return.
     */
    void endFinish()
    {
        try
        {
            handles.closeAll();
            synchronized (servedLock)
            {
                brokenReason = served.isBroken() ? served.brokenReason() : null;
                servedClosed = true;
                served.close();
            }
        }
        finally
        {
            exited.countDown();
        }
    }
}
