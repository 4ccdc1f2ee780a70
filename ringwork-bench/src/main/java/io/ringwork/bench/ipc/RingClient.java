package io.ringwork.bench.ipc;

import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Ring;
import io.ringwork.Sqe;
import org.HdrHistogram.Histogram;

/**
 * Ringwork's client side of the suite: NOP SQEs on a ring whose server is the peer process, each answered with a
 * CQE carrying the SQE's user data and no error. The client always spins on its CQ; only the server's way of
 * waiting differs between the spinning and the sleeping figures.
 */
final class RingClient implements CqeHandler
{
    private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;

    private final Ring ring;
    private long sequence;
    private long wrongAnswers;

    /**
     * A client on {@code ring}, whose options must be spinning.
     *
     * @param ring the client end.
     */
    RingClient(final Ring ring)
    {
        this.ring = ring;
    }

    /**
     * Round trips back to back for a while, each recorded.
     *
     * @param histogram     receives nanoseconds per round trip.
     * @param durationNanos how long.
     */
    void roundTrips(final Histogram histogram, final long durationNanos)
    {
        final long start = System.nanoTime();
        long now = start;
        while (now - start < durationNanos)
        {
            final long t0 = System.nanoTime();
            roundTrip();
            now = System.nanoTime();
            histogram.recordValue(now - t0);
        }
    }

    /**
     * Round trips spaced at least {@code gapNanos} apart (spinning in between), each recorded.
     *
     * @param histogram receives nanoseconds per round trip.
     * @param count     round trips.
     * @param gapNanos  from one answer to the next request.
     */
    void spacedRoundTrips(final Histogram histogram, final int count, final long gapNanos)
    {
        for (int i = 0; i < count; i++)
        {
            IpcSuite.spinFor(gapNanos);
            final long t0 = System.nanoTime();
            roundTrip();
            histogram.recordValue(System.nanoTime() - t0);
        }
    }

    // One call per round trip, so the JIT compiles it as a method rather than only as part of a long loop.
    private void roundTrip()
    {
        final Ring ring = this.ring;
        final long sequence = this.sequence++;
        final Sqe sqe = ring.getSqe();
        if (null == sqe)
        {
            throw new IllegalStateException("no free SQE in a ping-pong: " + ring.counters());
        }
        sqe.prepNop().userData(sequence);
        ring.submit();
        final int ready = ring.awaitCqes(1, ANSWER_TIMEOUT_NANOS);
        if (ready < 1)
        {
            throw new IllegalStateException("no CQE within 10 s (wait returned " + ready + ")");
        }
        final Cqe cqe = ring.peekCqe();
        if (cqe.userData() != sequence || 0 != cqe.error())
        {
            wrongAnswers++;
        }
        ring.advanceCq(1);
    }

    /**
     * NOPs in batches for a while: each pass claims up to {@code batch} SQEs, submits them with one store and reaps
     * every ready CQE; then waits for the rest.
     *
     * @param durationNanos how long to keep submitting.
     * @param batch         most SQEs per submit.
     * @return completed NOPs per second.
     */
    double throughput(final long durationNanos, final int batch)
    {
        final Ring ring = this.ring;
        long sequence = this.sequence;
        long submitted = 0;
        long completed = 0;
        final long start = System.nanoTime();
        do
        {
            int claimed = 0;
            Sqe sqe;
            while (claimed < batch && null != (sqe = ring.getSqe()))
            {
                sqe.prepNop().userData(sequence++);
                claimed++;
            }
            submitted += ring.submit();
            final int reaped = ring.forEachCqe(this, Integer.MAX_VALUE);
            if (reaped < 0)
            {
                throw new IllegalStateException("ring broken: " + ring.brokenReason());
            }
            completed += reaped;
            if (0 == claimed && 0 == reaped)
            {
                Thread.onSpinWait();
            }
        }
        while (System.nanoTime() - start < durationNanos);
        while (completed < submitted)
        {
            if (ring.awaitCqes(1, ANSWER_TIMEOUT_NANOS) < 1)
            {
                throw new IllegalStateException("CQEs missing after 10 s: " + (submitted - completed));
            }
            completed += ring.forEachCqe(this, Integer.MAX_VALUE);
        }
        final long elapsed = System.nanoTime() - start;
        this.sequence = sequence;
        return completed * 1e9 / elapsed;
    }

    @Override
    public void onCqe(final Cqe cqe)
    {
        if (0 != cqe.error())
        {
            wrongAnswers++;
        }
    }

    /**
     * Answers with the wrong user data or an error.
     *
     * @return 0 when all went well.
     */
    long wrongAnswers()
    {
        return wrongAnswers;
    }
}
