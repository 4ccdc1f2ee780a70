package io.ringwork.bench.ring;

import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.Sqe;
import org.HdrHistogram.Histogram;

/**
 * Ringwork's client end: NOP SQEs whose answer is {@code arg0 + arg1}, through the public API only. A round trip
 * is claiming and filling one SQE, submitting it, waiting (spinning) for its CQE, checking and consuming it. In
 * throughput mode each pass claims up to a batch of SQEs, submits them with one release store, and reaps every
 * CQE that is ready; an entry counts once its CQE is consumed.
 */
final class RingworkContender implements Contender, CqeHandler
{
    private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;

    private final Ring ring;
    private final int batch;
    private long sequence;
    private long wrongAnswers;

    /**
     * A contender on a ring whose server end the peer attaches.
     *
     * @param ring  the client end.
     * @param batch most SQEs per submit in throughput mode.
     */
    RingworkContender(final Ring ring, final int batch)
    {
        this.ring = ring;
        this.batch = batch;
    }

    @Override
    public int roundTripCommand()
    {
        return PeerLayout.SERVE_RINGWORK;
    }

    @Override
    public int throughputCommand()
    {
        return PeerLayout.SERVE_RINGWORK;
    }

    @Override
    public void roundTrips(final Histogram histogram, final long durationNanos)
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
        sqe.prep(Opcode.NOP.code(), sequence, 1, 0, 0, 0).userData(sequence);
        ring.submit();
        final int ready = ring.awaitCqes(1, ANSWER_TIMEOUT_NANOS);
        if (ready < 1)
        {
            throw new IllegalStateException("no CQE within 10 s (wait returned " + ready + ")");
        }
        final Cqe cqe = ring.peekCqe();
        if (cqe.userData() != sequence || cqe.result() != sequence + 1)
        {
            wrongAnswers++;
        }
        ring.advanceCq(1);
    }

    @Override
    public Throughput throughput(final long durationNanos, final PeerProcess peer)
    {
        final Ring ring = this.ring;
        final int batch = this.batch;
        final int nop = Opcode.NOP.code();
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
                sqe.prep(nop, sequence, 1, 0, 0, 0).userData(sequence);
                sequence++;
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
        return new Throughput(completed, elapsed);
    }

    @Override
    public void onCqe(final Cqe cqe)
    {
        if (cqe.result() != cqe.userData() + 1)
        {
            wrongAnswers++;
        }
    }

    @Override
    public long wrongAnswers()
    {
        return wrongAnswers;
    }
}
