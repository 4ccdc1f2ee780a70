package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The thread that owns one {@link IoUring} and drives the {@code file:} operations through it: dispatcher threads
 * hand ops over with {@link #execute}; the loop turns every op waiting into an SQE, submits them all with one
 * {@code io_uring_enter} that also waits for the next completion, and completes the requests from the CQEs.
 * <p>
 * <b>Wake-ups.</b> A read of an eventfd is always in flight on the ring, so a loop asleep in {@code io_uring_enter}
 * wakes when a dispatcher writes the eventfd. Dispatchers write it only when the loop said it is going to sleep
 * ({@code sleeping}); the loop sets that flag and then looks at the queue again, the dispatcher adds to the queue and
 * then reads the flag (both sequentially consistent), so one of the two always sees the other.
 * <p>
 * In-flight ops are at most the CQ's size, so the CQ cannot overflow; more wait in a backlog.
 */
final class IoUringLoop implements AutoCloseable
{
    private static final long EVENTFD_USER_DATA = -1L;
    private static final long IGNORED_USER_DATA = -2L;
    private static final int SQ_ENTRIES = 256;
    private static final ThreadLocal<MemorySegment[]> WAKER = ThreadLocal.withInitial(() ->
    {
        final Arena arena = Arena.ofAuto();
        final MemorySegment one = arena.allocate(JAVA_LONG);
        one.set(JAVA_LONG, 0, 1L);
        return new MemorySegment[] {Syscalls.allocateCapture(arena), one};
    });

    /**
     * Setup flags tried in order: one submitter thread lets the kernel skip its locking ({@code SINGLE_ISSUER},
     * Linux 6.0) and run completion work only when the loop enters ({@code DEFER_TASKRUN}, 6.1); older kernels get
     * {@code COOP_TASKRUN} (5.19), then nothing.
     */
    private static final int[] SETUP_PREFERENCES = {
        IoUringConstants.IORING_SETUP_SINGLE_ISSUER | IoUringConstants.IORING_SETUP_DEFER_TASKRUN,
        IoUringConstants.IORING_SETUP_COOP_TASKRUN,
        0};

    private final CountDownLatch started = new CountDownLatch(1);
    // Written by the loop thread before it counts down started; read after await or on the loop thread.
    private IoUring ring;
    private int eventFd;
    private RingworkException startFailure;
    // Auto arena: the kernel may hold the eventfd read's buffer address until the ring is torn down.
    private final MemorySegment eventBuffer = Arena.ofAuto().allocate(JAVA_LONG);
    private final ConcurrentLinkedQueue<UringOp> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<UringOp> backlog = new ArrayDeque<>();
    private UringOp[] inFlight;
    private int[] freeSlots;
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private int freeCount;
    private boolean eventArmed;
    private volatile boolean stopping;

    IoUringLoop(final String name)
    {
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
     * Sets up the ring on the loop thread, which is then its only submitter: the best of {@link #SETUP_PREFERENCES}
     * the kernel accepts ({@code EINVAL} means a flag it does not know).
     */
    private void start()
    {
        IoUring created = null;
        for (int i = 0; null == created; i++)
        {
            try
            {
                created = IoUring.create(SQ_ENTRIES, Integer.getInteger("ringwork.iouring.setupflags",
                    SETUP_PREFERENCES[i]));
            }
            catch (final RingworkException ex)
            {
                if (Errno.EINVAL != ex.errno() || i == SETUP_PREFERENCES.length - 1)
                {
                    throw ex;
                }
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
        inFlight = new UringOp[ring.cqEntries() - 1];
        freeSlots = new int[inFlight.length];
        for (int i = 0; i < freeSlots.length; i++)
        {
            freeSlots[i] = freeSlots.length - 1 - i;
        }
        freeCount = freeSlots.length;
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
     * Hands an op to the loop; any thread.
     *
     * @param op the op; if the loop is stopping its request fails with ECANCELED.
     */
    void execute(final UringOp op)
    {
        if (stopping)
        {
            cancel(op);
            return;
        }
        incoming.offer(op);
        if (sleeping.get() && sleeping.compareAndSet(true, false))
        {
            wake();
        }
    }

    private void wake()
    {
        final MemorySegment[] waker = WAKER.get();
        Syscalls.write(waker[0], eventFd, waker[1]);
    }

    private static void cancel(final UringOp op)
    {
        if (op.request.begin())
        {
            op.request.fail(Errno.ECANCELED);
        }
        op.release();
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
            started.countDown();
            return;
        }
        started.countDown();
        try
        {
            serve();
        }
        catch (final RuntimeException ex)
        {
            // A broken ring (an enter error, a CQE nobody asked for): nothing more will complete, so every request
            // the loop holds fails now and later ones are cancelled, instead of hanging.
            stopping = true;
            for (int slot = 0; slot < inFlight.length; slot++)
            {
                if (null != inFlight[slot])
                {
                    inFlight[slot].request.fail(Errno.EIO);
                    inFlight[slot] = null;
                }
            }
            backlog.forEach(IoUringLoop::failCanceled);
            backlog.clear();
            UringOp op;
            while (null != (op = incoming.poll()))
            {
                cancel(op);
            }
            System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "io_uring loop stopped", ex);
        }
        // The eventfd stays open until close(), the only place that closes it: a late wake-up must never write to a
        // descriptor number the process has reused.
        ring.close();
    }

    private void serve()
    {
        if (!stopping)
        {
            armEventFd();
        }
        while (true)
        {
            UringOp op;
            while (null != (op = incoming.poll()))
            {
                if (stopping)
                {
                    cancel(op);
                }
                else if (op.request.begin())
                {
                    backlog.add(op);
                }
            }
            while (!stopping && freeCount > 0 && !backlog.isEmpty() && ring.sqSpaceLeft() > 0)
            {
                submitOp(backlog.poll());
            }
            if (stopping)
            {
                backlog.forEach(IoUringLoop::failCanceled);
                backlog.clear();
                if (freeCount == inFlight.length && !eventArmed)
                {
                    break;
                }
            }
            sleeping.set(true);
            final boolean moreWork = !incoming.isEmpty() && freeCount > 0;
            final int result = moreWork ? ring.submit() : ring.submitAndWait(1);
            sleeping.set(false);
            if (result < 0 && -Errno.EINTR.number() != result && -Errno.EBUSY.number() != result &&
                -Errno.EAGAIN.number() != result)
            {
                throw new IllegalStateException("io_uring_enter failed: " + Syscalls.errnoOf(result));
            }
            ring.forEachCqe(this::onCqe, Integer.MAX_VALUE);
        }
    }

    private static void failCanceled(final UringOp op)
    {
        op.request.fail(Errno.ECANCELED);
        op.release();
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
        prepareOrFail(op, ring.nextSqe(), slot);
    }

    private void prepareOrFail(final UringOp op, final long sqe, final int slot)
    {
        try
        {
            op.prepare(ring, sqe, slot);
        }
        catch (final RuntimeException ex)
        {
            // The SQE is claimed already: it goes to the kernel as a NOP whose completion is ignored.
            ring.prep(sqe, IoUringConstants.IORING_OP_NOP, -1, 0, 0, 0, 0, IGNORED_USER_DATA);
            inFlight[slot] = null;
            freeSlots[freeCount++] = slot;
            op.request.fail(ex instanceof RingworkException failure ? failure.errno() : Errno.EIO);
            op.release();
        }
    }

    private void onCqe(final long userData, final int res, final int flags)
    {
        if (EVENTFD_USER_DATA == userData)
        {
            eventArmed = false;
            if (!stopping)
            {
                armEventFd();
            }
            return;
        }
        if (IGNORED_USER_DATA == userData)
        {
            return;
        }
        if (userData < 0 || userData >= inFlight.length || null == inFlight[(int)userData])
        {
            throw new IllegalStateException("CQE for an unknown op: user_data=" + userData);
        }
        final int slot = (int)userData;
        final UringOp op = inFlight[slot];
        if (op.complete(res))
        {
            op.release();
            inFlight[slot] = null;
            freeSlots[freeCount++] = slot;
        }
        else if (ring.sqSpaceLeft() > 0)
        {
            prepareOrFail(op, ring.nextSqe(), slot);
        }
        else
        {
            inFlight[slot] = null;
            freeSlots[freeCount++] = slot;
            backlog.addFirst(op);
        }
    }

    /**
     * Stops the loop: queued ops fail with ECANCELED, ops in the kernel complete, then the ring closes; waits for the
     * thread, then closes the eventfd. Later calls do nothing. Called when no dispatcher hands ops over any more.
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
