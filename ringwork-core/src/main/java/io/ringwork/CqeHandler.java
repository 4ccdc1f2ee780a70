package io.ringwork;

/**
 * Receives completions in {@link Ring#forEachCqe}. The {@link Cqe} is valid only during the call; it must not throw
 * (an exception leaves the batch unconsumed, and it will be delivered again).
 */
@FunctionalInterface
public interface CqeHandler
{
    /**
     * One completion.
     *
     * @param cqe the entry, valid during this call only.
     */
    void onCqe(Cqe cqe);
}
