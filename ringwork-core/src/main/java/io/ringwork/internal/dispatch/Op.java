package io.ringwork.internal.dispatch;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.Sqe;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.scheme.Peer;
import io.ringwork.scheme.PollWatcher;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One SQE from the moment the dispatcher takes it to the moment its final CQE is posted (and, if a scheme still holds
 * it after a cancel, until the scheme lets go). The SQE's fields are copied in, because its slot goes back to the
 * client at once. Preallocated, one pool per dispatcher, reused: nothing is allocated per operation.
 * <p>
 * It is also the {@link Request} a scheme sees. The fields belong to the dispatcher thread, except
 * {@code schemeState}, {@code reasons} and {@code inInbox}, which other threads change by compare-and-set, and the
 * result fields, which a scheme writes before its compare-and-set on {@code schemeState} publishes them.
 */
final class Op implements Request
{
    /** In the dispatcher's free pool. */
    static final int FREE = 0;
    /** Head of a unit waiting behind a DRAIN. */
    static final int HELD = 1;
    /** A chain member waiting for its predecessor. */
    static final int CHAINED = 2;
    /** In the ready queue, to be dispatched by priority. */
    static final int READY = 3;
    /** Being dispatched right now. */
    static final int DISPATCHING = 4;
    /** Waiting inside the dispatcher: a sleep, a timer, a poll, a futex. */
    static final int PARKED = 5;
    /** Handed to a scheme. */
    static final int WITH_SCHEME = 6;
    /** Completed by a cancel or timeout while a scheme still held it; freed when the scheme lets go. */
    static final int ZOMBIE = 7;
    /**
     * A chain member handed to a scheme as part of a native run before its turn: the scheme holds it, its result is
     * taken when its predecessor has completed.
     */
    static final int LINKED = 8;

    /** Not with a scheme. */
    static final int SCHEME_NONE = 0;
    /** Handed to a scheme, not begun: cancellable. */
    static final int SCHEME_SUBMITTED = 1;
    /** The scheme began the work: too late to cancel. */
    static final int SCHEME_RUNNING = 2;
    /** The scheme completed it; the result fields are set. */
    static final int SCHEME_DONE = 3;
    /** The dispatcher cancelled it before it began. */
    static final int SCHEME_CANCELLED = 4;
    /** The scheme saw the cancel and let go. */
    static final int SCHEME_RELEASED = 5;

    /** Inbox reason: the scheme state changed to DONE or RELEASED. */
    static final int REASON_SCHEME = 1;
    /** Inbox reason: a polled handle's readiness may have changed. */
    static final int REASON_POLL = 1 << 1;
    /** Inbox reason: a FUTEX_WAKE woke this FUTEX_WAIT. */
    static final int REASON_FUTEX = 1 << 2;

    /** Parked: NOP with a timeout. */
    static final int PARK_SLEEP = 1;
    /** Parked: TIMEOUT. */
    static final int PARK_TIMEOUT = 2;
    /** Parked: POLL. */
    static final int PARK_POLL = 3;
    /** Parked: FUTEX_WAIT. */
    static final int PARK_FUTEX = 4;

