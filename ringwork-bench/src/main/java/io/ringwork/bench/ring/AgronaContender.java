package io.ringwork.bench.ring;

import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The baseline: Agrona's {@code OneToOneRingBuffer}, one ring each way in a shared file, used zero-copy
 * ({@code tryClaim}/{@code commit}, and the reader's handler reads in place) as the ring's entries are. A round
 * trip is a 64-byte request out and a 32-byte response back. Throughput is one way: requests written as fast as
 * the request ring takes them while the peer only counts, until the peer has consumed every one.
 */
final class AgronaContender implements Contender, MessageHandler
{
    private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;
    private static final int TIMEOUT_CHECK_MASK = (1 << 10) - 1;

    private final OneToOneRingBuffer requests;
    private final OneToOneRingBuffer responses;
    private final int batch;
    private long sequence;
    private long wrongAnswers;

    /**
     * A contender on a ring pair the peer serves.
     *
     * @param requests  to the peer.
     * @param responses from the peer.
     * @param batch     requests written between two looks at the clock in throughput mode.
     */
    AgronaContender(final OneToOneRingBuffer requests, final OneToOneRingBuffer responses, final int batch)
    {
        this.requests = requests;
        this.responses = responses;
        this.batch = batch;
    }

    @Override
    public int roundTripCommand()
    {
        return PeerLayout.ECHO_AGRONA;
    }

    @Override
    public int throughputCommand()
    {
        return PeerLayout.SINK_AGRONA;
    }

    @Override
    public void roundTrips(final Histogram histogram, final long durationNanos)
    {
        final long start = System.nanoTime();
        long now = start;
        while (now - start < durationNanos)
        {
            final long t0 = System.nanoTime();
            roundTrip(t0);
            now = System.nanoTime();
            histogram.recordValue(now - t0);
        }
    }

    // One call per round trip, as for the ring, so both are compiled alike.
    private void roundTrip(final long t0)
    {
        final OneToOneRingBuffer requests = this.requests;
        final OneToOneRingBuffer responses = this.responses;
        final int at = requests.tryClaim(PeerLayout.MESSAGE_TYPE, PeerLayout.REQUEST_LENGTH);
        if (at < 0)
        {
            throw new IllegalStateException("no room for a request in a ping-pong");
        }
        writeRequest(requests.buffer(), at, sequence);
        requests.commit(at);
        int polls = 0;
        while (0 == responses.read(this, 1))
        {
            Thread.onSpinWait();
            if (0 == (++polls & TIMEOUT_CHECK_MASK) && System.nanoTime() - t0 > ANSWER_TIMEOUT_NANOS)
            {
                throw new IllegalStateException("no response within 10 s");
            }
        }
        sequence++;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = buffer.getLong(index + PeerLayout.SEQUENCE_OFFSET);
        if (sequence != this.sequence || buffer.getLong(index + PeerLayout.VALUE_OFFSET) != sequence + 1)
        {
            wrongAnswers++;
        }
    }

    @Override
    public Throughput throughput(final long durationNanos, final PeerProcess peer)
    {
        final OneToOneRingBuffer requests = this.requests;
        final AtomicBuffer out = requests.buffer();
        final int batch = this.batch;
        final long consumedBefore = peer.consumed();
        long sequence = this.sequence;
        long sent = 0;
        final long start = System.nanoTime();
        do
        {
            for (int i = 0; i < batch; i++)
            {
                final int at = requests.tryClaim(PeerLayout.MESSAGE_TYPE, PeerLayout.REQUEST_LENGTH);
                if (at < 0)
                {
                    Thread.onSpinWait();
                    break;
                }
                writeRequest(out, at, sequence);
                requests.commit(at);
                sequence++;
                sent++;
            }
        }
        while (System.nanoTime() - start < durationNanos);
        while (peer.consumed() - consumedBefore < sent)
        {
            if (System.nanoTime() - start > durationNanos + ANSWER_TIMEOUT_NANOS)
            {
                throw new IllegalStateException("peer consumed " + (peer.consumed() - consumedBefore) + " of " +
                    sent + " requests");
            }
            Thread.onSpinWait();
        }
        final long elapsed = System.nanoTime() - start;
        this.sequence = sequence;
        return new Throughput(sent, elapsed);
    }

    private static void writeRequest(final AtomicBuffer out, final int at, final long sequence)
    {
        out.putLong(at + PeerLayout.SEQUENCE_OFFSET, sequence);
        out.putLong(at + PeerLayout.VALUE_OFFSET, sequence);
        out.putLong(at + PeerLayout.OPERAND_OFFSET, 1L);
        for (int offset = PeerLayout.OPERAND_OFFSET + Long.BYTES; offset < PeerLayout.REQUEST_LENGTH;
            offset += Long.BYTES)
        {
            out.putLong(at + offset, 0L);
        }
    }

    @Override
    public long wrongAnswers()
    {
        return wrongAnswers;
    }
}
