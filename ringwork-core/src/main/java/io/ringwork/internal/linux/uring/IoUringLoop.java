package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.IdleStrategy;
import io.ringwork.IoUringOptions;
import io.ringwork.RingOptions;
import io.ringwork.RingworkException;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.linux.FutexVector;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;
import io.ringwork.internal.ring.PollWindow;
import io.ringwork.scheme.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The thread that owns one {@link IoUring} and drives the {@code file:} operations through it: dispatcher threads
 * hand ops over with {@link #execute}; the loop turns every op waiting into an SQE, submits them all with one
 * {@code io_uring_enter} that also waits for the next completion, and completes the requests from the CQEs.
 * <p>
 * <b>Hand-over.</b> Ops arrive on an intrusive stack (each op is its own node, so a hand-over allocates nothing):
 * producers push with a compare-and-set, the loop takes the whole stack with one exchange and reverses it, so ops of
 * one producer are served in the order it pushed them.
 * <p>
 * <b>Wake-ups.</b> A read of an eventfd is always in flight on the ring, so a loop asleep in {@code io_uring_enter}
 * wakes when a dispatcher writes the eventfd. Dispatchers write it only when the loop said it is going to sleep
 * ({@code sleeping}); the loop sets that flag and then looks at the stack again, the dispatcher pushes and then reads
 * the flag (both sequentially consistent), so one of the two always sees the other.
 * <p>
 * <b>Cancel.</b> A request the runtime cancels after the loop began it gets an {@code IORING_OP_ASYNC_CANCEL} keyed by
 * its slot; it completes exactly once, from its own CQE: with the cancel's reason if the kernel stopped it
 * ({@code -ECANCELED}, {@code -EINTR}), else with what it did.
 * <p>
 * <b>Stopping and breaking.</b> Ops in the kernel are never completed before their CQE arrives, because completing
 * a request releases its buffers to the pool while the kernel may still write into them. {@link #close()} and a
 * broken ring (an enter error, a CQE nobody asked for) both cancel every op in the kernel and reap until each one's
 * CQE is in; only then is the ring unmapped and closed. If the ring is so broken that no CQE can be reaped for
 * {@link #GIVE_UP_NANOS}, the remaining requests are never completed: their buffers stay guarded, which costs pool
 * memory but never lets the kernel write into memory that was handed out again.
 * <p>
 * In-flight ops are at most the CQ's size, so the CQ cannot overflow; more wait in a backlog.
 * <p>
 * <b>Native runs.</b> A run of chain members ({@link LinkedRun}) arrives as one node, waits in the backlog as one
 * unit and is submitted as consecutive SQEs joined by {@code IOSQE_IO_LINK}/{@code HARDLINK} in one enter, each
 * member with a slot of its own. The kernel's chain differs from Ringwork's in one way, which the loop closes: a
 * transfer that moves less than its SQE asked (the end of a file) fails an {@code IO_LINK} chain, and the kernel
 * completes the members behind it with {@code -ECANCELED} without running them, where Ringwork counts the short
 * transfer as a success and goes on. So after such a member succeeds (or needs a second SQE for the rest) the loop
 * marks the members behind it, swallows their {@code -ECANCELED} CQEs, and when the last is in submits them again as
 * a new run, led by the short member's continuation if it has one. A member cancelled meanwhile, or before the run
 * was submitted, never ran: it fails with its cancel's reason instead, and under {@code LINK} the members behind it
 * fail with {@code ECANCELED}. An error breaks an {@code IO_LINK} chain in the kernel as it does in Ringwork, so
 * those {@code -ECANCELED} CQEs are delivered as they are. A cancel of a member still queued behind its predecessor
 * in the kernel (where {@code ASYNC_CANCEL} does not find it) is sent again when the predecessor's CQE arrives.
 */
final class IoUringLoop implements AutoCloseable
{
    /** How long a broken ring's enter may keep failing before the loop gives up on the ops still in it. */
    static final long GIVE_UP_NANOS = 5_000_000_000L;

    private static final long EVENTFD_USER_DATA = -1L;
    private static final long IGNORED_USER_DATA = -2L;
    private static final long CANCEL_USER_DATA = -3L;
    private static final long TIMEOUT_USER_DATA = -4L;
    // The hosted rings' FUTEX_WAITVs carry user data at or below this, a new value for each, so the CQE of a replaced
    // one is never taken for the current one's.
    private static final long FUTEX_USER_DATA = -(1L << 32);
    /** Most rings the loop hosts: futex_waitv's limit, less the loop's own doorbell. */
    static final int MAX_HOSTED = FutexVector.MAX_WORDS - 1;
    /** Most READs of a round of the hosted rings that are tried inline; more go to the kernel in one enter. */
    private static final int INLINE_READS_PER_ROUND = 2;
    /** CQEs kept free while hosting: the eventfd read, the FUTEX_WAITV, a replaced one and its cancel. */
    private static final int HOSTING_CQ_RESERVE = 4;
    /** How long a host sleep lasts at most when not every doorbell can be waited on. */
    private static final long HOST_POLL_NANOS = 1_000_000L;
    /** While stopping: how long one wait may last, so the loop can tell that nothing completes any more. */
    private static final long STOP_POLL_NANOS = 100_000_000L;
    /** The longest native run: a chain longer than this goes on in runs of this length. */
    private static final int MAX_RUN = 16;
    private static final int ECANCELED = -Errno.ECANCELED.number();
    private static final VarHandle INCOMING;
    private static final ThreadLocal<MemorySegment[]> WAKER = ThreadLocal.withInitial(() ->
    {
        final Arena arena = Arena.ofAuto();
        final MemorySegment one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        return new MemorySegment[] {Syscalls.allocateCapture(arena), one};
    });

    static
    {
        try
        {
            INCOMING = MethodHandles.lookup().findVarHandle(IoUringLoop.class, "incoming", UringOp.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final IoUringOptions options;
    private final BufferPool pool;
    // Created on the loop thread in start(), used there only.
    private FixedBuffers fixed;
    private FixedFiles files;
    private final CountDownLatch started = new CountDownLatch(1);
    // Written by the loop thread before it counts down started; read after await or on the loop thread.
    private IoUring ring;
    private int eventFd;
    private RingworkException startFailure;
    // Auto arena: the kernel may hold the eventfd read's buffer address until the ring is torn down.
    private final MemorySegment eventBuffer = Arena.ofAuto().allocate(JAVA_LONG);
    // struct __kernel_timespec { __s64 tv_sec; long long tv_nsec; } for the stopping loop's bounded waits.
    private final MemorySegment stopPoll = Arena.ofAuto().allocate(2 * JAVA_LONG.byteSize(), 8);
    private final long giveUpNanos;
    private boolean timeoutArmed;
    private boolean stopSeen;
    private long lastProgress;
    @SuppressWarnings("unused") // through INCOMING
    private volatile UringOp incoming;
    private final ArrayDeque<UringOp> backlog = new ArrayDeque<>();
    private final ArrayDeque<UringCancel> cancels = new ArrayDeque<>();
    private final IoUring.CqeHandler onCqe = this::onCqe;
    // Hosting: the rings this thread serves itself (Ringwork.open's), and what it sleeps on for them. Automatic
    // arena: a client may still be inside a futex call on the loop's doorbell when the loop exits.
    private final Arena hostArena = Arena.ofAuto();
    private final Doorbell hostBell = new Doorbell(hostArena.allocate(RingDescriptor.DOORBELL_LENGTH, Long.BYTES), 0,
        true, hostArena);
    // The group's capacity is all the loop's futex_waitv has room for, so it needs no further bound on joining.
    private final ServedRings hosted = new ServedRings(hostBell, MAX_HOSTED, () -> Integer.MAX_VALUE);
    private final DoorbellSet hostBells = new DoorbellSet(FutexVector.MAX_WORDS, hostArena);
    private final Doorbell.WorkCheck hostCheck = () -> hosted.hasWork() || !incomingEmpty();
    private final Doorbell[] armedBells = new Doorbell[FutexVector.MAX_WORDS];
    private final GeteventsArg hostTimeout = new GeteventsArg(hostArena);
    // Written by the loop thread in start(), before it counts down started.
    private boolean hosting;
    private boolean taskrunFlag;
    // Loop thread only: the FUTEX_WAITV in the kernel (its tag, 0 for none), the doorbells it waits on.
    private long futexTag;
    private long futexGeneration;
    private int armedCount;
    private boolean futexFailed;
    private boolean hostStopAsked;
    // Loop thread only: the run acceptRun or settle is rebuilding (keep, takeKept).
    private UringOp keptFirst;
    private UringOp keptLast;
    // Loop thread only: how long to poll the hosted rings before sleeping, learnt as a DispatchAgent learns it.
    private final PollWindow hostPoll = new PollWindow(RingOptions.DEFAULT_SLEEP_AFTER_NANOS);
    private final IdleStrategy hostIdle = RingOptions.defaults().idleStrategy().get();
    private long hostIdleSince;
    private long hostLastWork;
    private boolean hostSlept;
    // Loop thread only: READs its hosted rings issued this round and the last (readInlineNow).
    private int readsThisRound;
    private int readsLastRound;
    private UringOp[] inFlight;
    private int[] freeSlots;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private int freeCount;
    private boolean eventArmed;
    private boolean eventRearm;
    private boolean cancelsSent;
    // Counters of native runs, for tests and diagnostics: written by the loop thread only, read by any.
    private final AtomicLong nativeRuns = new AtomicLong();
    private final AtomicLong nativeSqes = new AtomicLong();
    private final AtomicLong hostedInlineReads = new AtomicLong();
    private final AtomicLong hostedRingReads = new AtomicLong();
    private final AtomicLong hostDoorbellWakes = new AtomicLong();
    private int linkLimit;
    // Members of native runs in the kernel, and whether the last enter reaped anything while there were some.
    private int runMembersInFlight;
    private boolean pumpLinks;
    private boolean broken;
    private volatile boolean stopping;
    private volatile boolean exited;

    IoUringLoop(final String name, final IoUringOptions options)
    {
        this(name, options, null, GIVE_UP_NANOS);
    }

    /**
     * A loop whose transfers into {@code pool} use registered buffers.
     *
     * @param name    the thread's name.
     * @param options the ring's setup.
     * @param pool    the runtime's buffer pool, registered segment by segment as transfers meet them; null for none.
     */
    IoUringLoop(final String name, final IoUringOptions options, final BufferPool pool)
    {
        this(name, options, pool, GIVE_UP_NANOS);
    }

    /**
     * A loop with its own patience, for tests of a broken ring.
     *
     * @param name        the thread's name.
     * @param options     the ring's setup.
     * @param pool        the buffer pool to register, or null.
     * @param giveUpNanos how long a stopping loop waits without any op completing before it gives up on the rest.
     */
    IoUringLoop(final String name, final IoUringOptions options, final BufferPool pool, final long giveUpNanos)
    {
        this.options = options;
        this.pool = pool;
        this.giveUpNanos = giveUpNanos;
        stopPoll.set(JAVA_LONG, 0, STOP_POLL_NANOS / 1_000_000_000L);
        stopPoll.set(JAVA_LONG, JAVA_LONG.byteSize(), STOP_POLL_NANOS % 1_000_000_000L);
        thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
        thread.start();
        try
        {
            started.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            close();
            throw new RingworkException(Errno.EINTR, "interrupted while the io_uring loop started");
        }
        if (null != startFailure)
        {
            throw startFailure;
        }
    }

    /**
     * Sets up the ring on the loop thread, which is then its only submitter, with the flags of the options (and
     * {@code TASKRUN_FLAG} with either task-run mode); a flag the kernel does not know ({@code EINVAL}) is dropped and
     * the setup tried again: {@code TASKRUN_FLAG} (5.19) first, then {@code DEFER_TASKRUN} (6.1), then
     * {@code SINGLE_ISSUER} (6.0), then {@code COOP_TASKRUN} (5.19). SQPOLL is never dropped: asked for, it is used or
     * the setup fails. Then decides whether the loop can host rings ({@link #hostedRings()}).
     */
    private void start()
    {
        final Integer forced = Integer.getInteger("ringwork.iouring.setupflags");
        int flags = null != forced ? forced : options.setupFlags();
        if (null == forced && 0 != (flags & (IoUringConstants.IORING_SETUP_DEFER_TASKRUN |
            IoUringConstants.IORING_SETUP_COOP_TASKRUN)))
        {
            // Lets the loop poll its hosted rings without entering the kernel unless completions wait there.
            flags |= IoUringConstants.IORING_SETUP_TASKRUN_FLAG;
        }
        final int[] droppable = {IoUringConstants.IORING_SETUP_TASKRUN_FLAG,
            IoUringConstants.IORING_SETUP_DEFER_TASKRUN, IoUringConstants.IORING_SETUP_SINGLE_ISSUER,
            IoUringConstants.IORING_SETUP_COOP_TASKRUN};
        IoUring created = null;
        for (int i = 0; null == created; i++)
        {
            try
            {
                created = IoUring.create(options.entries(), options.cqEntries(), flags,
                    options.sqpollIdleMillis());
            }
            catch (final RingworkException ex)
            {
                if (Errno.EINVAL != ex.errno() || null != forced || i >= droppable.length)
                {
                    throw ex;
                }
                flags &= ~droppable[i];
            }
        }
        final int fd = Syscalls.eventfd(created.capture(), Syscalls.EFD_CLOEXEC | Syscalls.EFD_NONBLOCK);
        if (fd < 0)
        {
            created.close();
            throw new RingworkException(Syscalls.errnoOf(fd), "eventfd");
        }
        ring = created;
        eventFd = fd;
        fixed = new FixedBuffers(Boolean.parseBoolean(System.getProperty("ringwork.iouring.fixedbuffers", "true")) ?
            pool : null, ring);
        files = new FixedFiles(ring, Boolean.parseBoolean(System.getProperty("ringwork.iouring.fixedfiles", "true")));
        taskrunFlag = 0 != (ring.setupFlags() & IoUringConstants.IORING_SETUP_TASKRUN_FLAG);
        hosting = options.hostRings() && 0 == options.sqpollIdleMillis() && FutexVector.isAvailable() &&
            IoUringSupport.isSupported(IoUringConstants.IORING_OP_FUTEX_WAITV) &&
            0 != (ring.features() & IoUringConstants.IORING_FEAT_EXT_ARG) && ring.cqEntries() > 2 * HOSTING_CQ_RESERVE;
        // CQ room kept beyond the ops: the eventfd read's CQE, and while hosting the FUTEX_WAITV's, a replaced one's
        // and its cancel's, so a full kernel never has to hold completions in its overflow list.
        inFlight = new UringOp[ring.cqEntries() - (hosting ? HOSTING_CQ_RESERVE : 1)];
        freeSlots = new int[inFlight.length];
        for (int i = 0; i < freeSlots.length; i++)
        {
            freeSlots[i] = freeSlots.length - 1 - i;
        }
        freeCount = freeSlots.length;
        // A run must fit the SQ next to the eventfd's re-arm, and the in-flight table.
        linkLimit = Math.min(MAX_RUN, Math.min(ring.sqEntries() - 1, inFlight.length));
    }

    /**
     * The rings this loop's thread serves itself, sleeping in {@code io_uring_enter} with an
     * {@code IORING_OP_FUTEX_WAITV} on their doorbells, so a file operation of theirs crosses no thread; any thread
     * may {@link ServedRings#join} one.
     *
     * @return the group, or null where the loop cannot host (options, SQPOLL, a kernel without
     *         {@code FUTEX_WAITV} or {@code IORING_FEAT_EXT_ARG}).
     */
    ServedRings hostedRings()
    {
        return hosting && !stopping ? hosted : null;
    }

    /**
     * Whether chains go to the kernel as linked SQEs: the option, and room for a run of two.
     *
     * @return true for native runs.
     */
    boolean nativeLinks()
    {
        return options.nativeLinks() && linkLimit >= 2;
    }

    /**
     * The most members of one run.
     *
     * @return at least 2 when {@link #nativeLinks()}.
     */
    int linkLimit()
    {
        return Math.max(2, linkLimit);
    }

    /**
     * How many native runs were submitted, resubmissions after a short transfer included.
     *
     * @return the count.
     */
    long nativeRunsSubmitted()
    {
        // Opaque: a counter for diagnostics; the loop thread is its only writer.
        return nativeRuns.getOpaque();
    }

    /**
     * How many SQEs native runs were submitted as.
     *
     * @return the count.
     */
    long nativeSqesSubmitted()
    {
        // Opaque: as above.
        return nativeSqes.getOpaque();
    }

    /**
     * The setup flags the ring was created with.
     *
     * @return {@code IORING_SETUP_*}.
     */
    int setupFlags()
    {
        return ring.setupFlags();
    }

    /**
     * Whether READs try {@code preadv2(RWF_NOWAIT)} on the dispatcher first.
     *
     * @return the option.
     */
    boolean nowaitReads()
    {
        return options.nowaitReads();
    }

    /**
     * Whether a READ should try {@code preadv2(RWF_NOWAIT)} inline now ({@code nowaitReads} on). On a dispatcher's
     * own thread always: the ring would cost it two thread hand-offs. On this loop's thread (a hosted ring) only while
     * reads come few to a round: one inline read (one system call) beats a trip through the ring, but a batch of
     * them goes to the kernel in one enter, whose inline completions cost less than a call each (measured at 32
     * outstanding cached reads: the ring about 2x the inline reads).
     *
     * @return true to read inline.
     */
    boolean readInlineNow()
    {
        if (!options.nowaitReads())
        {
            return false;
        }
        if (Thread.currentThread() != thread)
        {
            return true;
        }
        final boolean inline = ++readsThisRound <= INLINE_READS_PER_ROUND && readsLastRound <= INLINE_READS_PER_ROUND;
        final AtomicLong counter = inline ? hostedInlineReads : hostedRingReads;
        // Opaque: counters for tests and diagnostics; the loop thread is their only writer.
        counter.setOpaque(counter.getPlain() + 1);
        return inline;
    }

    /**
     * How many times a doorbell woke the loop from {@code io_uring_enter} through its {@code FUTEX_WAITV}, for tests
     * and diagnostics; -1 once the kernel refused a {@code FUTEX_WAITV} (the loop then polls its hosted rings).
     *
     * @return the count.
     */
    long hostDoorbellWakes()
    {
        // Opaque: as written; futexFailed is the loop thread's, read here only as a diagnostic.
        return futexFailed ? -1 : hostDoorbellWakes.getOpaque();
    }

    /**
     * How many READs of hosted rings were tried inline, and how many went to the kernel, for tests and diagnostics.
     *
     * @param inline true for the inline ones.
     * @return the count.
     */
    long hostedReads(final boolean inline)
    {
        // Opaque: as written.
        return (inline ? hostedInlineReads : hostedRingReads).getOpaque();
    }

    /**
     * Whether in-process clients may try reads on their own threads.
     *
     * @return the option.
     */
    boolean callerReads()
    {
        return options.callerReads();
    }

    /**
     * The registered buffer for a transfer's memory; loop thread only.
     *
     * @param address start of the transfer.
     * @param length  its bytes.
     * @return the {@code buf_index}, or -1 for a plain transfer.
     */
    int fixedIndexOf(final long address, final long length)
    {
        return fixed.indexOf(address, length);
    }

    /**
     * Registers a descriptor the loop just opened; loop thread only.
     *
     * @param fd the descriptor.
     * @return its fixed-file slot, or -1 to use the descriptor as it is.
     */
    int registerFile(final int fd)
    {
        return files.register(fd);
    }

    /**
     * Closes a handle's descriptor: at once when it is not registered, else through the loop, which empties its slot
     * first; any thread.
     *
     * @param fd   the descriptor.
     * @param slot its fixed-file slot, or -1.
     */
    void closeFile(final int fd, final int slot)
    {
        if (slot < 0 || stopping)
        {
            // A stopping loop tears the ring down, and the table with it.
            Syscalls.close(WAKER.get()[0], fd);
            return;
        }
        push(new UringClose(fd, slot));
    }

    /**
     * How many files are registered now, for tests and diagnostics.
     *
     * @return the count.
     */
    int fixedFilesRegistered()
    {
        return null == files ? 0 : files.registered();
    }

    /**
     * How many pool segments are registered as fixed buffers, for tests and diagnostics; loop thread's view.
     *
     * @return the count; 0 when the kernel has no sparse buffer tables.
     */
    int fixedBuffersRegistered()
    {
        return fixed.registered();
    }

    /**
     * The loop thread's errno capture, for system calls made on it.
     *
     * @return the capture.
     */
    MemorySegment capture()
    {
        return ring.capture();
    }

    /**
     * Hands an op to the loop; any thread.
     *
     * @param op the op; if the loop is stopping its request fails with ECANCELED.
     */
    void execute(final UringOp op)
    {
        if (stopping)
        {
            dropBeforeBegin(op);
            return;
        }
        push(op);
    }

    /**
     * Hands a native run to the loop; any thread.
     *
     * @param head the first member, the others joined by {@link UringOp#runNext}.
     */
    void executeRun(final UringOp head)
    {
        if (stopping)
        {
            dropBeforeBegin(head);
            return;
        }
        push(head);
    }

    /**
     * Asks the loop to cancel the op serving a request it began; the dispatcher's thread. The request still completes
     * exactly once, from the loop.
     *
     * @param request the request.
     * @param reason  ECANCELED or ETIMEDOUT.
     * @return true if the cancel was queued; false if the loop is stopping (it cancels everything itself).
     */
    boolean cancel(final Request request, final Errno reason)
    {
        if (stopping)
        {
            return false;
        }
        push(new UringCancel(request, reason));
        return true;
    }

    private void push(final UringOp op)
    {
        UringOp head;
        do
        {
            // Volatile read and compare-and-set: the op's fields, written before, are published with the push.
            head = (UringOp)INCOMING.getVolatile(this);
            op.next = head;
        }
        while (!INCOMING.compareAndSet(this, head, op));
        if (sleeping.get() && sleeping.compareAndSet(true, false))
        {
            wake();
        }
        if (exited)
        {
            // The loop is gone (a push that raced with its end): nobody else will take what is on the stack.
            dropIncoming();
        }
    }

    private void dropIncoming()
    {
        UringOp op = takeIncoming();
        while (null != op)
        {
            final UringOp next = op.next;
            op.next = null;
            dropBeforeBegin(op);
            op = next;
        }
    }

    /**
     * Takes everything pushed so far, oldest first.
     */
    private UringOp takeIncoming()
    {
        // getAndSet: takes the whole stack at once; later pushes start a new one.
        UringOp node = (UringOp)INCOMING.getAndSet(this, null);
        UringOp reversed = null;
        while (null != node)
        {
            final UringOp next = node.next;
            node.next = reversed;
            reversed = node;
            node = next;
        }
        return reversed;
    }

    private boolean incomingEmpty()
    {
        // Volatile: pairs with the producers' compare-and-set.
        return null == INCOMING.getVolatile(this);
    }

    private void wake()
    {
        final MemorySegment[] waker = WAKER.get();
        Syscalls.write(waker[0], eventFd, waker[1]);
    }

    private static void dropBeforeBegin(final UringOp op)
    {
        if (op instanceof UringCancel)
        {
            return;
        }
        if (op instanceof UringClose close)
        {
            Syscalls.close(WAKER.get()[0], close.fd);
            return;
        }
        UringOp member = op;
        while (null != member)
        {
            // Read before delivering: a delivered op may be reused at once.
            final UringOp next = member.runNext;
            member.runNext = null;
            if (member.request.begin())
            {
                member.failWith(Errno.ECANCELED);
                member.deliver();
            }
            else
            {
                member.request = null;
            }
            member = next;
        }
    }

    /**
     * Fails every member of a run (or one op) that the loop began but never submitted.
     */
    private static void failUnsubmitted(final UringOp op, final Errno reason)
    {
        UringOp member = op;
        while (null != member)
        {
            final UringOp next = member.runNext;
            member.runNext = null;
            member.resumeLeader = null;
            member.failWith(reason);
            member.deliver();
            member = next;
        }
    }

    private void run()
    {
        try
        {
            start();
        }
        catch (final RingworkException ex)
        {
            startFailure = ex;
            stopping = true;
            exited = true;
            started.countDown();
            return;
        }
        started.countDown();
        armEventFd();
        boolean reapedAll = false;
        try
        {
            reapedAll = serve();
        }
        finally
        {
            // Also when serve() threw (a bug, an Error): no handed-over op may wait for a loop that is gone.
            stopping = true;
            if (hosting && !hosted.isFinished())
            {
                // The ring broke beyond repair: end the hosted rings here (what they began never completes).
                hosted.finish();
            }
            if (reapedAll)
            {
                // Every op's CQE is in: nothing of the kernel points into the pool any more.
                ring.close();
            }
            // The eventfd stays open until close(), the only place that closes it: a late wake-up must never write
            // to a descriptor number the process has reused. A ring whose ops could not be reaped stays mapped and
            // open: nothing would be gained by tearing down requests whose buffers stay guarded anyway.
            exited = true;
            dropIncoming();
        }
    }

    /**
     * Serves until stopped and every op in the kernel has its CQE.
     *
     * @return false if the ring broke so badly that ops are left in the kernel, never to be completed.
     */
    private boolean serve()
    {
        long failingSince = 0;
        while (true)
        {
            int hostWork = 0;
            if (hosting)
            {
                readsLastRound = readsThisRound;
                readsThisRound = 0;
                if (stopping && !hostStopAsked)
                {
                    hostStopAsked = true;
                    hosted.stop();
                }
                hostWork = hosted.doWork();
                if (hostWork > 0 && stopping)
                {
                    // Hosted rings ending is progress too: the loop must not give up on them while they move.
                    lastProgress = System.nanoTime();
                }
            }
            UringOp op = takeIncoming();
            while (null != op)
            {
                final UringOp next = op.next;
                op.next = null;
                accept(op);
                op = next;
            }
            if (eventRearm && !stopping && ring.sqSpaceLeft() > 0)
            {
                // Re-armed before the loop can go to sleep below, so a dispatcher's wake-up is never missed.
                eventRearm = false;
                armEventFd();
            }
            submitCancels();
            while (!stopping && !backlog.isEmpty())
            {
                final UringOp waiting = backlog.peek();
                final int needed = null == waiting.runNext ? 1 : runLength(waiting);
                if (freeCount < needed || ring.sqSpaceLeft() < needed)
                {
                    break;
                }
                backlog.poll();
                if (null == waiting.runNext)
                {
                    submitOp(waiting);
                }
                else
                {
                    submitRun(waiting);
                }
            }
            if (stopping)
            {
                while (!backlog.isEmpty())
                {
                    failUnsubmitted(backlog.poll(), Errno.ECANCELED);
                }
                cancelEverything();
                // A pending stop-poll timeout does not hold the loop: the kernel copied its timespec at submission.
                if (freeCount == inFlight.length && (!eventArmed || broken) && (0 == futexTag || broken) &&
                    (!hosting || hosted.isFinished()))
                {
                    return true;
                }
                final long now = System.nanoTime();
                if (!stopSeen)
                {
                    stopSeen = true;
                    lastProgress = now;
                }
                else if (now - lastProgress > giveUpNanos)
                {
                    giveUp();
                    return false;
                }
                if (!hosting && !timeoutArmed && ring.sqSpaceLeft() > 0)
                {
                    // A pure timeout (count 0): the wait below returns at the latest when it fires. A hosting loop's
                    // stopping wait is bounded by its own timed enter (hostWait) instead.
                    ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_TIMEOUT, -1, stopPoll.address(), 1, 0, 0,
                        TIMEOUT_USER_DATA);
                    timeoutArmed = true;
                }
            }
            if (!hosting)
            {
                // A hosting loop raises it in hostWait, only when it is about to sleep: while it polls, other
                // threads' hand-overs are seen on its next round without an eventfd write.
                sleeping.set(true);
            }
            final boolean moreWork = !incomingEmpty() && freeCount > 0;
            // With DEFER_TASKRUN the kernel issues a linked SQE from task work, which runs only while the loop is in
            // enter with GETEVENTS and stops once the wait is satisfied: a chain of cached reads moves one member per
            // enter. While runs make progress the loop enters without waiting (a wait of 0 still runs the task
            // work), and waits again as soon as an enter reaps nothing.
            final int result;
            if (moreWork)
            {
                result = ring.submit();
            }
            else if (hosting)
            {
                result = hostWait(pumpLinks || hostWork > 0);
            }
            else
            {
                result = ring.submitAndWait(pumpLinks ? 0 : 1);
            }
            // Lazy: a stale true only costs a producer a needless eventfd write.
            sleeping.lazySet(false);
            if (result < 0 && -Errno.EINTR.number() != result && -Errno.EBUSY.number() != result &&
                -Errno.EAGAIN.number() != result && -Errno.ETIME.number() != result)
            {
                breakDown(new IllegalStateException("io_uring_enter failed: " + Syscalls.errnoOf(result)));
                final long now = System.nanoTime();
                if (0 == failingSince)
                {
                    failingSince = now;
                }
                else if (now - failingSince > giveUpNanos)
                {
                    giveUp();
                    return false;
                }
                LockSupport.parkNanos(1_000_000L);
                continue;
            }
            failingSince = 0;
            try
            {
                final int reaped = ring.forEachCqe(onCqe, Integer.MAX_VALUE);
                pumpLinks = runMembersInFlight > 0 && reaped > 0;
            }
            catch (final RuntimeException ex)
            {
                breakDown(ex);
            }
        }
    }

    /**
     * Submits, and waits for a completion, a doorbell of a hosted ring, or the earliest timer of one. The doorbells
     * follow their Dekker protocol ({@link DoorbellSet#armAll}): flags up, a fence, a re-check, then the wait, which
     * a {@code FUTEX_WAITV} in the kernel ends when a client rings. The {@code FUTEX_WAITV} stays in the kernel
     * across waits that something else ended: any wake of its words ends it, whatever values it was given.
     *
     * @param busy a hosted ring did something this round, or a native run moves: only reap, do not wait.
     * @return what enter returned.
     */
    private int hostWait(final boolean busy)
    {
        final long now = System.nanoTime();
        if (busy)
        {
            if (hostSlept)
            {
                hostPoll.slept(now - hostLastWork);
                hostSlept = false;
            }
            hostLastWork = now;
            hostIdleSince = now;
            hostIdle.reset();
            return reap();
        }
        if (stopping)
        {
            sleeping.set(true);
            if (!incomingEmpty())
            {
                return reap();
            }
            // Ending rings move on from their CQEs, and from their own timers (a grace period): the shorter bounds
            // the wait, the stop-poll TIMEOUT the rest.
            final long timeout = hosted.idleTimeoutNanos(STOP_POLL_NANOS);
            return ring.submitAndWait(1, hostTimeout.timeout(timeout));
        }
        if (now - hostIdleSince < hostPoll.nanos())
        {
            // Polling: a client's next SQE often comes within microseconds of its last CQE. Spinning, then
            // yielding, as a dispatcher thread polls: on a busy machine the client may need this CPU to submit.
            hostIdle.idle();
            return reap();
        }
        // Volatile, before the last look at the incoming stack (in hostCheck, after armAll's fence): a producer that
        // pushes after that look sees the flag and writes the eventfd, whose read is in the ring.
        sleeping.set(true);
        final DoorbellSet bells = hostBells;
        bells.clear();
        bells.add(hostBell);
        final boolean everyBell = hosted.addDoorbells(bells);
        if (!bells.armAll(hostCheck))
        {
            return reap();
        }
        try
        {
            long timeout = hosted.idleTimeoutNanos(Long.MAX_VALUE);
            if (!everyBell || !armFutexWait())
            {
                timeout = Math.min(timeout, HOST_POLL_NANOS);
            }
            hosted.countSleep();
            hostSlept = true;
            return Long.MAX_VALUE == timeout ? ring.submitAndWait(1) :
                ring.submitAndWait(1, hostTimeout.timeout(timeout));
        }
        finally
        {
            bells.disarmAll();
            hostIdleSince = System.nanoTime();
            hostIdle.reset();
        }
    }

    /**
     * Submits what is queued and posts the completions the kernel holds, without waiting; enters the kernel only when
     * there is either, where the ring tells ({@code IORING_SETUP_TASKRUN_FLAG}).
     *
     * @return what enter returned, or 0 when it was not needed.
     */
    private int reap()
    {
        return !taskrunFlag || ring.taskrunPending() || ring.cqOverflowPending() ? ring.submitAndWait(0) :
            ring.submit();
    }

    /**
     * Makes sure a {@code FUTEX_WAITV} on every doorbell of {@link #hostBells} is in the kernel: keeps the one there
     * if it waits on the same doorbells, else cancels it and submits a new one.
     *
     * @return false if none could be (no SQ room, or the kernel refused one): the caller must not sleep long.
     */
    private boolean armFutexWait()
    {
        if (futexFailed)
        {
            return false;
        }
        final DoorbellSet bells = hostBells;
        if (0 != futexTag && armedCount == bells.size())
        {
            boolean same = true;
            for (int i = 0; same && i < armedCount; i++)
            {
                same = armedBells[i] == bells.get(i);
            }
            if (same)
            {
                return true;
            }
        }
        if (ring.sqSpaceLeft() < 2)
        {
            return false;
        }
        if (0 != futexTag)
        {
            prepCancel(futexTag);
        }
        futexTag = FUTEX_USER_DATA - (++futexGeneration & Integer.MAX_VALUE);
        final FutexVector vector = bells.vector();
        // fd 0 and no flags, as the kernel requires; it copies the waiter array while it takes the SQE.
        ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_FUTEX_WAITV, 0, vector.address(), vector.size(), 0, 0,
            futexTag);
        armedCount = bells.size();
        for (int i = 0; i < armedCount; i++)
        {
            armedBells[i] = bells.get(i);
        }
        return true;
    }

    private void onFutexCqe(final long userData, final int res)
    {
        if (res >= 0)
        {
            // Opaque: a counter for tests and diagnostics; the loop thread is its only writer.
            hostDoorbellWakes.setOpaque(hostDoorbellWakes.getPlain() + 1);
        }
        if (userData == futexTag)
        {
            futexTag = 0;
        }
        // A woken word's index, -EAGAIN (a word had changed), -ECANCELED (replaced or stopping): all ordinary.
        if (res < 0 && -Errno.EAGAIN.number() != res && ECANCELED != res && -Errno.EINTR.number() != res &&
            !futexFailed)
        {
            futexFailed = true;
            System.getLogger("io.ringwork").log(System.Logger.Level.WARNING, "io_uring FUTEX_WAITV failed (" +
                Syscalls.errnoOf(res) + "); the rings this loop hosts are polled every millisecond instead");
        }
    }

    private void giveUp()
    {
        System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "io_uring loop gave up on " +
            (inFlight.length - freeCount) + " operations still in the kernel; their requests never complete and " +
            "their buffers stay guarded");
    }

    private void accept(final UringOp op)
    {
        if (op instanceof UringCancel cancel)
        {
            cancels.add(cancel);
        }
        else if (op instanceof UringClose close)
        {
            files.unregister(close.slot);
            Syscalls.close(ring.capture(), close.fd);
        }
        else if (stopping)
        {
            dropBeforeBegin(op);
        }
        else if (null != op.runNext)
        {
            acceptRun(op);
        }
        else if (op.request.begin())
        {
            backlog.add(op);
        }
        else
        {
            // Cancelled before it began: the runtime answered the client already.
            op.request = null;
        }
    }

    /**
     * Nothing more can be trusted to complete normally: stop taking ops, cancel those in the kernel, and from now on
     * complete each op from its CQE without submitting it again.
     */
    private void breakDown(final RuntimeException cause)
    {
        if (!broken)
        {
            broken = true;
            System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "io_uring loop broke; cancelling and " +
                "reaping the operations in the kernel", cause);
        }
        stopping = true;
        for (final UringOp op : inFlight)
        {
            if (op instanceof FileOp fileOp)
            {
                fileOp.markBroken();
            }
        }
    }

    /**
     * The cancel messages that arrived: an op still in the backlog fails now; one in the kernel gets an
     * {@code IORING_OP_ASYNC_CANCEL}; one already done is not found and the message is dropped.
     */
    private void submitCancels()
    {
        while (!cancels.isEmpty() && ring.sqSpaceLeft() > 0)
        {
            final UringCancel cancel = cancels.poll();
            boolean found = false;
            for (final Iterator<UringOp> it = backlog.iterator(); it.hasNext() && !found; )
            {
                final UringOp waiting = it.next();
                if (null != waiting.runNext)
                {
                    // A member of a run not yet submitted: it fails when the run is, in its place in the chain.
                    for (UringOp member = waiting; null != member && !found; member = member.runNext)
                    {
                        if (member.request == cancel.target)
                        {
                            found = true;
                            if (null == member.cancelReason)
                            {
                                member.cancelReason = cancel.reason;
                            }
                        }
                    }
                }
                else if (waiting.request == cancel.target)
                {
                    it.remove();
                    waiting.failWith(cancel.reason);
                    waiting.deliver();
                    found = true;
                }
            }
            for (int slot = 0; slot < inFlight.length && !found; slot++)
            {
                final UringOp op = inFlight[slot];
                if (null != op && op.request == cancel.target)
                {
                    found = true;
                    if (null == op.cancelReason)
                    {
                        op.cancelReason = cancel.reason;
                        prepCancel(slot);
                    }
                }
            }
        }
    }

    /**
     * Stopping: one ASYNC_CANCEL for every op in the kernel, the eventfd read included, so none of them can keep the
     * loop waiting (a read of a file that blocks, say).
     */
    private void cancelEverything()
    {
        if (cancelsSent)
        {
            return;
        }
        for (int slot = 0; slot < inFlight.length; slot++)
        {
            final UringOp op = inFlight[slot];
            if (null != op && null == op.cancelReason)
            {
                if (0 == ring.sqSpaceLeft())
                {
                    return;
                }
                op.cancelReason = broken ? Errno.EIO : Errno.ECANCELED;
                prepCancel(slot);
            }
        }
        if (eventArmed)
        {
            if (0 == ring.sqSpaceLeft())
            {
                return;
            }
            prepCancel(EVENTFD_USER_DATA);
        }
        if (0 != futexTag)
        {
            if (0 == ring.sqSpaceLeft())
            {
                return;
            }
            prepCancel(futexTag);
        }
        cancelsSent = true;
    }

    private void prepCancel(final long target)
    {
        // ASYNC_CANCEL: addr is the user data to match; its own CQE (0, -ENOENT, -EALREADY) is only informative,
        // the target's CQE is what completes the target.
        ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_ASYNC_CANCEL, -1, target, 0, 0, 0, CANCEL_USER_DATA);
    }

    private void armEventFd()
    {
        final long sqe = ring.nextSqe();
        ring.prep(sqe, IoUringConstants.IORING_OP_READ, eventFd, eventBuffer.address(), (int)JAVA_LONG.byteSize(),
            -1L, 0, EVENTFD_USER_DATA);
        eventArmed = true;
    }

    private void submitOp(final UringOp op)
    {
        final int slot = freeSlots[--freeCount];
        inFlight[slot] = op;
        op.slot = slot;
        prepareOrFail(op, ring.nextSqe(), slot);
    }

    /**
     * Takes a run from a dispatcher: begins every member (the runtime handed them over together); one the runtime
     * cancelled before that is dropped, and under {@code LINK} the members behind it fail with ECANCELED, as the
     * runtime's chain does.
     */
    private void acceptRun(final UringOp head)
    {
        boolean broken = false;
        UringOp member = head;
        while (null != member)
        {
            final UringOp next = member.runNext;
            member.runNext = null;
            if (!member.request.begin())
            {
                member.request = null;
                broken |= IoUringConstants.IOSQE_IO_LINK == member.linkFlag;
            }
            else if (broken)
            {
                member.failWith(Errno.ECANCELED);
                member.deliver();
            }
            else
            {
                keep(member);
            }
            member = next;
        }
        final UringOp first = takeKept();
        if (null != first)
        {
            backlog.add(first);
        }
    }

    /**
     * Appends a member to the run being rebuilt from the members of another that still go to the kernel
     * ({@link #acceptRun}, {@link #settle}); loop thread, one rebuild at a time.
     */
    private void keep(final UringOp member)
    {
        if (null == keptLast)
        {
            keptFirst = member;
        }
        else
        {
            keptLast.runNext = member;
        }
        keptLast = member;
    }

    /**
     * Ends a rebuild.
     *
     * @return the kept members joined by {@link UringOp#runNext}, or null if none.
     */
    private UringOp takeKept()
    {
        final UringOp first = keptFirst;
        keptFirst = null;
        keptLast = null;
        return first;
    }

    private static int runLength(final UringOp head)
    {
        int length = 0;
        for (UringOp member = head; null != member; member = member.runNext)
        {
            length++;
        }
        return length;
    }

    /**
     * A run about to be submitted (again): members that must not run complete now, in a way that keeps the chain's
     * rules: one cancelled before it ran fails with its cancel's reason, one that ran after all keeps its outcome,
     * and after a failure under {@code LINK} the rest fail with ECANCELED.
     *
     * @param head the run.
     * @return what is left to submit, joined by {@link UringOp#runNext}; null if nothing.
     */
    private UringOp settle(final UringOp head)
    {
        boolean broken = false;
        UringOp member = head;
        while (null != member)
        {
            // Read before delivering: a delivered op may be reused at once.
            final UringOp next = member.runNext;
            member.runNext = null;
            if (broken)
            {
                member.failWith(Errno.ECANCELED);
                member.deliver();
            }
            else if (member.outcomeIn || null != member.cancelReason)
            {
                if (!member.outcomeIn)
                {
                    member.failWith(member.cancelReason);
                }
                broken = IoUringConstants.IOSQE_IO_LINK == member.linkFlag && !member.succeeded();
                member.deliver();
            }
            else
            {
                keep(member);
            }
            member = next;
        }
        return takeKept();
    }

    /**
     * Submits a run as consecutive linked SQEs, the last without a link; the caller checked there is room for all.
     */
    private void submitRun(final UringOp head)
    {
        UringOp member = settle(head);
        if (null == member)
        {
            return;
        }
        long sqes = 0;
        while (null != member)
        {
            final UringOp next = member.runNext;
            final int slot = freeSlots[--freeCount];
            inFlight[slot] = member;
            member.slot = slot;
            member.inRun = true;
            runMembersInFlight++;
            final long sqe = ring.nextSqe();
            sqes++;
            if (!prepareOrFail(member, sqe, slot))
            {
                // Never happens unless preparing throws: the member failed (EIO) and its SQE is a NOP. Under LINK
                // the rest must not run: they fail now and the NOP ends the kernel's chain.
                if (IoUringConstants.IOSQE_IO_LINK == member.linkFlag)
                {
                    failUnsubmitted(next, Errno.ECANCELED);
                    break;
                }
            }
            if (null != next)
            {
                ring.addSqeFlags(sqe, member.linkFlag);
            }
            member = next;
        }
        // Opaque: counters for diagnostics, the loop thread their only writer.
        nativeRuns.setOpaque(nativeRuns.getPlain() + 1);
        nativeSqes.setOpaque(nativeSqes.getPlain() + sqes);
    }

    private boolean prepareOrFail(final UringOp op, final long sqe, final int slot)
    {
        try
        {
            op.prepare(ring, sqe, slot);
            return true;
        }
        catch (final RuntimeException ex)
        {
            // The SQE is claimed already: it goes to the kernel as a NOP whose completion is ignored.
            ring.prep(sqe, IoUringConstants.IORING_OP_NOP, -1, 0, 0, 0, 0, IGNORED_USER_DATA);
            release(slot);
            op.runNext = null;
            op.failWith(ex instanceof RingworkException failure ? failure.errno() : Errno.EIO);
            op.deliver();
            return false;
        }
    }

    private void release(final int slot)
    {
        final UringOp op = inFlight[slot];
        if (null != op && op.inRun)
        {
            op.inRun = false;
            runMembersInFlight--;
        }
        inFlight[slot] = null;
        freeSlots[freeCount++] = slot;
    }

    private void onCqe(final long userData, final int res, final int flags)
    {
        if (EVENTFD_USER_DATA == userData)
        {
            eventArmed = false;
            if (!stopping)
            {
                if (ring.sqSpaceLeft() > 0)
                {
                    armEventFd();
                }
                else
                {
                    eventRearm = true;
                }
            }
            return;
        }
        if (IGNORED_USER_DATA == userData || CANCEL_USER_DATA == userData)
        {
            return;
        }
        if (TIMEOUT_USER_DATA == userData)
        {
            timeoutArmed = false;
            return;
        }
        if (userData <= FUTEX_USER_DATA)
        {
            onFutexCqe(userData, res);
            return;
        }
        if (userData < 0 || userData >= inFlight.length || null == inFlight[(int)userData])
        {
            if (broken)
            {
                return;
            }
            throw new IllegalStateException("CQE for an unknown op: user_data=" + userData);
        }
        final int slot = (int)userData;
        final UringOp op = inFlight[slot];
        lastProgress = System.nanoTime();
        if (null != op.resumeLeader)
        {
            onLinkBroken(op, slot, res);
            return;
        }
        // A result that could not be read fails the op alone (EIO); its run goes on below as after any failure.
        final boolean done = op.completeOrFail(res);
        final UringOp following = op.runNext;
        if (null != following)
        {
            op.runNext = null;
            if (IoUringConstants.IOSQE_IO_LINK == op.linkFlag && res >= 0 && res < op.sqeLength &&
                (!done || op.succeeded()))
            {
                // Short: the kernel cancels the rest unrun, Ringwork goes on; they are submitted again once their
                // CQEs are in, after the rest of this member if it has one.
                final UringOp leader = done ? following : op;
                int awaiting = 0;
                for (UringOp member = following; null != member; member = member.runNext)
                {
                    member.resumeLeader = leader;
                    awaiting++;
                }
                leader.awaiting = awaiting;
                release(slot);
                if (done)
                {
                    op.deliver();
                }
                else
                {
                    op.runNext = following;
                }
                return;
            }
            if (null != following.cancelReason && following.slot >= 0 && following == inFlight[following.slot] &&
                ring.sqSpaceLeft() > 0)
            {
                // Queued behind this op, the member was out of ASYNC_CANCEL's reach; the kernel has issued it now.
                prepCancel(following.slot);
            }
        }
        if (done)
        {
            release(slot);
            op.deliver();
        }
        else if (ring.sqSpaceLeft() > 0)
        {
            prepareOrFail(op, ring.nextSqe(), slot);
        }
        else
        {
            release(slot);
            backlog.addFirst(op);
        }
    }

    /**
     * The CQE of a member the kernel cancelled unrun because a predecessor completed short: swallowed; when the last
     * such CQE of the run is in, the rest is submitted again (or, stopping, failed).
     */
    private void onLinkBroken(final UringOp op, final int slot, final int res)
    {
        final UringOp leader = op.resumeLeader;
        op.resumeLeader = null;
        release(slot);
        if (ECANCELED != res)
        {
            // It ran after all: its outcome stands, in its place in the chain.
            if (!op.completeOrFail(res))
            {
                op.failWith(Errno.EIO);
            }
            op.outcomeIn = true;
        }
        if (0 == --leader.awaiting)
        {
            final UringOp rest = settle(leader);
            if (null != rest)
            {
                backlog.addFirst(rest);
            }
        }
    }

    /**
     * Stops the loop: queued ops fail with ECANCELED, ops in the kernel are cancelled and complete from their CQEs,
     * then the ring closes; waits for the thread, then closes the eventfd. Later calls do nothing. Called when no
     * dispatcher hands ops over any more.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        stopping = true;
        if (null == ring)
        {
            return;
        }
        wake();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        Syscalls.close(WAKER.get()[0], eventFd);
    }
}
