package io.ringwork;

import io.ringwork.internal.future.FutureSlots;

import java.util.concurrent.CompletableFuture;

/**
 * The CompletableFuture path over a ring, for Java callers who prefer futures to reading CQEs: each SQE submitted
 * through it gets a future, completed with a {@link Completion} (errors included; {@link Completion#resultOrThrow()}
 * turns them into exceptions) when its CQE is reaped. The CQE finds its future through a preallocated slot table
 * indexed by the user data (slot and generation), so nothing is looked up in a map and nothing but the future and
 * its {@link Completion} is allocated per operation.
 * <p>
 * Futures complete on the thread that reaps, inside {@link #enter} or {@link #poll}; like the ring, this object is
 * used by one thread at a time. It owns the ring's user data: do not mix it with SQEs submitted directly. Futures
 * suit one-shot SQEs; a subscription's future completes with its last CQE, and an SQE with
 * {@code CQE_SKIP_SUCCESS} that succeeds never completes its future.
 * <p>
 * When the server is gone (a wait answers {@link Ring#PEER_CLOSED}) no CQE will come for what is in flight: every
 * such future completes with {@link Errno#EPIPE}, and so does every future submitted afterwards; a broken ring fails
 * them with {@link Errno#EIO}. Each future completes exactly once.
 * {@snippet lang=java :
 * RingFutures futures = new RingFutures(ring);
 * CompletableFuture<Completion> done = futures.submit(futures.sqe().prepNop());
 * futures.enter(1, 1_000_000_000L);
 * long result = done.join().resultOrThrow();
 * }
 */
public final class RingFutures
{
    private final Ring ring;
    private final FutureSlots slots;
    private final CqeHandler completer = this::complete;
    private long strays;
    private int completedNow;

    /**
     * The futures path over a ring.
     *
     * @param ring a ring this object will own the user data of.
     */
    public RingFutures(final Ring ring)
    {
        this.ring = ring;
        this.slots = new FutureSlots(ring.sqEntries() + ring.cqEntries());
    }

    /**
     * Claims the next free SQE of the ring.
     *
     * @return the entry, or null if the SQ is full ({@link #enter} to make room).
     */
    public Sqe sqe()
    {
        return ring.getSqe();
    }

    /**
     * Gives a prepared SQE a future (and its user data); it is published by the next {@link #enter}.
     *
     * @param sqe claimed from this object's ring and prepared.
     * @return the future of its completion.
     * @throws RingworkException {@link Errno#ENOSPC} if as many operations are in flight as the ring can ever
     *                           hold (reap with {@link #enter} or {@link #poll}).
     */
    public CompletableFuture<Completion> submit(final Sqe sqe)
    {
        final CompletableFuture<Completion> future = new CompletableFuture<>();
        if (ring.isPeerClosed() || ring.isBroken())
        {
            sqe.userData(-1);
            future.complete(new Completion(-1, 0, (ring.isBroken() ? Errno.EIO : Errno.EPIPE).number(),
                sqe.opcode(), 0, 0));
            return future;
        }
        final long userData = slots.take(future, sqe.opcode());
        if (userData < 0)
        {
            throw new RingworkException(Errno.ENOSPC, "inFlight=" + slots.inFlight() + " fills every slot");
        }
        sqe.userData(userData);
        return future;
    }

    /**
     * Publishes every SQE claimed since the last enter, waits for at least {@code waitFor} completions (or the
     * timeout), and completes the future of every completion ready.
     *
     * @param waitFor      completions to wait for; 0 only publishes and reaps what is there.
     * @param timeoutNanos how long to wait at most.
     * @return futures completed, or {@link Ring#BROKEN} / {@link Ring#PEER_CLOSED}.
     */
    public int enter(final int waitFor, final long timeoutNanos)
    {
        final int ready = ring.enter(Integer.MAX_VALUE, waitFor, timeoutNanos);
        if (ready < 0)
        {
            final int reaped = poll();
            final int failed = failInFlight(ready);
            return reaped > 0 || failed > 0 ? Math.max(0, reaped) + failed : ready;
        }
        return poll();
    }

    /**
     * Completes the future of every completion ready now, without waiting.
     *
     * @return futures completed, or {@link Ring#BROKEN}.
     */
    public int poll()
    {
        completedNow = 0;
        int count;
        do
        {
            count = ring.forEachCqe(completer, Integer.MAX_VALUE);
        }
        while (count > 0);
        return count < 0 && 0 == completedNow ? count : completedNow;
    }

    /**
     * After a wait answered {@link Ring#PEER_CLOSED} or {@link Ring#BROKEN}: nothing more will come for the
     * operations in flight.
     */
    private int failInFlight(final int reason)
    {
        if (Ring.BROKEN == reason)
        {
            return slots.failAll(Errno.EIO.number());
        }
        if (Ring.PEER_CLOSED == reason)
        {
            return slots.failAll(Errno.EPIPE.number());
        }
        return 0;
    }

    private void complete(final Cqe cqe)
    {
        if (0 != (cqe.flags() & Cqe.MORE))
        {
            return;
        }
        final CompletableFuture<Completion> future = slots.remove(cqe.userData());
        if (null == future)
        {
            strays++;
            return;
        }
        completedNow++;
        future.complete(Completion.of(cqe));
    }

    /**
     * Operations submitted whose future has not completed yet.
     *
     * @return the count.
     */
    public int inFlight()
    {
        return slots.inFlight();
    }

    /**
     * CQEs reaped whose user data named no future in flight (not ours, or stale).
     *
     * @return the count.
     */
    public long strays()
    {
        return strays;
    }
}
