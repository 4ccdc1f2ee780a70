package io.ringwork;

/**
 * Receives submissions in {@link ServedRing#forEachSqe}. The {@link Sqe} is valid only during the call; copy what
 * must outlive it. It must not throw (an exception leaves the batch unconsumed).
 */
@FunctionalInterface
public interface SqeHandler
{
    /**
     * One submission.
     *
     * @param sqe the entry, valid during this call only; its contents come from the client and are untrusted.
     */
    void onSqe(Sqe sqe);
}
