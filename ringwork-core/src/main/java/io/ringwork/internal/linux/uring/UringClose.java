package io.ringwork.internal.linux.uring;

/**
 * A message to the loop, not an operation: empty a registered file's slot, then {@code close(2)} the descriptor. The
 * slot belongs to the loop thread ({@code SINGLE_ISSUER}), so the close of a registered file goes through it.
 */
final class UringClose extends UringMessage
{
    final int fd;
    final int slot;

    UringClose(final int fd, final int slot)
    {
        this.fd = fd;
        this.slot = slot;
    }
}
