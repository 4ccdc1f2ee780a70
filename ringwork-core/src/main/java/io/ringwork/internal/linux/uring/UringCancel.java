package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.scheme.Request;

/**
 * A message to the loop, not an operation: cancel the op serving {@code target}, which the runtime saw begun. It
 * travels through the same queue as the ops, so it reaches the loop before any later use of the same request object
 * by the same dispatcher: matching by request identity cannot hit a newer operation.
 */
final class UringCancel extends UringMessage
{
    final Request target;
    final Errno reason;

    UringCancel(final Request target, final Errno reason)
    {
        this.target = target;
        this.reason = reason;
    }
}
