package io.ringwork.bench.jmh.throughput;

import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.Sqe;
import io.ringwork.SqeHandler;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The raw path of an in-process ring on one thread: claim and fill a batch of SQEs, submit them, serve them (each
 * answered with a CQE whose result is {@code arg0 + arg1}), publish the CQEs, reap them. One operation is one
 * entry's trip SQ to CQ and back. Nothing waits, so this is the ring's own cost per entry; run it with
 * {@code -prof gc} to see that the steady state allocates nothing. The baseline is
 * {@code baseline.AgronaBatchThroughput}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--sun-misc-unsafe-memory-access=allow" })
public class RingBatchThroughput implements SqeHandler, CqeHandler
{
    /** Entries per submit. */
    public static final int BATCH = 32;

    private Ring ring;
    private ServedRing served;
    private long sequence;
    private long checksum;

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
     * One batch: submit, serve, reap.
     *
     * @return a checksum of the results, so nothing is optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long submitServeReap()
    {
        final Ring ring = this.ring;
        final ServedRing served = this.served;
        final int nop = Opcode.NOP.code();
        long sequence = this.sequence;
        for (int i = 0; i < BATCH; i++)
        {
            ring.getSqe().prep(nop, sequence, 1, 0, 0, 0).userData(sequence);
            sequence++;
        }
        this.sequence = sequence;
        ring.submit();
        served.forEachSqe(this, BATCH);
        served.publishCqes();
        ring.forEachCqe(this, BATCH);
        return checksum;
    }

    @Override
    public void onSqe(final Sqe sqe)
    {
        served.postCqe(sqe.userData(), sqe.arg(0) + sqe.arg(1), 0, sqe.opcode(), 0, sqe.arg(2));
    }

    @Override
    public void onCqe(final Cqe cqe)
    {
        checksum += cqe.result();
    }
}
