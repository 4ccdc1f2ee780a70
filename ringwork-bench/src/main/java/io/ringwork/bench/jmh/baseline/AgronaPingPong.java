package io.ringwork.bench.jmh.baseline;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * The baseline of {@code latency.RingPingPong}: a 64-byte request out over one Agrona {@code OneToOneRingBuffer}
 * and a 32-byte response back over another, between two busy-spinning threads, both sides zero-copy.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
public class AgronaPingPong
{
    private OneToOneRingBuffer requests;
    private OneToOneRingBuffer responses;
    private MessageHandler answer;

    /**
     * What only the client thread writes, kept out of the shared state so its writes do not invalidate the cache
     * line the server thread reads its fields from.
     */
    @State(Scope.Thread)
    public static class Client implements MessageHandler
    {
        private long sequence;
        private long result;

        @Override
        public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
        {
            result = buffer.getLong(index + 8);
        }
    }

    /**
     * Makes the two rings.
     */
    @Setup
    public void setUp()
    {
        requests = AgronaBatchThroughput.newRing();
        responses = AgronaBatchThroughput.newRing();
        answer = this::answer;
    }

    /**
     * The client: send one request, spin until a response is read.
     *
     * @param control tells when the iteration is over.
     * @param client  the client thread's own state.
     * @return the response's value.
     */
    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    public long ping(final Control control, final Client client)
    {
        final OneToOneRingBuffer requests = this.requests;
        final int at = requests.tryClaim(1, AgronaBatchThroughput.REQUEST_LENGTH);
        if (at < 0)
        {
            return at;
        }
        AgronaBatchThroughput.writeRequest(requests.buffer(), at, client.sequence++);
        requests.commit(at);
        final OneToOneRingBuffer responses = this.responses;
        while (0 == responses.read(client))
        {
            if (control.stopMeasurement)
            {
                return -1;
            }
            Thread.onSpinWait();
        }
        return client.result;
    }

    /**
     * The server: spin until a request is read, answer it.
     *
     * @param control tells when the iteration is over.
     * @return requests answered.
     */
    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    public int pong(final Control control)
    {
        final OneToOneRingBuffer requests = this.requests;
        int answered;
        while (0 == (answered = requests.read(answer)))
        {
            if (control.stopMeasurement)
            {
                return 0;
            }
            Thread.onSpinWait();
        }
        return answered;
    }

    private void answer(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        while (!AgronaBatchThroughput.writeResponse(responses, buffer, index))
        {
            Thread.onSpinWait();
        }
    }
}
