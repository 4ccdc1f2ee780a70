package io.ringwork.bench.ring;

import io.ringwork.Ring;
import io.ringwork.RingCounters;
import io.ringwork.RingOptions;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.PeerJvm;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ringwork bench ring}: a ring between this JVM and a second one over a /dev/shm file, against a pair of
 * Agrona {@code OneToOneRingBuffer}s in another /dev/shm file mapped by the same two JVMs, in one run.
 * <p>
 * Figures: round trip percentiles with both sides spinning ({@code rtt_*} for Ringwork, {@code agrona_rtt_*}),
 * Ringwork entries per second moved SQ to CQ and back with batched submit and reap ({@code ops_per_s}), and Agrona
 * one-way messages per second ({@code agrona_msgs_per_s}). Ratios are ours over Agrona's. After a warm-up round the
 * suite runs several rounds, each measuring both contenders back to back, Ringwork first in even rounds and Agrona
 * first in odd ones, so that noise from the machine falls on both.
 * <p>
 * Parameters: {@code dir} (where the files go, default /dev/shm), {@code rounds}, {@code rtt_ms} and
 * {@code throughput_ms} (length of one measurement), {@code warmup_ms} (length of each warm-up measurement),
 * {@code batch} (entries per submit),
 * {@code agrona_capacity} (bytes of each Agrona ring).
 */
public final class RingSuite implements BenchSuite
{
    private static final long MILLI = 1_000_000L;
    private static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    @Override
    public String name()
    {
        return "ring";
    }

    @Override
    public String description()
    {
        return "round trips and throughput between two JVMs over a /dev/shm ring vs Agrona's OneToOneRingBuffer";
    }

