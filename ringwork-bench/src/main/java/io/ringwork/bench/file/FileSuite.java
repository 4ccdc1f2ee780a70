package io.ringwork.bench.file;

import io.ringwork.Ringwork;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code ringwork bench file}: random 4 KiB reads from one file, from the page cache and with {@code O_DIRECT},
 * every engine on the same file in the same run. Figures are {@code <engine>_<cache|direct>_qd<N>_iops}.
 * <p>
 * Parameters: {@code dir} (where the file goes; not tmpfs, which refuses O_DIRECT), {@code size_mb},
 * {@code seconds} per measurement, {@code setups=true} to add the io_uring setup comparisons ({@code ringwork_coop},
 * {@code ringwork_sqpoll}, {@code ringwork_nofixed}), {@code only=ringwork} to run only engines whose name starts so.
 * The cached part also measures LINK chains of four reads, native link runs against step by step
 * ({@code ringwork_chain4_*_per_s}, {@code chain_native_vs_stepwise}; {@code only=ringwork_chain} runs just those).
 */
public final class FileSuite implements BenchSuite
{
    private static final int BLOCK = 4096;
    /** The chain benchmark's writes land in the first 64 MiB of a file of their own. */
    private static final long WRITE_SPAN = 64L << 20;
    /** Alternating rounds of the chain measurements. */
    private static final int CHAIN_ROUNDS = 4;

    /**
     * One engine at one depth.
     *
     * @param engine the engine.
     * @param depth  reads outstanding.
     */
    public record Case(ReadEngine engine, int depth)
    {
    }

    private final List<Case> cases;
    private final List<Case> setupCases;

    /**
     * The suite with the JDK and fio baselines, plus any extra engines (Ringwork's own).
     *
     * @param extra Ringwork's engines and depths.
     */
    public FileSuite(final List<Case> extra)
    {
        final List<Case> all = new ArrayList<>(extra);
        for (final RingworkFileEngine.Variant variant : List.of(RingworkFileEngine.Variant.IO_URING,
            RingworkFileEngine.Variant.NOWAIT, RingworkFileEngine.Variant.NIO))
        {
            all.add(new Case(new RingworkFileEngine(variant), 1));
            all.add(new Case(new RingworkFileEngine(variant), 32));
        }
        for (final boolean callerReads : new boolean[] {true, false})
        {
            all.add(new Case(new RingworkSyncEngine(callerReads), 1));
            all.add(new Case(new RingworkSyncEngine(callerReads), 32));
        }
        all.add(new Case(new FileChannelEngine(), 1));
        all.add(new Case(new FileChannelEngine(), 32));
        all.add(new Case(new AsyncFileChannelEngine(), 32));
        all.add(new Case(new FioEngine("psync"), 1));
        all.add(new Case(new FioEngine("io_uring"), 1));
        all.add(new Case(new FioEngine("io_uring"), 32));
        this.cases = List.copyOf(all);
        final List<Case> setups = new ArrayList<>();
        for (final RingworkFileEngine.Variant variant : List.of(RingworkFileEngine.Variant.COOP,
            RingworkFileEngine.Variant.SQPOLL, RingworkFileEngine.Variant.NOFIXED))
        {
            setups.add(new Case(new RingworkFileEngine(variant), 1));
            setups.add(new Case(new RingworkFileEngine(variant), 32));
        }
        this.setupCases = List.copyOf(setups);
    }

    @Override
    public String name()
    {
        return "file";
    }

    @Override
    public String description()
    {
        return "random 4 KiB reads, page cache and O_DIRECT: Ringwork vs FileChannel, AsynchronousFileChannel, fio";
    }

