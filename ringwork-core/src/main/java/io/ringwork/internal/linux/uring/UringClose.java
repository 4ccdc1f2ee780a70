package io.ringwork.internal.linux.uring;

/**
 * A message to the loop, not an operation: empty a registered file's slot, then {@code close(2)} the descriptor. The
 * slot belongs to the loop thread ({@code SINGLE_ISSUER}), so the close of a registered file goes through it.
 */
final class UringClose extends UringOp
{
    final int fd;
    final int slot;

    UringClose(final int fd, final int slot)
    {
        this.fd = fd;
        this.slot = slot;
    }

    @Override
    void prepare(final IoUring ring, final long sqe, final long userData)
    {
        throw new IllegalStateException("a close message is not submitted");
    }

    @Override
    boolean complete(final int res)
    {
        throw new IllegalStateException("a close message has no completion");
    }
}
