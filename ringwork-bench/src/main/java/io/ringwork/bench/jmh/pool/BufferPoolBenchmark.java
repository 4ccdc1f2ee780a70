package io.ringwork.bench.jmh.pool;

import io.ringwork.bench.pool.PoolSuite;
import io.ringwork.buffer.AllocationStrategy;
import io.ringwork.buffer.BufferPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One free of a random live buffer plus one allocation of a uniformly random size from 64 B to 1 MiB, with 512 buffers
 * live, as {@code ringwork bench pool} times it; and a bounds-checked slice. Run with {@code -prof gc} to see the
 * heap allocated per operation ({@code gc.alloc.rate.norm}), which should be 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BufferPoolBenchmark
{
    private static final int STEPS = 1 << 16;

    /** The allocation strategy. */
    @Param({"BEST_FIT", "FIRST_FIT"})
    public String strategy;

    private BufferPool pool;
    private final long[] live = new long[PoolSuite.LIVE];
    private final long[] sizes = new long[STEPS];
    private final int[] slots = new int[STEPS];
    private int step;

    /**
     * Fills the pool with the live set.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        pool = BufferPool.create(PoolSuite.latencyOptions().withStrategy(AllocationStrategy.valueOf(strategy)));
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < STEPS; i++)
        {
            sizes[i] = PoolSuite.uniformSize(random);
            slots[i] = random.nextInt(PoolSuite.LIVE);
        }
        for (int i = 0; i < live.length; i++)
        {
            live[i] = pool.allocate(sizes[i], 64);
        }
    }

    /**
     * Frees everything and closes the pool.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        pool.close();
    }

    /**
     * Free one random live buffer, allocate another of a random size in its place.
     *
     * @return the new reference.
     */
    @Benchmark
    public long allocFree()
    {
        final int i = step++ & (STEPS - 1);
        final int slot = slots[i];
        pool.free(live[slot]);
        final long ref = pool.allocate(sizes[i], 64);
        live[slot] = ref;
        return ref;
    }

    /**
     * A bounds-checked view of 64 bytes of a live buffer.
     *
     * @return the view.
     */
    @Benchmark
    public MemorySegment slice()
    {
        return pool.slice(live[step++ & (PoolSuite.LIVE - 1)], 64);
    }
}
