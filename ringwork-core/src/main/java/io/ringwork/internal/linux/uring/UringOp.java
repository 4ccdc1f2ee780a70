package io.ringwork.internal.linux.uring;

import io.ringwork.scheme.Request;

/**
 * One {@link Request} on its way through the kernel: what {@link IoUringLoop} needs to turn it into an SQE and its
 * CQE back into a completion. Used by the loop's thread only once handed over.
 */
abstract class UringOp
{
    final Request request;

    UringOp(final Request request)
    {
        this.request = request;
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
     * Takes the CQE's result.
     *
     * @param res the result, or {@code -errno}.
     * @return true if the op is done (the request completed); false to submit it again (a short transfer).
     */
    abstract boolean complete(int res);

    /**
     * Frees native memory the op allocated; called once, after the last completion.
     */
    void release()
    {
    }
}
