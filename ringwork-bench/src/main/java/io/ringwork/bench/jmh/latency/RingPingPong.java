package io.ringwork.bench.jmh.latency;

import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.Sqe;
import io.ringwork.SqeHandler;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * One SQE out and its CQE back between two threads of one process, both busy-spinning through the public waits
 * ({@code awaitCqes}, {@code awaitSqes}). The {@code ping} figure is the round trip; {@code pong} is the server's
 * time per answered entry. The waits time out every millisecond so both threads can notice that JMH ended the
 * iteration. The baseline is {@code baseline.AgronaPingPong}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
public class RingPingPong implements SqeHandler
{
    private static final long POLL_NANOS = 1_000_000L;

    private Ring ring;
    private ServedRing served;

    /**
     * What only the client thread writes, kept out of the shared state so its writes do not invalidate the cache
     * line the server thread reads its fields from.
     */
    @State(Scope.Thread)
    public static class Client
    {
        private long sequence;
    }

    /**
     * Makes the ring and its server end.
     */
    @Setup
    public void setUp()
    {
        ring = Ring.create(RingOptions.defaults().spinning());
        served = ring.serverEnd();
    }

    /**
     * Closes both ends.
     */
    @TearDown
    public void tearDown()
    {
        served.close();
        ring.close();
    }

    /**
     * The client: submit one NOP, wait for its answer, consume it.
     *
     * @param control tells when the iteration is over.
     * @param client  the client thread's own state.
     * @return the answer's result.
     */
    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    public long ping(final Control control, final Client client)
    {
        final Ring ring = this.ring;
        final long sequence = client.sequence++;
        ring.getSqe().prep(Opcode.NOP.code(), sequence, 1, 0, 0, 0).userData(sequence);
        ring.submit();
        int ready;
        while ((ready = ring.awaitCqes(1, POLL_NANOS)) < 1)
        {
            if (control.stopMeasurement || ready < 0)
            {
                return ready;
            }
        }
        final long result = ring.peekCqe().result();
        // An answer left over from the end of the previous iteration may precede ours: consume both.
        ring.advanceCq(ready);
        return result;
    }

    /**
     * The server: wait for an SQE, answer it.
     *
     * @param control tells when the iteration is over.
     * @return entries answered.
     */
    @Benchmark
    @Group("pingPong")
    @GroupThreads(1)
    public int pong(final Control control)
    {
        final ServedRing served = this.served;
        int ready;
        while ((ready = served.awaitSqes(POLL_NANOS)) < 1)
        {
            if (control.stopMeasurement || ready < 0)
            {
                return ready;
            }
        }
        final int answered = served.forEachSqe(this, ready);
        served.publishCqes();
        return answered;
    }

    @Override
    public void onSqe(final Sqe sqe)
    {
        served.postCqe(sqe.userData(), sqe.arg(0) + sqe.arg(1), 0, sqe.opcode(), 0, sqe.arg(2));
    }
}
