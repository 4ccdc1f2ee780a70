package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.scheme.Request;

/**
 * One {@link Request} on its way through the kernel: what {@link IoUringLoop} needs to turn it into an SQE and its
 * CQE back into a completion. Used by the loop's thread only once handed over.
 * <p>
 * The loop finishes an op in two steps: {@link #complete}, {@link #fail} or {@link #failWith} record the outcome,
 * then, after the loop has let go of the op (slot freed, nothing of it read any more), {@link #deliver} completes
 * the request. The order matters because an op may be reused: once the request is completed the runtime may hand
 * the same request object, and with it the same op, over again from another thread.
 */
abstract class UringOp
{
    private static final int OUTCOME_NONE = 0;
    private static final int OUTCOME_RESULT = 1;
    private static final int OUTCOME_ERROR = 2;

    /** The request being served; null between uses. */
    Request request;
    /** Link of the loop's incoming stack; written by the producer before its publishing compare-and-set. */
    UringOp next;
    /** Why the op is being cancelled in the kernel (ECANCELED, ETIMEDOUT), or null. Loop thread only. */
    Errno cancelReason;

    // A native run (see LinkedRun): written by the dispatcher thread before the hand-over publishes the run, then
    // the loop thread's only.
    /** The next member of this op's native run, or null: alone, or the run's last. */
    UringOp runNext;
    /** {@code IOSQE_IO_LINK} or {@code IOSQE_IO_HARDLINK}: how this op's SQE joins {@link #runNext}'s. */
    int linkFlag;
    /** The in-flight slot (the SQE's user data) while the op is in the kernel. */
    int slot = -1;
    /** Bytes the last SQE asked to move: a result below it under {@code IO_LINK} breaks the kernel's chain. */
    long sqeLength;
    /**
     * Set while the kernel cancels this member unrun because a predecessor completed short under {@code IO_LINK}:
     * the member that leads the resubmission of the rest, which waits for {@link #awaiting} such CQEs.
     */
    UringOp resumeLeader;
    /** On a resubmission's leader: how many members' link-break CQEs are still to come. */
    int awaiting;
    /** A member the kernel should have cancelled unrun that ran after all: its outcome stands. */
    boolean outcomeIn;
    /** In the kernel as a member of a native run. */
    boolean inRun;

    private int outcome;
    private long result;
    private Errno error;

    /**
     * Starts one use of the op.
     *
     * @param request the request it serves.
     */
    final void use(final Request request)
    {
        this.request = request;
        this.next = null;
        this.cancelReason = null;
        this.runNext = null;
        this.linkFlag = 0;
        this.sqeLength = 0;
        this.resumeLeader = null;
        this.awaiting = 0;
        this.outcomeIn = false;
        this.inRun = false;
        this.outcome = OUTCOME_NONE;
        this.error = null;
    }

    /**
     * Fills one claimed SQE.
     *
     * @param ring     the ring.
     * @param sqe      from {@link IoUring#nextSqe()}.
     * @param userData to put in it.
     */
    abstract void prepare(IoUring ring, long sqe, long userData);

    /**
     * Takes the CQE's result and records the outcome with {@link #succeed} or {@link #fail}.
     *
     * @param res the result, or {@code -errno}.
     * @return true if the op is done; false to submit it again (a short transfer, a second step).
     */
    abstract boolean complete(int res);

    /**
     * {@link #complete}, with a bug in it contained: reading a result touches nothing of the loop's, and the CQE is
     * consumed with the op out of the kernel, so a throw fails this op alone with EIO (without exposing its buffers),
     * is logged, and the loop goes on.
     *
     * @param res the CQE's result.
     * @return what {@link #complete} returned, or true (done, failed) when it threw.
     */
    final boolean completeOrFail(final int res)
    {
        try
        {
            return complete(res);
        }
        catch (final RuntimeException ex)
        {
            System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "reading the result of " + request +
                " threw; it fails with EIO and the io_uring loop goes on", ex);
            failWith(Errno.EIO);
            return true;
        }
    }

    /**
     * Records a successful outcome.
     *
     * @param value the result.
     */
    final void succeed(final long value)
    {
        outcome = OUTCOME_RESULT;
        result = value;
    }

    /**
     * Records a failure; when the op was cancelled and the kernel says so, the cancel's reason wins.
     *
     * @param errno the error.
     */
    final void fail(final Errno errno)
    {
        outcome = OUTCOME_ERROR;
        error = null != cancelReason && (Errno.ECANCELED == errno || Errno.EINTR == errno) ? cancelReason : errno;
    }

    /**
     * Whether the recorded outcome is a success.
     *
     * @return true after {@link #succeed}.
     */
    final boolean succeeded()
    {
        return OUTCOME_RESULT == outcome;
    }

    /**
     * Records a failure as is.
     *
     * @param errno the error.
     */
    final void failWith(final Errno errno)
    {
        outcome = OUTCOME_ERROR;
        error = errno;
    }

    /**
     * Completes the request with the recorded outcome: the last thing the loop does with the op. Never throws.
     */
    final void deliver()
    {
        final Request target = request;
        final int kind = outcome;
        final long value = result;
        final Errno failure = error;
        request = null;
        try
        {
            if (OUTCOME_ERROR == kind)
            {
                target.fail(failure);
            }
            else if (OUTCOME_RESULT == kind)
            {
                deliverSuccess(target, value);
            }
            else
            {
                target.fail(Errno.EIO);
            }
        }
        catch (final RuntimeException ex)
        {
            // Completing a request runs the runtime's code on the loop thread (a hosted ring answers its client
            // there, and moves its chain on), so a bug in it throws here, where it would end the loop and with it
            // every file operation of the process. It stays with this request and is logged. No second try: the
            // request may have taken its outcome before the throw, and, handed back to its dispatcher's thread, be
            // serving another operation already, which a retried EIO would then complete.
            System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "completing " + target + " from its CQE " +
                "threw; the io_uring loop goes on", ex);
        }
    }

    /**
     * Completes the request with success; a subclass with a typed result (an OPEN's handle, a STAT) overrides it,
     * reading what it needs before it completes the request and nothing after.
     *
     * @param target the request.
     * @param value  the recorded result.
     */
    void deliverSuccess(final Request target, final long value)
    {
        target.complete(value);
    }
}
