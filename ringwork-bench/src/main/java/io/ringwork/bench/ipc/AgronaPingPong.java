package io.ringwork.bench.ipc;

import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.function.BooleanSupplier;

/**
 * The spinning baseline: two Agrona {@code OneToOneRingBuffer}s in one shared file, requests to the server and
 * responses back, used zero-copy ({@code tryClaim}/{@code commit}, handlers read in place). A request is 64 bytes
 * (an SQE's size), a response 32 bytes (a CQE's); both sides spin. The server answers each request with its sequence
 * number, and the client checks it.
 */
final class AgronaPingPong implements MessageHandler
{
    /** Bytes of each ring's data area. */
    static final int CAPACITY = 32 * 1024;
    private static final int REQUEST_LENGTH = 64;
    private static final int RESPONSE_LENGTH = 32;
    private static final int MESSAGE_TYPE = 1;
    private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;
    private static final int TIMEOUT_CHECK_MASK = (1 << 12) - 1;

    private final OneToOneRingBuffer requests;
    private final OneToOneRingBuffer responses;
    private long sequence;
    private long wrongAnswers;

    /**
     * The client (or server) view of the ring pair in {@code file}.
     *
     * @param file the mapping, {@link #fileLength()} bytes.
     */
    AgronaPingPong(final UnsafeBuffer file)
    {
        final int ring = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        this.requests = new OneToOneRingBuffer(new UnsafeBuffer(file, 0, ring));
        this.responses = new OneToOneRingBuffer(new UnsafeBuffer(file, ring, ring));
    }

    /**
     * Bytes of the shared file.
     *
     * @return both rings with their trailers.
     */
    static int fileLength()
    {
        return 2 * (CAPACITY + RingBufferDescriptor.TRAILER_LENGTH);
    }

    /**
     * Client: round trips for a while, each recorded.
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
            roundTrip(t0);
            now = System.nanoTime();
            histogram.recordValue(now - t0);
        }
    }

    // One call per round trip, as for the ring, so both are compiled alike.
    private void roundTrip(final long t0)
    {
        final OneToOneRingBuffer requests = this.requests;
        final int at = requests.tryClaim(MESSAGE_TYPE, REQUEST_LENGTH);
        if (at < 0)
        {
            throw new IllegalStateException("no room for a request in a ping-pong");
        }
        final AtomicBuffer out = requests.buffer();
        out.putLong(at, sequence);
        for (int offset = Long.BYTES; offset < REQUEST_LENGTH; offset += Long.BYTES)
        {
            out.putLong(at + offset, 0L);
        }
        requests.commit(at);
        int polls = 0;
        while (0 == responses.read(this, 1))
        {
            Thread.onSpinWait();
            if (0 == (++polls & TIMEOUT_CHECK_MASK) && System.nanoTime() - t0 > ANSWER_TIMEOUT_NANOS)
            {
                throw new IllegalStateException("no Agrona response within 10 s");
            }
        }
        sequence++;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (buffer.getLong(index) != sequence)
        {
            wrongAnswers++;
        }
    }

    /**
     * Answers that did not match their request.
     *
     * @return 0 when all went well.
     */
    long wrongAnswers()
    {
        return wrongAnswers;
    }

    /**
     * Server: answers requests, spinning, until {@code stop} says so (checked only while idle).
     *
     * @param stop true when the server must return.
     */
    void serve(final BooleanSupplier stop)
    {
        final OneToOneRingBuffer requests = this.requests;
        final MessageHandler echo = this::echo;
        int polls = 0;
        while (true)
        {
            if (0 == requests.read(echo))
            {
                if (0 == (++polls & 0xFF) && stop.getAsBoolean())
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    private void echo(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = buffer.getLong(index);
        final OneToOneRingBuffer responses = this.responses;
        int at;
        while ((at = responses.tryClaim(MESSAGE_TYPE, RESPONSE_LENGTH)) < 0)
        {
            Thread.onSpinWait();
        }
        final AtomicBuffer out = responses.buffer();
        out.putLong(at, sequence);
        out.putLong(at + Long.BYTES, 0L);
        out.putLong(at + 2 * Long.BYTES, 0L);
        out.putLong(at + 3 * Long.BYTES, 0L);
        responses.commit(at);
    }
}
