package io.ringwork.internal.linux.uring;

/**
 * A message to the loop through the ops' own queue, not a kernel operation: the loop acts on it when it takes it
 * ({@link UringCancel}, {@link UringClose}), so it is never prepared as an SQE and never completes from a CQE. Sharing
 * the queue keeps it in order with the operations handed over before it.
 */
abstract class UringMessage extends UringOp
{
    @Override
    final void prepare(final IoUring ring, final long sqe, final long userData)
    {
        throw new IllegalStateException(getClass().getSimpleName() + " is a message to the loop, not an SQE");
    }

    @Override
    final boolean complete(final int res)
    {
        throw new IllegalStateException(getClass().getSimpleName() + " is a message to the loop: it has no CQE");
    }
}
