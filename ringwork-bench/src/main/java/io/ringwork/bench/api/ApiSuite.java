package io.ringwork.bench.api;

import io.ringwork.AsyncIo;
import io.ringwork.CqeHandler;
import io.ringwork.Ring;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.SqeWriter;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.Rounds;
import io.ringwork.bench.file.PageCacheResidency;
import io.ringwork.buffer.BufferPool;
import io.ringwork.nio.RingAsynchronousFileChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ringwork bench api}: the API people use, against the JDK's in the same run, on random 4 KiB reads of one
 * file held in the page cache.
 * <ul>
 *   <li>{@code vt_sync_read_cache_ops_per_s}: 32 virtual threads on {@link SyncIo} through one reactor, reading into
 *   pool buffers, against {@code filechannel_vt_cache_ops_per_s}: 32 virtual threads on {@code FileChannel.read}.</li>
 *   <li>{@code afc_adapter_qd32_ops_per_s}: {@link RingAsynchronousFileChannel} with 32 reads outstanding, each
 *   completion issuing the next, against {@code jdk_afc_qd32_ops_per_s}, the JDK's AsynchronousFileChannel.</li>
 *   <li>{@code future_overhead_ns}: what a {@code CompletableFuture} per operation adds to the raw path (NOPs in
 *   batches of 32 from one thread: futures through the reactor's thread vs the caller-driven reactor's
 *   allocation-free {@code submitRaw}).</li>
 *   <li>{@code future_nop_4_submitters_ops_per_s} against {@code future_nop_1_submitters_ops_per_s}: the MPSC
 *   hand-off with four submitting threads against one.</li>
 * </ul>
 * The four file contenders run in alternating rounds (one warm-up, then {@code rounds}), each figure the median of its
 * rounds; the notes give each round's ratios. Parameters: {@code dir}, {@code size_mb}, {@code seconds} per
 * measurement, {@code threads}, {@code rounds}.
 */
public final class ApiSuite implements BenchSuite
{
    private static final int BLOCK = 4096;
    private static final int BATCH = 32;

    @Override
    public String name()
    {
        return "api";
    }

    @Override
    public String description()
    {
        return "sync calls on virtual threads vs FileChannel, the AsynchronousFileChannel adapter vs the JDK's, " +
            "future overhead";
    }