    @Override
    public BenchReport run(final BenchOptions options) throws Exception
    {
        final Path dir = Path.of(options.params().getOrDefault("dir", System.getProperty("java.io.tmpdir")));
        final long sizeBytes = options.longParam("size_mb", options.quick() ? 64 : 1024) << 20;
        final long seconds = options.longParam("seconds", options.quick() ? 1 : 3);
        final long durationNanos = seconds * 1_000_000_000L;
        final Path file = prepareFile(dir, sizeBytes);
        final BenchReport report = new BenchReport(name());
        report.note("file", file + " (" + (sizeBytes >> 20) + " MiB)");
        report.note("block_size", Integer.toString(BLOCK));
        report.note("seconds_per_measurement", Long.toString(seconds));

        try (PageCacheResidency residency = PageCacheResidency.hold(file))
        {
            report.note("cache_residency_method", residency.method());
            report.note("cache_resident_before", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
            measure(report, file, sizeBytes, false, durationNanos, options);
            measureChains(report, file, sizeBytes, durationNanos, options);
            report.note("cache_resident_after", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
        }
        if (supportsDirect(file))
        {
            measure(report, file, sizeBytes, true, durationNanos, options);
        }
        else
        {
            report.note("direct", "skipped: the file system of " + dir + " refuses O_DIRECT (tmpfs?)");
        }
        report.ratioOf("direct_qd32_vs_fio", "ringwork_direct_qd32_iops", "fio_iouring_direct_qd32_iops");
        report.ratioOf("cache_qd32_vs_fio", "ringwork_cache_qd32_iops", "fio_iouring_cache_qd32_iops");
        report.ratioOf("nowait_cache_qd32_vs_fio", "ringwork_nowait_cache_qd32_iops", "fio_iouring_cache_qd32_iops");
        report.ratioOf("cache_vs_psync", "ringwork_sync_cache_qd1_iops", "filechannel_cache_qd1_iops");
        report.ratioOf("cache_vs_fio_psync", "ringwork_sync_cache_qd1_iops", "fio_psync_cache_qd1_iops");
        report.ratioOf("sync_cache_qd32_vs_filechannel_vt", "ringwork_sync_cache_qd32_iops",
            "filechannel_cache_qd32_iops");
        report.ratioOf("sync_cache_qd1_caller_vs_ring", "ringwork_sync_cache_qd1_iops",
            "ringwork_sync_ring_cache_qd1_iops");
        report.ratioOf("nowait_ring_cache_vs_psync", "ringwork_nowait_cache_qd1_iops", "filechannel_cache_qd1_iops");
        report.ratioOf("cache_qd1_vs_psync", "ringwork_cache_qd1_iops", "filechannel_cache_qd1_iops");
        report.ratioOf("cache_qd32_vs_nio_backend", "ringwork_cache_qd32_iops", "ringwork_nio_cache_qd32_iops");
        report.ratioOf("cache_qd1_vs_nio_backend", "ringwork_cache_qd1_iops", "ringwork_nio_cache_qd1_iops");
        report.ratioOf("nowait_cache_qd1_vs_ring", "ringwork_nowait_cache_qd1_iops", "ringwork_cache_qd1_iops");
        report.ratioOf("nowait_cache_qd32_vs_ring", "ringwork_nowait_cache_qd32_iops", "ringwork_cache_qd32_iops");
        report.ratioOf("direct_qd32_vs_nio_backend", "ringwork_direct_qd32_iops", "ringwork_nio_direct_qd32_iops");
        report.ratioOf("direct_qd32_fixed_vs_plain", "ringwork_direct_qd32_iops", "ringwork_nofixed_direct_qd32_iops");
        report.ratioOf("direct_qd32_coop_vs_defer", "ringwork_coop_direct_qd32_iops", "ringwork_direct_qd32_iops");
        report.ratioOf("direct_qd32_sqpoll_vs_defer", "ringwork_sqpoll_direct_qd32_iops",
            "ringwork_direct_qd32_iops");
        for (final String depth : new String[] {"", "_qd8"})
        {
            final String prefix = depth.isEmpty() ? "chain" : "chain" + depth;
            report.ratioOf(prefix + "_native_vs_stepwise", "ringwork_chain4_native" + depth + "_per_s",
                "ringwork_chain4_stepwise" + depth + "_per_s");
            report.ratioOf(prefix + "_native_ring_vs_stepwise_ring", "ringwork_chain4_native_ring" + depth + "_per_s",
                "ringwork_chain4_stepwise_ring" + depth + "_per_s");
            report.ratioOf(prefix + "_write_native_vs_stepwise", "ringwork_chain4_write_native" + depth + "_per_s",
                "ringwork_chain4_write_stepwise" + depth + "_per_s");
        }
        return report;
    }

    /**
     * LINK chains of four cached 4 KiB reads at explicit offsets ({@link ChainEngine}), and of four writes: native
     * link runs against the same chains step by step, one chain outstanding and eight, in the same run and on the
     * same cached file. The variants alternate in {@link #CHAIN_ROUNDS} rounds (the order reversed every other round)
     * and each figure is the mean of its rounds, so a burst of load from other builds does not land on one variant.
     */
    private static void measureChains(final BenchReport report, final Path file, final long size,
        final long durationNanos, final BenchOptions options)
    {
        final String only = options.params().getOrDefault("only", "");
        final Optional<String> noIoUring = Ringwork.ioUringUnavailable();
        if (noIoUring.isPresent())
        {
            report.note("ringwork_chain4", "skipped: native chains need io_uring: " + noIoUring.get());
            return;
        }
        final ChainEngine.Variant[] variants = ChainEngine.Variant.values();
        if (figure(variants[0], 1).startsWith(only) || only.startsWith("ringwork_chain"))
        {
            // Not counted: the JVM's first runtime meets a cold JIT, which would land on the first variant.
            try
            {
                ChainEngine.run(ChainEngine.Variant.STEPWISE_RING, new ReadEngine.Job(file, size, BLOCK, 8, false,
                    durationNanos / CHAIN_ROUNDS));
            }
            catch (final RuntimeException ex)
            {
                report.note("chain_warmup", "failed: " + ex);
            }
        }
        for (final int depth : new int[] {1, 8})
        {
            final double[] sums = new double[variants.length];
            final String[] failures = new String[variants.length];
            for (int round = 0; round < CHAIN_ROUNDS; round++)
            {
                for (int k = 0; k < variants.length; k++)
                {
                    final int v = 0 == (round & 1) ? k : variants.length - 1 - k;
                    final ChainEngine.Variant variant = variants[v];
                    if (!figure(variant, depth).startsWith(only) || null != failures[v])
                    {
                        continue;
                    }
                    try
                    {
                        // Writes go to a file of their own: the read file stays as the harness holds it.
                        final boolean writes = variant.name().startsWith("WRITE");
                        final Path target = writes ? writeFile(file, size) : file;
                        sums[v] += ChainEngine.run(variant, new ReadEngine.Job(target,
                            writes ? Math.min(size, WRITE_SPAN) : size, BLOCK, depth, false,
                            durationNanos / CHAIN_ROUNDS));
                    }
                    catch (final RuntimeException ex)
                    {
                        failures[v] = "failed: " + ex;
                    }
                }
            }
            for (int v = 0; v < variants.length; v++)
            {
                final String figure = figure(variants[v], depth);
                if (null != failures[v])
                {
                    report.note(figure, failures[v]);
                }
                else if (figure.startsWith(only))
                {
                    report.figure(figure, sums[v] / CHAIN_ROUNDS);
                }
            }
        }
    }

    private static String figure(final ChainEngine.Variant variant, final int depth)
    {
        return variant.figure() + (1 == depth ? "" : "_qd" + depth) + "_per_s";
    }

    private void measure(final BenchReport report, final Path file, final long size, final boolean direct,
        final long durationNanos, final BenchOptions options)
    {
        final String mode = direct ? "direct" : "cache";
        final List<Case> run = new ArrayList<>(cases);
        if (Boolean.parseBoolean(options.params().getOrDefault("setups", "false")))
        {
            run.addAll(setupCases);
        }
        final String only = options.params().getOrDefault("only", "");
        for (final Case c : run)
        {
            if (!c.engine().name().startsWith(only))
            {
                continue;
            }
            final String figure = c.engine().name() + "_" + mode + "_qd" + c.depth() + "_iops";
            final ReadEngine.Job job = new ReadEngine.Job(file, size, BLOCK, c.depth(), direct, durationNanos);
            String skipped = c.engine().unavailableBecause();
            if (null == skipped)
            {
                skipped = c.engine().notApplicableBecause(job);
            }
            if (null != skipped)
            {
                report.note(figure, "skipped: " + skipped);
                continue;
            }
            try
            {
                report.figure(figure, c.engine().run(job));
            }
            catch (final Exception ex)
            {
                report.note(figure, "failed: " + ex);
            }
        }
    }

    private static Path writeFile(final Path file, final long size)
    {
        final Path target = file.resolveSibling("ringwork-bench-chain-writes.dat");
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            channel.truncate(Math.min(size, WRITE_SPAN));
            channel.write(ByteBuffer.allocate(1), Math.min(size, WRITE_SPAN) - 1);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        return target;
    }

    private static Path prepareFile(final Path dir, final long size) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve("ringwork-bench-" + (size >> 20) + "m.dat");
        if (Files.exists(file) && Files.size(file) == size)
        {
            return file;
        }
        final Path partial = dir.resolve(file.getFileName() + ".partial");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
            final SplittableRandom random = new SplittableRandom(42);
            for (long written = 0; written < size; written += chunk.capacity())
            {
                chunk.clear();
                while (chunk.remaining() >= Long.BYTES)
                {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                while (chunk.hasRemaining())
                {
                    channel.write(chunk);
                }
            }
            channel.force(true);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static boolean supportsDirect(final Path file)
    {
        try (FileChannel channel = FileChannelEngine.open(new ReadEngine.Job(file, BLOCK, BLOCK, 1, true, 0)))
        {
            channel.read(FileChannelEngine.alignedBuffer(BLOCK), 0);
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }
}
