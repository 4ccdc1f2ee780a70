package io.ringwork.internal.dispatch;

import io.ringwork.buffer.BufferPool;

/**
 * What every dispatcher of one runtime shares.
 *
 * @param namespace  the mounted schemes.
 * @param buffers    the buffer pool SQEs' references point into.
 * @param futexes    the FUTEX_WAIT queues of all rings.
 * @param maxHandles handle numbers per ring.
 */
public record RuntimeContext(Namespace namespace, BufferPool buffers, FutexTable futexes, int maxHandles)
{
}
