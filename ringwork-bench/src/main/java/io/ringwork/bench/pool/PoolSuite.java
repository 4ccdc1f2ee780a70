package io.ringwork.bench.pool;

import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.buffer.AllocationFlags;
import io.ringwork.buffer.AllocationStrategy;
import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferPoolOptions;
import io.ringwork.buffer.BufferRef;
import org.HdrHistogram.Histogram;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ringwork bench pool}: the buffer pool's allocator against {@code Arena.ofShared().allocate}, one thread, in
 * random order. Headline figures draw sizes uniformly from 64 B to 1 MiB; figures ending in {@code _log} draw them
 * log-uniformly (every power of two equally likely, so most requests are small), a harder case for fragmentation.
 * <ul>
 *   <li>{@code alloc_free_ns_p50/p99}: one free of a random live buffer plus one allocation, with 512 buffers live.
 *   Each sample times {@link #BATCH} consecutive pairs with two {@code System.nanoTime} reads and records their mean,
 *   so the clock's own cost (reported as {@code timer_overhead_ns_p50}, about 25 ns) adds under 1 ns to a pair
 *   instead of swamping it; the percentiles are over those per-pair means. {@code alloc_free_ns_mean} is one long
 *   timed run's mean. {@code alloc_free_ns_p50_same_size} churns 4 KiB buffers only: the cost of the same code
 *   when every branch goes the same way.</li>
 *   <li>{@code fragmentation_efficiency}: largest allocatable block / free bytes after 1,000,000 random operations
 *   on one 256 MiB segment held at 50% occupancy; the mean of {@link #FRAGMENTATION_RUNS} seeds, the worst in
 *   {@code _min}.</li>
 *   <li>{@code arena_alloc_ns_p50/p99}: {@code Arena.ofShared()} plus {@code allocate} of the same sizes, timed one
 *   by one; {@code arena_alloc_free_ns_p50} adds the {@code close} that frees it.</li>
 *   <li>{@code heap_bytes_per_alloc_free}: Java heap allocated per pair, from
 *   {@code ThreadMXBean.getThreadAllocatedBytes}.</li>
 * </ul>
 * Parameters: {@code ops} (fragmentation operations per run), {@code samples} (timed batches), {@code seed}.
 */
public final class PoolSuite implements BenchSuite
{
    /** Smallest size drawn. */
    public static final int MIN_SIZE_SHIFT = 6;
    /** Largest size drawn. */
    public static final int MAX_SIZE_SHIFT = 20;
    /** Buffers live while timing. */
    public static final int LIVE = 512;

    /** Pairs per timed sample. */
    public static final int BATCH = 32;
    /** Pairs run untimed before a measurement, and at least this long, so the JIT has compiled the paths. */
    public static final int WARMUP_PAIRS = 1_000_000;
    /** The least warm-up time, which {@code --quick} keeps too. */
    public static final long WARMUP_NANOS = 500_000_000L;
    /** The size of every buffer of the same-size churn. */
    public static final long SAME_SIZE = 4096;
    /** Independent fragmentation runs. */
    public static final int FRAGMENTATION_RUNS = 5;

    private static final long FRAGMENTATION_CAPACITY = 256L << 20;

    @Override
    public String name()
    {
        return "pool";
    }

    @Override
    public String description()
    {
        return "buffer pool allocate+free latency, fragmentation, heap allocation; vs Arena.ofShared().allocate";
    }

    /**
     * A size drawn uniformly from 64 B to 1 MiB.
     *
     * @param random the source.
     * @return bytes.
     */
    public static long uniformSize(final SplittableRandom random)
    {
        return random.nextLong(1L << MIN_SIZE_SHIFT, (1L << MAX_SIZE_SHIFT) + 1);
    }

    /**
     * A size drawn log-uniformly from 64 B to 1 MiB: every power of two equally likely.
     *
     * @param random the source.
     * @return bytes.
     */
    public static long logUniformSize(final SplittableRandom random)
    {
        final int shift = random.nextInt(MIN_SIZE_SHIFT, MAX_SIZE_SHIFT);
        return (1L << shift) + random.nextLong(1L << shift);
    }

    private static long size(final SplittableRandom random, final boolean log)
    {
        return log ? logUniformSize(random) : uniformSize(random);
    }

    /**
     * Options for a pool that holds {@link #LIVE} buffers of {@link #uniformSize} without growing in steady state.
     *
     * @return options.
     */
    public static BufferPoolOptions latencyOptions()
    {
        return BufferPoolOptions.defaults().withSegmentSize(512L << 20).withMaxSegments(8);
    }

    @Override
    public BenchReport run(final BenchOptions options)
    {
        final long seed = options.longParam("seed", 42);
        final int samples = (int)options.longParam("samples", options.quick() ? 20_000 : 250_000);
        final long ops = options.longParam("ops", options.quick() ? 200_000 : 1_000_000);
        final BenchReport report = new BenchReport(name());
        report.note("sizes", "uniform 64 B .. 1 MiB (figures ending _log: log-uniform), random order, one thread");
        report.note("allocator", "TLSF (two-level segregated fit), 32 classes per power of two, best fit takes " +
            "the own class's head if it fits");
        report.note("alloc_free_sample", BATCH + " consecutive free+allocate pairs per timed sample, their mean " +
            "recorded; percentiles over " + samples + " samples after " + WARMUP_PAIRS + " pairs and " +
            WARMUP_NANOS / 1_000_000 + " ms of warm-up");
        report.note("timer_overhead_ns_p50", Long.toString(timerOverhead()));
        report.note("cpus_and_load_average_at_start", Runtime.getRuntime().availableProcessors() + " cpus, load " +
            String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));

        for (final boolean log : new boolean[]{false, true})
        {
            for (final AllocationStrategy strategy : AllocationStrategy.values())
            {
                final String suffix = (AllocationStrategy.BEST_FIT == strategy ? "" : "_first_fit") +
                    (log ? "_log" : "");
                final Histogram pool = poolAllocFree(strategy, log, samples, seed);
                report.figure("alloc_free_ns_p50" + suffix, pool.getValueAtPercentile(50));
                report.figure("alloc_free_ns_p99" + suffix, pool.getValueAtPercentile(99));
                double sum = 0;
                double min = Double.MAX_VALUE;
                for (int run = 0; run < FRAGMENTATION_RUNS; run++)
                {
                    final double efficiency = fragmentation(strategy, log, ops, seed + run);
                    sum += efficiency;
                    min = Math.min(min, efficiency);
                }
                report.figure("fragmentation_efficiency" + suffix, sum / FRAGMENTATION_RUNS);
                report.figure("fragmentation_efficiency_min" + suffix, min);
            }
        }
        report.figure("alloc_free_ns_p50_same_size", sameSizeAllocFree(samples, seed).getValueAtPercentile(50));
        report.figure("alloc_free_ns_mean", meanAllocFree(samples * BATCH, seed));
        report.figure("heap_bytes_per_alloc_free", heapBytesPerAllocFree(samples * BATCH, seed));
        report.figure("slice_ns_mean", sliceNanos(samples * BATCH, seed));

        final int arenaSamples = Math.max(2000, samples / 10);
        final Histogram[] arena = arenaAllocate(arenaSamples, seed);
        report.figure("arena_alloc_ns_p50", arena[0].getValueAtPercentile(50));
        report.figure("arena_alloc_ns_p99", arena[0].getValueAtPercentile(99));
        report.figure("arena_alloc_free_ns_p50", arena[1].getValueAtPercentile(50));
        report.note("arena_samples", Integer.toString(arenaSamples));
        report.note("load_average_at_end", String.format(Locale.ROOT, "%.2f",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.note("targets", "alloc_free_ns_p50 <= 60, fragmentation_efficiency >= 0.85, heap bytes 0");
        report.ratioOf("alloc_free_p50_vs_arena_alloc", "alloc_free_ns_p50", "arena_alloc_ns_p50");
        report.ratioOf("alloc_free_p50_vs_arena_alloc_free", "alloc_free_ns_p50", "arena_alloc_free_ns_p50");
        return report;
    }

    private static long timerOverhead()
    {
        final Histogram histogram = new Histogram(1_000_000, 2);
        for (int i = 0; i < 100_000; i++)
        {
            final long t0 = System.nanoTime();
            final long t1 = System.nanoTime();
            histogram.recordValue(Math.min(t1 - t0, 1_000_000));
        }
        return histogram.getValueAtPercentile(50);
    }

    /**
     * A pool filled with {@link #LIVE} buffers and a script of random slots and sizes to churn it with.
     */
    private static final class Churn implements AutoCloseable
    {
        static final int STEPS = 1 << 16;

        final BufferPool pool;
        final long[] live = new long[LIVE];
        final long[] sizes = new long[STEPS];
        final int[] slots = new int[STEPS];
        int step;

        Churn(final AllocationStrategy strategy, final boolean log, final long seed)
        {
            this(strategy, log, 0, seed);
        }

        /** With {@code fixedSize} 0, random sizes; else only that size. */
        Churn(final AllocationStrategy strategy, final boolean log, final long fixedSize, final long seed)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < STEPS; i++)
            {
                sizes[i] = 0 == fixedSize ? size(random, log) : fixedSize;
                slots[i] = random.nextInt(LIVE);
            }
            pool = BufferPool.create(latencyOptions().withStrategy(strategy));
            for (int i = 0; i < LIVE; i++)
            {
                live[i] = pool.allocate(sizes[i], 64);
            }
            // Warm up: let the JIT compile the paths and the pool reach its steady shape. By time as well as by
            // count, so a quick run on a slow or busy machine is as warm as a full one.
            final long t0 = System.nanoTime();
            run(WARMUP_PAIRS);
            while (System.nanoTime() - t0 < WARMUP_NANOS)
            {
                run(WARMUP_PAIRS / 10);
            }
        }

        void run(final int pairs)
        {
            for (int i = 0; i < pairs; i++)
            {
                final int s = step++ & (STEPS - 1);
                final int slot = slots[s];
                pool.free(live[slot]);
                live[slot] = pool.allocate(sizes[s], 64);
            }
        }

        @Override
        public void close()
        {
            pool.close();
        }
    }

    private static Histogram poolAllocFree(final AllocationStrategy strategy, final boolean log, final int samples,
        final long seed)
    {
        try (Churn churn = new Churn(strategy, log, seed))
        {
            return timedSamples(churn, samples);
        }
    }

    private static Histogram sameSizeAllocFree(final int samples, final long seed)
    {
        try (Churn churn = new Churn(AllocationStrategy.BEST_FIT, false, SAME_SIZE, seed))
        {
            return timedSamples(churn, samples);
        }
    }

    /**
     * Times {@code samples} batches of {@link #BATCH} pairs, after a discarded pass of the same loop so that the loop
     * itself (clock reads, histogram) is compiled too.
     */
    private static Histogram timedSamples(final Churn churn, final int samples)
    {
        final Histogram discarded = new Histogram(10_000_000, 3);
        timedSamples(churn, Math.max(10_000, samples / 4), discarded);
        final Histogram histogram = new Histogram(10_000_000, 3);
        timedSamples(churn, samples, histogram);
        return histogram;
    }

    private static void timedSamples(final Churn churn, final int samples, final Histogram histogram)
    {
        for (int i = 0; i < samples; i++)
        {
            final long t0 = System.nanoTime();
            churn.run(BATCH);
            final long t1 = System.nanoTime();
            histogram.recordValue(Math.min((t1 - t0) / BATCH, 10_000_000));
        }
    }

    private static double meanAllocFree(final int pairs, final long seed)
    {
        try (Churn churn = new Churn(AllocationStrategy.BEST_FIT, false, seed))
        {
            final long t0 = System.nanoTime();
            churn.run(pairs);
            final long t1 = System.nanoTime();
            return (t1 - t0) / (double)pairs;
        }
    }

    private static long heapBytesPerAllocFree(final int pairs, final long seed)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Churn churn = new Churn(AllocationStrategy.BEST_FIT, false, seed + 1))
        {
            final long thread = Thread.currentThread().threadId();
            final long before = threads.getThreadAllocatedBytes(thread);
            churn.run(pairs);
            final long after = threads.getThreadAllocatedBytes(thread);
            return Math.round((after - before) / (double)pairs);
        }
    }

    private static double sliceNanos(final int samples, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed + 2);
        try (BufferPool pool = BufferPool.create(latencyOptions()))
        {
            final long[] live = new long[LIVE];
            for (int i = 0; i < LIVE; i++)
            {
                live[i] = pool.allocate(uniformSize(random), 64);
            }
            long sink = 0;
            for (int i = 0; i < samples; i++)
            {
                sink += pool.slice(live[i & (LIVE - 1)], 64).address();
            }
            final long t0 = System.nanoTime();
            for (int i = 0; i < samples; i++)
            {
                sink += pool.slice(live[i & (LIVE - 1)], 64).address();
            }
            final long t1 = System.nanoTime();
            return 0 == sink ? -1 : (t1 - t0) / (double)samples;
        }
    }

    /**
     * Random allocations and frees on one segment held at 50% occupancy; then the largest free block over all free
     * bytes.
     *
     * @return the largest free block over the free bytes.
     */
    static double fragmentation(final AllocationStrategy strategy, final boolean log, final long ops,
        final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed + 3);
        final BufferPoolOptions options = BufferPoolOptions.defaults()
            .withSegmentSize(FRAGMENTATION_CAPACITY)
            .withMaxSegments(1)
            .withStrategy(strategy);
        try (BufferPool pool = BufferPool.create(options))
        {
            final long target = pool.totalBytes() / 2;
            long[] live = new long[1024];
            int count = 0;
            for (long op = 0; op < ops; op++)
            {
                if (pool.usedBytes() < target)
                {
                    final long ref = pool.tryAllocate(size(random, log), 64, AllocationFlags.NO_GROW);
                    if (BufferRef.NULL == ref)
                    {
                        continue;
                    }
                    if (count == live.length)
                    {
                        live = java.util.Arrays.copyOf(live, count * 2);
                    }
                    live[count++] = ref;
                }
                else
                {
                    final int victim = random.nextInt(count);
                    pool.free(live[victim]);
                    live[victim] = live[--count];
                }
            }
            return pool.largestFreeBlock() / (double)pool.freeBytes();
        }
    }

    private static Histogram[] arenaAllocate(final int samples, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Histogram allocate = new Histogram(1_000_000_000L, 3);
        final Histogram allocateFree = new Histogram(1_000_000_000L, 3);
        long sink = 0;
        for (int i = 0; i < samples + samples / 4; i++)
        {
            final long size = uniformSize(random);
            final long t0 = System.nanoTime();
            final Arena arena = Arena.ofShared();
            sink += arena.allocate(size, 64).address();
            final long t1 = System.nanoTime();
            arena.close();
            final long t2 = System.nanoTime();
            if (i >= samples / 4)
            {
                allocate.recordValue(Math.min(t1 - t0, 1_000_000_000L));
                allocateFree.recordValue(Math.min(t2 - t0, 1_000_000_000L));
            }
        }
        if (0 == sink)
        {
            throw new IllegalStateException("no arena allocations");
        }
        return new Histogram[]{allocate, allocateFree};
    }
}