    private static final VarHandle SCHEME_STATE;
    private static final VarHandle REASONS;
    private static final VarHandle IN_INBOX;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            SCHEME_STATE = lookup.findVarHandle(Op.class, "schemeState", int.class);
            REASONS = lookup.findVarHandle(Op.class, "reasons", int.class);
            IN_INBOX = lookup.findVarHandle(Op.class, "inInbox", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    final Dispatcher owner;
    final long[] args = new long[SqeDescriptor.ARG_COUNT];

    int phase;
    int generation;

    // The SQE, copied.
    int opcode;
    int flags;
    int priority;
    int specs;
    long userData;
    long timeoutNanos;
    boolean batchEnd;
    long seq;

    // Ordering.
    int presetError;
    int cancelRequested;
    boolean linksNext;
    boolean unitDrain;
    Op next;
    Op heldNext;
    int readyIndex = -1;
    int timerIndex = -1;
    int cancelMark;

    // Timers: the per-SQE expiry and the verb's own timer, whichever comes first.
    boolean hasExpiry;
    long expiryDeadline;
    boolean hasVerbTimer;
    long verbDeadline;
    long timerDeadline;

    // Parked waits.
    int parkKind;
    boolean subscription;
    long countTarget;
    Op countNext;
    long futexKey;
    long period;
    long repeats;
    long ticks;
    long ticksPosted;
    int pollEvents;
    int pendingEvents;
    PollWatcher watcher;
    boolean eventDeferred;
    Op eventNext;

    // I/O.
    OpenResource resource;
    long position;
    boolean advancesPosition;
    boolean dataOnly;
    String path;
    int openFlags;
    int openMode;
    int reservedHandle;
    SchemeHandle opened;
    // The buffers as the dispatcher checked them: reference, address, length; the segment only when a scheme asks.
    MemorySegment[] buffers = new MemorySegment[1];
    long[] bufferRefs = new long[1];
    long[] bufferAddresses = new long[1];
    long[] bufferLengths = new long[1];
    int bufferCount;
    long[] guards = new long[1];
    int guardCount;

    // The scheme's reusable per-operation state: kept across reset(), read and written by the scheme while it holds
    // the op (the hand-over's release store and the scheme's compare-and-set on schemeState order it).
    Object attachment;
    // The scheme that got an OPEN, for cancelling it after begin(); whether such a cancel was asked for already.
    io.ringwork.scheme.Scheme openScheme;
    boolean cancelAsked;
    // A LINKED member whose chain broke before its result came back: it completes with ECANCELED when it does.
    boolean linkBroken;

    // Written by the scheme, published by the compare-and-set on schemeState.
    long result;
    long extra;
    int error;

    @SuppressWarnings("unused") // through SCHEME_STATE
    private volatile int schemeState;
    @SuppressWarnings("unused") // through REASONS
    private volatile int reasons;
    @SuppressWarnings("unused") // through IN_INBOX
    private volatile int inInbox;
    Op inboxNext;

    Op(final Dispatcher owner)
    {
        this.owner = owner;
    }

    /**
     * Copies an SQE in and checks what can be checked before dispatch: reserved flag and specifier bits, and a link
     * that would run past the end of the batch.
     *
     * @param sqe the entry, valid during this call.
     * @param seq submission order.
     */
    void load(final Sqe sqe, final long seq)
    {
        final int rawFlags = sqe.flags();
        opcode = sqe.opcode();
        flags = rawFlags & ~SqeDescriptor.BATCH_END_FLAG;
        batchEnd = 0 != (rawFlags & SqeDescriptor.BATCH_END_FLAG);
        priority = sqe.priority();
        specs = sqe.registerSpecs();
        for (int i = 0; i < SqeDescriptor.ARG_COUNT; i++)
        {
            args[i] = sqe.arg(i);
        }
        userData = sqe.userData();
        timeoutNanos = sqe.timeoutNanos();
        this.seq = seq;
        final boolean links = 0 != (flags & (Sqe.LINK | Sqe.HARDLINK));
        if (0 != (flags & ~Sqe.VALID_FLAGS) || 0 != (specs & ~SqeDescriptor.REGISTER_SPEC_VALID_BITS) ||
            timeoutNanos < 0 || (links && batchEnd))
        {
            presetError = Errno.EINVAL.number();
        }
        linksNext = links && !batchEnd;
        subscription = 0 != (flags & Sqe.SUBSCRIBE);
        unitDrain = 0 != (flags & Sqe.DRAIN);
    }

    /**
     * Returns the op to its pristine state for the free pool; the generation moves on so stale references to the old
     * operation can tell.
     */
    void reset()
    {
        generation++;
        phase = FREE;
        presetError = 0;
        cancelRequested = 0;
        linksNext = false;
        unitDrain = false;
        next = null;
        heldNext = null;
        readyIndex = -1;
        timerIndex = -1;
        hasExpiry = false;
        hasVerbTimer = false;
        parkKind = 0;
        subscription = false;
        countNext = null;
        countTarget = 0;
        ticks = 0;
        ticksPosted = 0;
        pendingEvents = 0;
        watcher = null;
        eventDeferred = false;
        eventNext = null;
        resource = null;
        advancesPosition = false;
        path = null;
        reservedHandle = 0;
        opened = null;
        openScheme = null;
        cancelAsked = false;
        linkBroken = false;
        dataOnly = false;
        bufferCount = 0;
        guardCount = 0;
        result = 0;
        extra = 0;
        error = 0;
        SCHEME_STATE.setRelease(this, SCHEME_NONE);
    }

    void schemeState(final int state)
    {
        // release: a scheme that reads the state on another thread also sees the fields set before the hand-over.
        SCHEME_STATE.setRelease(this, state);
    }

    int schemeState()
    {
        // acquire: pairs with the scheme's compare-and-set, so its result fields are visible once DONE is seen.
        return (int)SCHEME_STATE.getAcquire(this);
    }

    boolean cancelBeforeBegin()
    {
        // compare-and-set: races with the scheme's begin(); exactly one of them moves the state off SUBMITTED.
        return SCHEME_STATE.compareAndSet(this, SCHEME_SUBMITTED, SCHEME_CANCELLED);
    }

    /**
     * Tells the dispatcher about something that happened on another thread (or, for poll changes, inside a scheme
     * call): records the reason and queues the op in the inbox unless it is queued already.
     *
     * @param reason a {@code REASON_*} bit.
     */
    void handBack(final int reason)
    {
        // getAndBitwiseOr: several threads may add reasons at once; none may be lost.
        REASONS.getAndBitwiseOr(this, reason);
        // compare-and-set: only the thread that queues the op pushes it, so it is in the stack at most once.
        if (IN_INBOX.compareAndSet(this, 0, 1))
        {
            owner.inbox.push(this);
            owner.wakeFromOtherThread();
        }
    }

    /**
     * Called by the dispatcher when it pops the op from the inbox: clears the queued mark first, so a reason added
     * from now on queues the op again, then takes the reasons.
     *
     * @return the {@code REASON_*} bits.
     */
    int takeReasons()
    {
        // volatile: the mark is cleared before the reasons are read (store-load order), so a reason added after
        // the read finds the mark clear and queues the op again.
        IN_INBOX.setVolatile(this, 0);
        return (int)REASONS.getAndSet(this, 0);
    }

    void addBuffer(final long ref, final long address, final long length)
    {
        if (bufferCount == buffers.length)
        {
            final int grown = buffers.length * 2;
            buffers = java.util.Arrays.copyOf(buffers, grown);
            bufferRefs = java.util.Arrays.copyOf(bufferRefs, grown);
            bufferAddresses = java.util.Arrays.copyOf(bufferAddresses, grown);
            bufferLengths = java.util.Arrays.copyOf(bufferLengths, grown);
        }
        bufferRefs[bufferCount] = ref;
        bufferAddresses[bufferCount] = address;
        bufferLengths[bufferCount] = length;
        buffers[bufferCount++] = null;
        addGuard(ref);
    }

    /**
     * Records a guard the caller already took on the pool, so {@link #releaseBuffers()} gives it back.
     *
     * @param ref the guarded buffer.
     */
    void addGuard(final long ref)
    {
        if (guardCount == guards.length)
        {
            guards = java.util.Arrays.copyOf(guards, guards.length * 2);
        }
        guards[guardCount++] = ref;
    }

    void releaseBuffers()
    {
        final BufferPool access = owner.context.buffers();
        for (int i = 0; i < guardCount; i++)
        {
            access.unguard(guards[i]);
        }
        guardCount = 0;
        for (int i = 0; i < bufferCount; i++)
        {
            buffers[i] = null;
        }
        bufferCount = 0;
    }

    @Override
    public int opcode()
    {
        return opcode;
    }

    @Override
    public long arg(final int n)
    {
        return args[n];
    }

    @Override
    public Peer peer()
    {
        return owner.peer;
    }

    @Override
    public long userData()
    {
        return userData;
    }

    @Override
    public long position()
    {
        return position;
    }

    @Override
    public int bufferCount()
    {
        return bufferCount;
    }

    @Override
    public MemorySegment buffer(final int index)
    {
        checkBuffer(index);
        MemorySegment segment = buffers[index];
        if (null == segment)
        {
            // Made on first use: a scheme that only needs the address (io_uring) costs no segment object. The
            // guard taken with the check keeps the range valid until the request completes.
            segment = owner.context.buffers().slice(bufferRefs[index], bufferLengths[index]);
            buffers[index] = segment;
        }
        return segment;
    }

    @Override
    public long bufferAddress(final int index)
    {
        checkBuffer(index);
        return bufferAddresses[index];
    }

    @Override
    public long bufferLength(final int index)
    {
        checkBuffer(index);
        return bufferLengths[index];
    }

    private void checkBuffer(final int index)
    {
        if (index < 0 || index >= bufferCount)
        {
            throw new IndexOutOfBoundsException("index=" + index + " but bufferCount=" + bufferCount);
        }
    }

    @Override
    public MemorySegment slice(final long ref, final long length)
    {
        final BufferPool pool = owner.context.buffers();
        // guard first: a buffer freed between the check and the guard would otherwise be handed out unguarded
        pool.guard(ref);
        final MemorySegment segment;
        try
        {
            segment = pool.slice(ref, length);
        }
        catch (final RuntimeException ex)
        {
            pool.unguard(ref);
            throw ex;
        }
        addGuard(ref);
        return segment;
    }

    @Override
    public Object attachment()
    {
        return attachment;
    }

    @Override
    public void attach(final Object attachment)
    {
        this.attachment = attachment;
    }

    @Override
    public boolean begin()
    {
        if (SCHEME_STATE.compareAndSet(this, SCHEME_SUBMITTED, SCHEME_RUNNING))
        {
            return true;
        }
        if (SCHEME_STATE.compareAndSet(this, SCHEME_CANCELLED, SCHEME_RELEASED))
        {
            handBack(REASON_SCHEME);
            return false;
        }
        return SCHEME_RUNNING == schemeState();
    }

    @Override
    public void complete(final long result)
    {
        complete(result, 0);
    }

    @Override
    public void complete(final long result, final long extra)
    {
        this.result = result;
        this.extra = extra;
        this.error = 0;
        done();
    }

    @Override
    public void completeOpen(final SchemeHandle handle)
    {
        if (Opcode.OPEN.code() != opcode)
        {
            throw new IllegalStateException("completeOpen on a " + Opcode.nameOf(opcode) + " request");
        }
        this.opened = handle;
        complete(0, 0);
    }

    @Override
    public void completeStat(final FileStat stat)
    {
        if (Opcode.STAT.code() != opcode || bufferCount < 1)
        {
            throw new IllegalStateException("completeStat on a " + Opcode.nameOf(opcode) + " request");
        }
        stat.write(buffer(0));
        complete(StatDescriptor.LENGTH, 0);
    }

    @Override
    public void fail(final Errno errno)
    {
        if (Errno.EOK == errno)
        {
            throw new IllegalArgumentException("errno=" + errno + " is not an error to report");
        }
        this.result = 0;
        this.extra = 0;
        // a code Ringwork has no number for (a newer kernel's, say) still fails the operation, as an I/O error
        this.error = Errno.EUNKNOWN == errno ? Errno.EIO.number() : errno.number();
        done();
    }

    private void done()
    {
        if (SCHEME_STATE.compareAndSet(this, SCHEME_SUBMITTED, SCHEME_DONE) ||
            SCHEME_STATE.compareAndSet(this, SCHEME_RUNNING, SCHEME_DONE))
        {
            if (owner.isDispatcherThread())
            {
                owner.onSchemeDone(this);
            }
            else
            {
                handBack(REASON_SCHEME);
            }
            return;
        }
        if (SCHEME_STATE.compareAndSet(this, SCHEME_CANCELLED, SCHEME_RELEASED))
        {
            // A scheme that completed without calling begin(): the cancel already answered the client.
            handBack(REASON_SCHEME);
            return;
        }
        throw new IllegalStateException("request userData=" + userData + " op=" + Opcode.nameOf(opcode) +
            " completed twice or after it was released");
    }

    @Override
    public String toString()
    {
        return "Op{" + Opcode.nameOf(opcode) + " userData=" + userData + " phase=" + phase + " seq=" + seq + "}";
    }
}
