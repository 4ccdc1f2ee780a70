package io.ringwork.bench.file;

import io.ringwork.Ringwork;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.Rounds;

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
 * The target comparisons (Ringwork against fio io_uring at depth 32, cached and direct; the blocking API against
 * {@code FileChannel} and fio psync) run in alternating rounds ({@link Rounds}): their figures are medians of the
 * rounds, their ratios medians of the per-round ratios, since this VM's disk rate swings 2-3x within minutes.
 * <p>
 * Parameters: {@code dir} (where the file goes; not tmpfs, which refuses O_DIRECT), {@code size_mb},
 * {@code seconds} per measurement, {@code rounds} of the comparisons, {@code modes=cache} or {@code modes=direct}
 * for one half, {@code setups=true} to add the io_uring setup comparisons ({@code ringwork_coop},
 * {@code ringwork_sqpoll}, {@code ringwork_nofixed}, {@code ringwork_unhosted}), {@code only=ringwork} to run only
 * engines whose name starts so ({@code only=ringwork@32,fio_iouring@32}: engines at one depth).
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

    /** The target comparisons of the page-cache part, each measured in alternating rounds. */
    private static final List<Comparison> CACHE_COMPARISONS = List.of(
        new Comparison(List.of("ringwork@32", "ringwork_nowait@32", "fio_iouring@32"), List.of(
            new Comparison.Ratio("cache_qd32_vs_fio", "ringwork@32", "fio_iouring@32"),
            new Comparison.Ratio("nowait_cache_qd32_vs_fio", "ringwork_nowait@32", "fio_iouring@32"))),
        new Comparison(List.of("ringwork_sync@1", "filechannel@1", "fio_psync@1"), List.of(
            new Comparison.Ratio("cache_vs_psync", "ringwork_sync@1", "filechannel@1"),
            new Comparison.Ratio("cache_vs_fio_psync", "ringwork_sync@1", "fio_psync@1"))),
        new Comparison(List.of("ringwork_sync@32", "filechannel@32"), List.of(
            new Comparison.Ratio("sync_cache_qd32_vs_filechannel_vt", "ringwork_sync@32", "filechannel@32"))));
    /** The target comparison of the O_DIRECT part. */
    private static final List<Comparison> DIRECT_COMPARISONS = List.of(
        new Comparison(List.of("ringwork@32", "fio_iouring@32"), List.of(
            new Comparison.Ratio("direct_qd32_vs_fio", "ringwork@32", "fio_iouring@32"))));

    /**
     * Cases measured together in alternating rounds, named {@code engine@depth}, and the ratios taken among them.
     *
     * @param members the cases.
     * @param ratios  the ratios.
     */
    private record Comparison(List<String> members, List<Ratio> ratios)
    {
        /**
         * One ratio of two members.
         *
         * @param name        the ratio's name.
         * @param numerator   a member.
         * @param denominator another.
         */
        private record Ratio(String name, String numerator, String denominator)
        {
        }

        boolean has(final Case c)
        {
            return members.contains(key(c));
        }
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
            RingworkFileEngine.Variant.SQPOLL, RingworkFileEngine.Variant.NOFIXED, RingworkFileEngine.Variant.UNHOSTED))
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

        final String modes = options.params().getOrDefault("modes", "cache,direct");
        if (modes.contains("cache"))
        {
            measureCached(report, file, sizeBytes, durationNanos, options);
        }
        if (!modes.contains("direct"))
        {
            report.note("direct", "skipped: modes=" + modes);
        }
        else if (supportsDirect(file))
        {
            measure(report, file, sizeBytes, true, durationNanos, options);
        }
        else
        {
            report.note("direct", "skipped: the file system of " + dir + " refuses O_DIRECT (tmpfs?)");
        }
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
        for (final String depth : new String[] {"qd1", "qd32"})
        {
            report.ratioOf("direct_" + depth + "_hosted_vs_unhosted", "ringwork_direct_" + depth + "_iops",
                "ringwork_unhosted_direct_" + depth + "_iops");
            report.ratioOf("cache_" + depth + "_hosted_vs_unhosted", "ringwork_cache_" + depth + "_iops",
                "ringwork_unhosted_cache_" + depth + "_iops");
        }
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

    private void measureCached(final BenchReport report, final Path file, final long sizeBytes,
        final long durationNanos, final BenchOptions options) throws IOException
    {
        try (PageCacheResidency residency = PageCacheResidency.hold(file))
        {
            report.note("cache_residency_method", residency.method());
            report.note("cache_resident_before", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
            measure(report, file, sizeBytes, false, durationNanos, options);
            measureChains(report, file, sizeBytes, durationNanos, options);
            report.note("cache_resident_after", String.format(Locale.ROOT, "%.3f", residency.residentFraction()));
        }
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
        final List<Comparison> comparisons = direct ? DIRECT_COMPARISONS : CACHE_COMPARISONS;
        for (final Case c : run)
        {
            if (!selected(c, only) || comparisons.stream().anyMatch(g -> g.has(c)))
            {
                continue;
            }
            final ReadEngine.Job job = new ReadEngine.Job(file, size, BLOCK, c.depth(), direct, durationNanos);
            final String skipped = skipReason(c, job);
            if (null != skipped)
            {
                report.note(figure(c, mode), "skipped: " + skipped);
                continue;
            }
            try
            {
                report.figure(figure(c, mode), c.engine().run(job));
            }
            catch (final Exception ex)
            {
                report.note(figure(c, mode), "failed: " + ex);
            }
        }
        final int rounds = (int)options.longParam("rounds", options.quick() ? 2 : 3);
        for (final Comparison comparison : comparisons)
        {
            compare(report, comparison, run, only, mode, new ReadEngine.Job(file, size, BLOCK, 1, direct,
                durationNanos), rounds);
        }
    }

    /**
     * Measures the cases of a comparison in alternating rounds ({@link Rounds}); each figure is the median of its
     * rounds and each ratio the median of its per-round ratios, with the per-round ratios in a note.
     */
    private static void compare(final BenchReport report, final Comparison comparison, final List<Case> run,
        final String only, final String mode, final ReadEngine.Job template, final int rounds)
    {
        final List<Case> members = new ArrayList<>();
        for (final String key : comparison.members())
        {
            for (final Case c : run)
            {
                if (key.equals(key(c)) && selected(c, only))
                {
                    final String skipped = skipReason(c, job(template, c));
                    if (null == skipped)
                    {
                        members.add(c);
                    }
                    else
                    {
                        report.note(figure(c, mode), "skipped: " + skipped);
                    }
                }
            }
        }
        final Rounds samples = new Rounds(members.stream().map(c -> figure(c, mode)).toArray(String[]::new), rounds);
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < members.size(); k++)
            {
                final int m = samples.contenderAt(round, k);
                if (null != samples.failure(m))
                {
                    continue;
                }
                final Case c = members.get(m);
                try
                {
                    samples.record(m, round, c.engine().run(job(template, c)));
                }
                catch (final Exception ex)
                {
                    samples.fail(m, "failed: " + ex);
                }
            }
        }
        for (int m = 0; m < members.size(); m++)
        {
            if (null == samples.failure(m))
            {
                report.figure(samples.name(m), samples.median(m));
            }
            else
            {
                report.note(samples.name(m), samples.failure(m));
            }
        }
        for (final Comparison.Ratio ratio : comparison.ratios())
        {
            final int top = indexOf(members, ratio.numerator());
            final int bottom = indexOf(members, ratio.denominator());
            if (top >= 0 && bottom >= 0 && null == samples.failure(top) && null == samples.failure(bottom))
            {
                report.ratio(ratio.name(), samples.medianRatio(top, bottom));
                report.note(ratio.name() + "_per_round", samples.ratiosText(top, bottom) + " (median reported)");
            }
        }
    }

    private static int indexOf(final List<Case> members, final String key)
    {
        for (int i = 0; i < members.size(); i++)
        {
            if (key.equals(key(members.get(i))))
            {
                return i;
            }
        }
        return -1;
    }

    private static ReadEngine.Job job(final ReadEngine.Job template, final Case c)
    {
        return new ReadEngine.Job(template.file(), template.fileSize(), template.blockSize(), c.depth(),
            template.direct(), template.durationNanos());
    }

    private static String skipReason(final Case c, final ReadEngine.Job job)
    {
        final String unavailable = c.engine().unavailableBecause();
        return null != unavailable ? unavailable : c.engine().notApplicableBecause(job);
    }

    /** {@code only} selects the engines whose name starts with it, or cases by their keys ({@code ringwork@32,...}). */
    private static boolean selected(final Case c, final String only)
    {
        return only.contains("@") ? List.of(only.split(",")).contains(key(c)) : c.engine().name().startsWith(only);
    }

    private static String key(final Case c)
    {
        return c.engine().name() + "@" + c.depth();
    }

    private static String figure(final Case c, final String mode)
    {
        return c.engine().name() + "_" + mode + "_qd" + c.depth() + "_iops";
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