    @Override
    public BenchReport run(final BenchOptions options) throws Exception
    {
        final Path dir = Path.of(options.params().getOrDefault("dir", defaultDirectory()));
        final Plan plan = Plan.of(options);
        final int capacity = plan.agronaCapacity();
        final RingOptions ringOptions = RingOptions.defaults().spinning();

        final String stem = "ringwork-bench-ring-" + ProcessHandle.current().pid();
        final Path ringFile = dir.resolve(stem + ".ring");
        final Path agronaFile = dir.resolve(stem + ".agrona");
        final MappedByteBuffer mapped = IoUtil.mapNewFile(agronaFile.toFile(), PeerLayout.fileLength(capacity), true);
        try (Ring ring = Ring.createShared(ringFile, ringOptions))
        {
            final UnsafeBuffer file = new UnsafeBuffer(mapped);
            final UnsafeBuffer control = new UnsafeBuffer(file, 0, PeerLayout.REQUEST_RING_OFFSET);
            final OneToOneRingBuffer requests = new OneToOneRingBuffer(
                new UnsafeBuffer(file, PeerLayout.REQUEST_RING_OFFSET, PeerLayout.ringLength(capacity)));
            final OneToOneRingBuffer responses = new OneToOneRingBuffer(
                new UnsafeBuffer(file, PeerLayout.responseRingOffset(capacity), PeerLayout.ringLength(capacity)));
            final Contender ours = new RingworkContender(ring, plan.batch());
            final Contender agrona = new AgronaContender(requests, responses, plan.batch());
            try (PeerProcess peer = PeerProcess.start(ringFile, agronaFile, capacity, control))
            {
                final Results ourResults = new Results();
                final Results agronaResults = new Results();
                runRound(List.of(ours, agrona), peer, plan.warmUpNanos(), plan.warmUpNanos(), new Results(),
                    new Results());
                for (int round = 0; round < plan.rounds(); round++)
                {
                    final boolean oursFirst = 0 == (round & 1);
                    runRound(oursFirst ? List.of(ours, agrona) : List.of(agrona, ours), peer, plan.rttNanos(),
                        plan.throughputNanos(), oursFirst ? ourResults : agronaResults,
                        oursFirst ? agronaResults : ourResults);
                }
                peer.switchTo(PeerLayout.IDLE);
                return report(ourResults, agronaResults, ours, agrona, peer, ring, ringOptions, plan);
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
            Files.deleteIfExists(agronaFile);
        }
    }

    private static void runRound(final List<Contender> order, final PeerProcess peer, final long rttNanos,
        final long throughputNanos, final Results first, final Results second)
    {
        for (int i = 0; i < order.size(); i++)
        {
            final Contender contender = order.get(i);
            peer.switchTo(contender.roundTripCommand());
            contender.roundTrips((0 == i ? first : second).rtt, rttNanos);
        }
        for (int i = 0; i < order.size(); i++)
        {
            final Contender contender = order.get(i);
            final Results results = 0 == i ? first : second;
            peer.switchTo(contender.throughputCommand());
            results.throughput = results.throughput.plus(contender.throughput(throughputNanos, peer));
        }
        peer.checkAlive();
    }

    private BenchReport report(final Results ourResults, final Results agronaResults, final Contender ours,
        final Contender agrona, final PeerProcess peer, final Ring ring, final RingOptions ringOptions,
        final Plan plan)
    {
        final long wrong = ours.wrongAnswers() + agrona.wrongAnswers();
        if (0 != wrong)
        {
            throw new IllegalStateException("wrong answers: ringwork=" + ours.wrongAnswers() + " agrona=" +
                agrona.wrongAnswers());
        }
        final BenchReport report = new BenchReport(name());
        final Histogram rtt = ourResults.rtt;
        final Histogram agronaRtt = agronaResults.rtt;
        report.figure("rtt_min_ns", rtt.getMinValue())
            .figure("rtt_p50_ns", rtt.getValueAtPercentile(50))
            .figure("rtt_p90_ns", rtt.getValueAtPercentile(90))
            .figure("rtt_p99_ns", rtt.getValueAtPercentile(99))
            .figure("rtt_p999_ns", rtt.getValueAtPercentile(99.9))
            .figure("rtt_mean_ns", Math.rint(rtt.getMean()))
            .figure("rtt_samples", rtt.getTotalCount())
            .figure("agrona_rtt_min_ns", agronaRtt.getMinValue())
            .figure("agrona_rtt_p50_ns", agronaRtt.getValueAtPercentile(50))
            .figure("agrona_rtt_p90_ns", agronaRtt.getValueAtPercentile(90))
            .figure("agrona_rtt_p99_ns", agronaRtt.getValueAtPercentile(99))
            .figure("agrona_rtt_p999_ns", agronaRtt.getValueAtPercentile(99.9))
            .figure("agrona_rtt_mean_ns", Math.rint(agronaRtt.getMean()))
            .figure("agrona_rtt_samples", agronaRtt.getTotalCount())
            .figure("ops_per_s", Math.rint(ourResults.throughput.perSecond()))
            .figure("agrona_msgs_per_s", Math.rint(agronaResults.throughput.perSecond()));
        report.ratioOf("rtt_p50_vs_agrona", "rtt_p50_ns", "agrona_rtt_p50_ns")
            .ratioOf("rtt_p99_vs_agrona", "rtt_p99_ns", "agrona_rtt_p99_ns")
            .ratioOf("rtt_p999_vs_agrona", "rtt_p999_ns", "agrona_rtt_p999_ns")
            .ratioOf("throughput_vs_agrona", "ops_per_s", "agrona_msgs_per_s");
        report.note("processes", "this JVM (pid " + ProcessHandle.current().pid() + ") is the client of both; " +
            "peer JVM pid " + peer.pid() + " serves both, one at a time, busy-spinning; " +
            String.join(" ", PeerJvm.JVM_OPTIONS))
            .note("pinning", "none; " + Runtime.getRuntime().availableProcessors() + " CPUs visible")
            .note("ringwork", "ring " + ring.path().map(Path::toString).orElse("?") + ", " + ringOptions.sqEntries() +
                " SQ x 64 B / " + ringOptions.cqEntries() + " CQ x 32 B, both ends busy-spin; " +
                "round trip = getSqe+prep+submit, awaitCqes, peekCqe+check+advanceCq; " +
                "throughput = SQEs submitted up to " + plan.batch() + " per submit, all ready CQEs reaped, " +
                "one op each")
            .note("agrona", "OneToOneRingBuffer x 2 of " + plan.agronaCapacity() + " B in a /dev/shm file, " +
                "tryClaim/commit, bounds checks on (Agrona's default); " +
                "round trip = 64 B request out, 32 B response back, spinning on read; " +
                "throughput = 64 B messages one way, peer only counts")
            .note("schedule", "1 warm-up round of " + plan.warmUpNanos() / MILLI + " ms per measurement, then " +
                plan.rounds() + " measured round(s) of " + plan.rttNanos() / MILLI + " ms round trips and " +
                plan.throughputNanos() / MILLI + " ms throughput per contender, order alternating each round")
            .note("ring_counters", counters(ring.counters()))
            .note("wrong_answers", "0");
        return report;
    }

    private static String counters(final RingCounters c)
    {
        return "submitted=" + c.submitted() + " completed=" + c.completed() + " sleeps(client/server)=" +
            c.clientSleeps() + "/" + c.serverSleeps() + " wake-ups(client/server)=" + c.clientWakeups() + "/" +
            c.serverWakeups() + " sq-full=" + c.sqFullEvents() + " cq-full=" + c.cqFullEvents();
    }

    private static String defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : System.getProperty("java.io.tmpdir");
    }

    /**
     * How long and how much to measure.
     *
     * @param rounds          measured rounds after the warm-up round.
     * @param warmUpNanos     each measurement of the warm-up round.
     * @param rttNanos        each round trip measurement.
     * @param throughputNanos each throughput measurement.
     * @param batch           entries per submit (Ringwork), per look at the clock (Agrona).
     * @param agronaCapacity  bytes of each Agrona ring.
     */
    private record Plan(int rounds, long warmUpNanos, long rttNanos, long throughputNanos, int batch,
        int agronaCapacity)
    {
        static Plan of(final BenchOptions options)
        {
            final boolean quick = options.quick();
            return new Plan(
                (int)options.longParam("rounds", quick ? 1 : 5),
                options.longParam("warmup_ms", quick ? 200 : 1_000) * MILLI,
                options.longParam("rtt_ms", quick ? 200 : 2_000) * MILLI,
                options.longParam("throughput_ms", quick ? 200 : 1_000) * MILLI,
                (int)options.longParam("batch", 64),
                (int)options.longParam("agrona_capacity", 32 * 1024));
        }
    }

    /**
     * What one contender accumulated over the rounds.
     */
    private static final class Results
    {
        private final Histogram rtt = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private Contender.Throughput throughput = new Contender.Throughput(0, 0);
    }
}
