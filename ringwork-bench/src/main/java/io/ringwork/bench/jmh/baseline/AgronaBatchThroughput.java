package io.ringwork.bench.jmh.baseline;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@code throughput.RingBatchThroughput}: the same batch through a pair of Agrona
 * {@code OneToOneRingBuffer}s on one thread. A batch of 64-byte requests is claimed, filled and committed; reading
 * them answers each with a 32-byte response; the responses are read. One operation is one request's trip there
 * and back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
public class AgronaBatchThroughput
{
    /** Messages per batch, as in the ring benchmark. */
    public static final int BATCH = 32;
    /** Bytes of each ring, enough for more requests than the ring's 256 SQEs. */
    public static final int CAPACITY = 32 * 1024;
    /** Bytes of a request: an SQE's size. */
    public static final int REQUEST_LENGTH = 64;
    /** Bytes of a response: a CQE's size. */
    public static final int RESPONSE_LENGTH = 32;

    private OneToOneRingBuffer requests;
    private OneToOneRingBuffer responses;
    private MessageHandler answer;
    private MessageHandler reap;
    private long sequence;
    private long checksum;

    /**
     * Makes the two rings.
     */
    @Setup
    public void setUp()
    {
        requests = newRing();
        responses = newRing();
        answer = this::answer;
        reap = this::reap;
    }

    /**
     * A ring of {@link #CAPACITY} bytes in direct memory.
     *
     * @return the ring.
     */
    public static OneToOneRingBuffer newRing()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * One batch: write the requests, read and answer them, read the answers.
     *
     * @return a checksum of the results, so nothing is optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long writeAnswerRead()
    {
        final OneToOneRingBuffer requests = this.requests;
        final AtomicBuffer out = requests.buffer();
        long sequence = this.sequence;
        for (int i = 0; i < BATCH; i++)
        {
            final int at = requests.tryClaim(1, REQUEST_LENGTH);
            writeRequest(out, at, sequence);
            requests.commit(at);
            sequence++;
        }
        this.sequence = sequence;
        // A read stops at the end of the buffer, so a batch that wraps takes two.
        for (int read = 0; read < BATCH; )
        {
            read += requests.read(answer, BATCH - read);
        }
        for (int read = 0; read < BATCH; )
        {
            read += responses.read(reap, BATCH - read);
        }
        return checksum;
    }

    /**
     * Fills a request in place like {@code Sqe.prep} fills an SQE: sequence, two operands, the rest zero.
     *
     * @param out      the ring's buffer.
     * @param at       the claimed index.
     * @param sequence the request's number.
     */
    public static void writeRequest(final AtomicBuffer out, final int at, final long sequence)
    {
        out.putLong(at, sequence);
        out.putLong(at + 8, sequence);
        out.putLong(at + 16, 1L);
        for (int offset = 24; offset < REQUEST_LENGTH; offset += Long.BYTES)
        {
            out.putLong(at + offset, 0L);
        }
    }

    /**
     * Answers a request in place like {@code Cqe.fill}: sequence and the operands' sum.
     *
     * @param responses the response ring.
     * @param buffer    the request's buffer.
     * @param index     the request's index.
     * @return false if the response ring is full.
     */
    public static boolean writeResponse(final OneToOneRingBuffer responses, final MutableDirectBuffer buffer,
        final int index)
    {
        final int at = responses.tryClaim(1, RESPONSE_LENGTH);
        if (at < 0)
        {
            return false;
        }
        final AtomicBuffer out = responses.buffer();
        out.putLong(at, buffer.getLong(index));
        out.putLong(at + 8, buffer.getLong(index + 8) + buffer.getLong(index + 16));
        out.putLong(at + 16, 0L);
        out.putLong(at + 24, 0L);
        responses.commit(at);
        return true;
    }

    private void answer(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        writeResponse(responses, buffer, index);
    }

    private void reap(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        checksum += buffer.getLong(index + 8);
    }
}
