package io.ringwork.internal.dispatch;

/**
 * What every dispatcher of one runtime shares.
 *
 * @param namespace  the mounted schemes.
 * @param buffers    the buffer pool, as the dispatcher reaches it.
 * @param futexes    the FUTEX_WAIT queues of all rings.
 * @param maxHandles handle numbers per ring.
 */
public record RuntimeContext(Namespace namespace, BufferAccess buffers, FutexTable futexes, int maxHandles)
{
}