    @Override
    public BenchReport run(final BenchOptions options) throws Exception
    {
        final Path dir = Path.of(options.params().getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        final long size = options.longParam("size_mb", options.quick() ? 32 : 256) << 20;
        final long nanos = (long)(Double.parseDouble(options.params().getOrDefault("seconds",
            options.quick() ? "0.5" : "2")) * 1e9);
        final int threads = (int)options.longParam("threads", 32);
        final Path file = prepare(dir, size);
        final BenchReport report = new BenchReport(name());
        report.note("file", file + " (" + (size >> 20) + " MiB)");
        report.note("threads_and_depth", Integer.toString(threads));
        try (PageCacheResidency residency = PageCacheResidency.hold(file);
            Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            report.note("file_backend", runtime.fileBackend());
            report.note("cache_residency_method", residency.method());
            report.note("cache_resident_before", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
            // One warm-up round, then alternating rounds: this VM's speed swings by up to 3x over seconds, so each
            // contender and its baseline are measured back to back, and the figures are medians over the rounds.
            final int rounds = (int)options.longParam("rounds", options.quick() ? 2 : 5);
            final double[][] samples = new double[4][rounds];
            for (int round = -1; round < rounds; round++)
            {
                final double[] now = {
                    fileChannelOnVirtualThreads(file, size, threads, nanos),
                    syncOnVirtualThreads(reactor, file, size, threads, nanos),
                    asyncChannel(AsynchronousFileChannel.open(file, StandardOpenOption.READ), size, threads, nanos),
                    asyncChannel(RingAsynchronousFileChannel.open(reactor, "file:" + file,
                        Set.of(StandardOpenOption.READ), null), size, threads, nanos)};
                for (int i = 0; round >= 0 && i < now.length; i++)
                {
                    samples[i][round] = now[i];
                }
            }
            report.figure("filechannel_vt_cache_ops_per_s", Rounds.median(samples[0]));
            report.figure("vt_sync_read_cache_ops_per_s", Rounds.median(samples[1]));
            report.figure("jdk_afc_qd32_ops_per_s", Rounds.median(samples[2]));
            report.figure("afc_adapter_qd32_ops_per_s", Rounds.median(samples[3]));
            report.note("rounds", Integer.toString(rounds));
            report.note("vt_sync_vs_filechannel_vt_per_round", Rounds.ratiosText(samples[1], samples[0]));
            report.note("afc_adapter_vs_jdk_afc_per_round", Rounds.ratiosText(samples[3], samples[2]));
            report.note("cache_resident_after", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
            futureOverhead(report, runtime, nanos);
            concurrentSubmitters(report, runtime, nanos);
        }
        report.ratioOf("vt_sync_vs_filechannel_vt", "vt_sync_read_cache_ops_per_s", "filechannel_vt_cache_ops_per_s");
        report.ratioOf("afc_adapter_vs_jdk_afc", "afc_adapter_qd32_ops_per_s", "jdk_afc_qd32_ops_per_s");
        return report;
    }

    private static Path prepare(final Path dir, final long size) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve("ringwork-bench-api-" + (size >> 20) + "m.dat");
        if (Files.exists(file) && Files.size(file) == size)
        {
            return file;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
            final SplittableRandom random = new SplittableRandom(7);
            for (long written = 0; written < size; written += chunk.capacity())
            {
                chunk.clear();
                while (chunk.remaining() >= Long.BYTES)
                {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                channel.write(chunk, written);
            }
        }
        return file;
    }

    /**
     * Runs {@code threads} virtual threads doing {@code body} until the time is up.
     *
     * @return operations per second.
     */
    private static double onVirtualThreads(final int threads, final long nanos, final ReadLoop body)
        throws InterruptedException
    {
        final LongAdder done = new LongAdder();
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch started = new CountDownLatch(threads);
        final long start;
        final long before;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor())
        {
            for (int t = 0; t < threads; t++)
            {
                final long seed = t;
                executor.submit(() ->
                {
                    started.countDown();
                    body.run(new SplittableRandom(seed), stop, done);
                    return null;
                });
            }
            started.await();
            start = System.nanoTime();
            // Reads done before the last thread started are not in the window: with FileChannel the last of 32
            // virtual threads sometimes starts seconds after the first, and counting those reads doubled its rate.
            before = done.sum();
            Thread.sleep(nanos / 1_000_000, (int)(nanos % 1_000_000));
            stop.set(true);
        }
        return (done.sum() - before) * 1e9 / (System.nanoTime() - start);
    }

    /**
     * One virtual thread's reads until {@code stop}.
     */
    @FunctionalInterface
    private interface ReadLoop
    {
        void run(SplittableRandom random, AtomicBoolean stop, LongAdder done) throws IOException;
    }

    private static long offset(final SplittableRandom random, final long size)
    {
        return random.nextLong(size / BLOCK) * BLOCK;
    }

    private static double fileChannelOnVirtualThreads(final Path file, final long size, final int threads,
        final long nanos) throws Exception
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            return onVirtualThreads(threads, nanos, (random, stop, done) ->
            {
                final ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
                while (!stop.get())
                {
                    dst.clear();
                    channel.read(dst, offset(random, size));
                    done.increment();
                }
            });
        }
    }

    private static double syncOnVirtualThreads(final RingReactor reactor, final Path file, final long size,
        final int threads, final long nanos) throws Exception
    {
        final SyncIo io = reactor.sync();
        final BufferPool pool = reactor.io().pool();
        final long handle = io.open("file:" + file, VerbFlags.OPEN_READ);
        try
        {
            return onVirtualThreads(threads, nanos, (random, stop, done) ->
            {
                final long buffer = pool.allocate(BLOCK, BLOCK);
                try
                {
                    while (!stop.get())
                    {
                        io.read(handle, buffer, BLOCK, offset(random, size));
                        done.increment();
                    }
                }
                finally
                {
                    pool.free(buffer);
                }
            });
        }
        finally
        {
            io.close(handle);
        }
    }

