package io.ringwork.internal.reactor;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The future of a reactor operation. Cancelling it completes it at once (as {@link CompletableFuture} does) and asks
 * the reactor to cancel the operation: removed before it is written, or a {@code CANCEL} SQE after; the
 * operation's own CQE still comes and frees what it held, but the future is already complete, so it completes exactly
 * once.
 *
 * @param <T> the value.
 */
public final class ReactorFuture<T> extends CompletableFuture<T>
{
    private final ReactorEngine engine;
    private ReactorOp op;

    /**
     * A future of an operation of {@code engine}.
     *
     * @param engine the reactor that completes it.
     */
    public ReactorFuture(final ReactorEngine engine)
    {
        this.engine = engine;
    }

    void bind(final ReactorOp operation)
    {
        this.op = operation;
    }

    @Override
    public boolean cancel(final boolean mayInterruptIfRunning)
    {
        final boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && null != op)
        {
            engine.cancel(op);
        }
        return cancelled;
    }

    /**
     * Completes the future with {@code failure} instead of a cancellation, and cancels the operation on the ring,
     * for callers whose contract names the exception (an {@code AsynchronousCloseException}, say).
     *
     * @param failure what the future completes with.
     * @return true if this call completed the future.
     */
    public boolean failAndCancel(final Throwable failure)
    {
        final boolean completed = completeExceptionally(failure);
        if (completed && null != op)
        {
            engine.cancel(op);
        }
        return completed;
    }

    /**
     * Waits for the operation, except on the reactor's own thread, which completes it: there, waiting for an
     * operation not complete yet would never end (a scheme served by the reactor calling {@code SyncIo}, say).
     *
     * @return the value.
     * @throws RingworkException {@link Errno#EDEADLK} on the reactor's thread before completion.
     */
    @Override
    public T get() throws InterruptedException, ExecutionException
    {
        checkNotOwner();
        return super.get();
    }

    /**
     * Waits for the operation, except on the reactor's own thread (see {@link #get()}).
     *
     * @return the value.
     * @throws RingworkException {@link Errno#EDEADLK} on the reactor's thread before completion.
     */
    @Override
    public T join()
    {
        checkNotOwner();
        return super.join();
    }

    private void checkNotOwner()
    {
        if (!isDone() && engine.isOwner())
        {
            throw new RingworkException(Errno.EDEADLK, "waiting on the reactor's own thread for one of its " +
                "operations would never end: compose the future instead");
        }
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new CompletableFuture<>();
    }
}