    /**
     * {@code depth} reads outstanding on an asynchronous channel, each completion issuing the next.
     */
    private static double asyncChannel(final AsynchronousFileChannel channel, final long size, final int depth,
        final long nanos) throws Exception
    {
        try (channel)
        {
            final LongAdder done = new LongAdder();
            final AtomicBoolean stop = new AtomicBoolean();
            final CountDownLatch finished = new CountDownLatch(depth);
            final long start = System.nanoTime();
            for (int i = 0; i < depth; i++)
            {
                final ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
                final SplittableRandom random = new SplittableRandom(i);
                channel.read(dst, offset(random, size), null, new CompletionHandler<Integer, Object>()
                {
                    @Override
                    public void completed(final Integer count, final Object attachment)
                    {
                        done.increment();
                        if (stop.get())
                        {
                            finished.countDown();
                            return;
                        }
                        dst.clear();
                        channel.read(dst, offset(random, size), null, this);
                    }

                    @Override
                    public void failed(final Throwable failure, final Object attachment)
                    {
                        finished.countDown();
                    }
                });
            }
            Thread.sleep(nanos / 1_000_000, (int)(nanos % 1_000_000));
            stop.set(true);
            final long elapsed = System.nanoTime() - start;
            finished.await();
            return done.sum() * 1e9 / elapsed;
        }
    }

    /**
     * NOPs in batches of 32 from one thread: through futures (the reactor on its own thread) and through the
     * caller-driven reactor's raw path, each on a ring of its own of the same runtime.
     */
    private static void futureOverhead(final BenchReport report, final Ringwork runtime, final long nanos)
    {
        double futureNs = 0;
        double rawNs = 0;
        try (RingReactor reactor = RingReactor.start(runtime);
            Ring ring = runtime.open())
        {
            final RingReactor owned = RingReactor.create(ring, runtime.pool());
            for (int round = 0; round < 2; round++)
            {
                futureNs = futureNopNanos(reactor.io(), nanos);
                rawNs = rawNopNanos(owned, nanos);
            }
            owned.close();
        }
        report.figure("future_nop_ns", futureNs);
        report.figure("raw_nop_ns", rawNs);
        report.figure("future_overhead_ns", Math.max(0, futureNs - rawNs));
    }

    /**
     * Submission from several threads at once through one reactor (the MPSC hand-off), against one thread: NOP
     * futures in batches of 32 per thread.
     */
    private static void concurrentSubmitters(final BenchReport report, final Ringwork runtime, final long nanos)
        throws InterruptedException
    {
        try (RingReactor reactor = RingReactor.start(runtime))
        {
            for (final int threads : new int[] {1, 4})
            {
                final LongAdder ops = new LongAdder();
                final AtomicBoolean stop = new AtomicBoolean();
                final List<Thread> submitters = new ArrayList<>();
                for (int t = 0; t < threads; t++)
                {
                    submitters.add(Thread.ofPlatform().start(() ->
                    {
                        final List<CompletableFuture<Long>> batch = new ArrayList<>(BATCH);
                        while (!stop.get())
                        {
                            batch.clear();
                            for (int i = 0; i < BATCH; i++)
                            {
                                batch.add(reactor.io().nop());
                            }
                            batch.forEach(CompletableFuture::join);
                            ops.add(BATCH);
                        }
                    }));
                }
                final long start = System.nanoTime();
                Thread.sleep(nanos / 1_000_000, (int)(nanos % 1_000_000));
                stop.set(true);
                for (final Thread submitter : submitters)
                {
                    submitter.join();
                }
                report.figure("future_nop_" + threads + "_submitters_ops_per_s",
                    ops.sum() * 1e9 / (System.nanoTime() - start));
            }
        }
        report.ratioOf("four_submitters_vs_one", "future_nop_4_submitters_ops_per_s",
            "future_nop_1_submitters_ops_per_s");
    }

    private static double futureNopNanos(final AsyncIo io, final long nanos)
    {
        final List<CompletableFuture<Long>> batch = new ArrayList<>(BATCH);
        long ops = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() - start < nanos)
        {
            batch.clear();
            for (int i = 0; i < BATCH; i++)
            {
                batch.add(io.nop());
            }
            for (final CompletableFuture<Long> future : batch)
            {
                future.join();
            }
            ops += BATCH;
        }
        return (System.nanoTime() - start) / (double)ops;
    }

    private static double rawNopNanos(final RingReactor reactor, final long nanos)
    {
        final long[] completed = new long[1];
        final CqeHandler handler = cqe -> completed[0]++;
        final SqeWriter nop = sqe -> sqe.prepNop();
        final AsyncIo io = reactor.io();
        long ops = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() - start < nanos)
        {
            final long target = completed[0] + BATCH;
            int submitted = 0;
            while (submitted < BATCH && io.submitRaw(nop, handler))
            {
                submitted++;
            }
            while (completed[0] < target)
            {
                reactor.poll(1_000_000L);
            }
            ops += BATCH;
        }
        return (System.nanoTime() - start) / (double)ops;
    }
}
