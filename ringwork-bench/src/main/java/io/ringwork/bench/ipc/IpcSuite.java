package io.ringwork.bench.ipc;

import io.ringwork.Ring;
import io.ringwork.RingCounters;
import io.ringwork.RingOptions;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.PeerJvm;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ringwork bench ipc}: NOP round trips between two JVMs through a scheme one publishes
 * ({@link io.ringwork.SchemeServer}) and the other connects to ({@link SchemeConnection}), with the server spinning
 * and with the server asleep on its futex before each request, against Agrona's {@code OneToOneRingBuffer}
 * ping-pong, a UNIX domain socket request/response and a bare futex ping-pong (the floor of any sleeping server
 * here), all in one run with the same peer JVM; plus batched NOPs per second and the CPU an idle sleeping server
 * uses.
 * <p>
 * The client always spins on its CQ. Spaced figures ({@code sleeping_rtt_*}, {@code uds_rtt_*},
 * {@code futex_floor_rtt_*}) leave at least {@code gap_us} between an answer and the next request, spinning, so the
 * server is asleep when each request comes. Each round measures every contender, with the order of Ringwork and its
 * baseline alternating from round to round, so that noise from the machine falls on both.
 * <p>
 * Parameters: {@code dir} (parent of the private directory, default /dev/shm), {@code rounds}, {@code warmup_ms},
 * {@code rtt_ms}, {@code throughput_ms}, {@code batch}, {@code spaced} (spaced round trips per contender and round),
 * {@code gap_us}, {@code idle_ms}, {@code server} (the sleeping server's mode, as {@link IpcBenchPeer} takes it),
 * {@code variants} (more such modes, comma-separated, measured alike as {@code variantN_sleeping_rtt_*}).
 */
public final class IpcSuite implements BenchSuite
{
    private static final long MILLI = 1_000_000L;
    private static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;
    private static final RingOptions CLIENT_OPTIONS = RingOptions.defaults().spinning();
    /** The name the peer publishes its scheme under, in the run's private directory. */
    private static final String SCHEME = "bench";
    /** The peer's server mode in which a reactor's thread serves the scheme ({@link io.ringwork.RingReactor}). */
    private static final String REACTOR = "reactor";

    @Override
    public String name()
    {
        return "ipc";
    }

    @Override
    public String description()
    {
        return "request/response between two JVMs, server spinning or asleep, vs Agrona, a UNIX socket, a bare futex";
    }

    @Override
    public BenchReport run(final BenchOptions options) throws Exception
    {
        final Plan plan = Plan.of(options);
        final Path parent = Path.of(options.params().getOrDefault("dir", defaultDirectory()));
        final Path dir = Files.createTempDirectory(parent, "ringwork-bench-ipc-");
        try (Arena arena = Arena.ofShared(); IpcPeerProcess peer = IpcPeerProcess.start())
        {
            final Path agronaFile = dir.resolve("agrona");
            final Path futexFile = dir.resolve("futex");
            final AgronaPingPong agrona = new AgronaPingPong(
                new UnsafeBuffer(createMapped(agronaFile, AgronaPingPong.fileLength(), arena).address(),
                    AgronaPingPong.fileLength()));
            final FutexPingPong futex = new FutexPingPong(
                createMapped(futexFile, FutexPingPong.FILE_LENGTH, arena), arena);
            final Session session = new Session(plan, peer, dir, agrona, futex, agronaFile, futexFile);
            session.round(plan.warmUp(), new Results(), new Results(), true);
            final Results ours = new Results();
            final Results baseline = new Results();
            for (int round = 0; round < plan.rounds(); round++)
            {
                session.round(plan, ours, baseline, 0 == (round & 1));
            }
            final double idleCpuPct = session.idleServerCpuPct();
            return report(plan, session, ours, baseline, idleCpuPct, peer);
        }
        finally
        {
            deleteTree(dir);
        }
    }

    private BenchReport report(final Plan plan, final Session session, final Results ours, final Results baseline,
        final double idleCpuPct, final IpcPeerProcess peer)
    {
        if (0 != session.wrongAnswers())
        {
            throw new IllegalStateException("wrong answers: " + session.wrongAnswers());
        }
        final BenchReport report = new BenchReport(name());
        percentiles(report, "rtt", ours.rtt);
        percentiles(report, "sleeping_rtt", ours.spaced);
        report.figure("ops_per_s", Math.rint(ours.opsPerSecond()));
        report.figure("idle_server_cpu_pct", idleCpuPct);
        percentiles(report, "agrona_rtt", baseline.rtt);
        percentiles(report, "uds_rtt", baseline.spaced);
        percentiles(report, "futex_floor_rtt", baseline.floor);
        percentiles(report, "agent_rtt", ours.agentRtt);
        percentiles(report, "reactor_rtt", ours.reactorRtt);
        percentiles(report, "reactor_sleeping_rtt", ours.reactorSpaced);
        for (int v = 0; v < plan.variants().size(); v++)
        {
            percentiles(report, "variant" + v + "_sleeping_rtt", ours.variant(v));
            report.note("variant" + v, "sleeping_rtt with the server in mode '" + plan.variants().get(v) + "'");
        }
        report.ratioOf("rtt_p50_vs_agrona", "rtt_p50_ns", "agrona_rtt_p50_ns")
            .ratioOf("rtt_p99_vs_agrona", "rtt_p99_ns", "agrona_rtt_p99_ns")
            .ratioOf("rtt_p999_vs_agrona", "rtt_p999_ns", "agrona_rtt_p999_ns")
            .ratioOf("sleeping_rtt_vs_uds", "sleeping_rtt_p50_ns", "uds_rtt_p50_ns")
            .ratioOf("sleeping_rtt_vs_futex_floor", "sleeping_rtt_p50_ns", "futex_floor_rtt_p50_ns")
            .ratioOf("reactor_rtt_vs_agent", "reactor_rtt_p50_ns", "agent_rtt_p50_ns")
            .ratioOf("reactor_sleeping_rtt_vs_agent", "reactor_sleeping_rtt_p50_ns", "sleeping_rtt_p50_ns");
        report.note("processes", "this JVM (pid " + ProcessHandle.current().pid() + ") is the client of all; " +
            "peer JVM pid " + peer.pid() + " serves one contender at a time; " +
            String.join(" ", PeerJvm.JVM_OPTIONS))
            .note("pinning", "none; " + Runtime.getRuntime().availableProcessors() + " CPUs visible")
            .note("ringwork", "a scheme the peer publishes with SchemeServer (1 agent thread) in a private " +
                "/dev/shm directory; this JVM connects with SchemeConnection (" + CLIENT_OPTIONS.sqEntries() +
                " SQ / " + CLIENT_OPTIONS.cqEntries() + " CQ) and sends NOPs, which the server's dispatcher " +
                "answers; the client spins on its CQ; rtt = server SchemeServerOptions.spinning(); sleeping_rtt = " +
                "server waiting '" + plan.sleepingServer() + "', asleep on its futex before each request; " +
                "ops_per_s = up to " + plan.batch() + " NOPs per submit, every ready CQE reaped")
            .note("reactor", "agent_rtt = back-to-back round trips with the server waiting '" + plan.sleepingServer() +
                "' (1 agent thread); reactor_rtt = the same with no server thread: the peer's RingReactor (over a " +
                "ring of its own runtime) serves the scheme on its thread (RingReactor.publish), spinning 20 us " +
                "after its last work and then sleeping in one futex_waitv; " +
                "reactor_sleeping_rtt = spaced like sleeping_rtt; the reactor slept " + session.reactorSleeps +
                " times in its spaced rounds")
            .note("spinning_server", "ring counters after the last round's round trips: " + session.spinningCounters)
            .note("sleeping_server", session.sleepingCounters())
            .note("agrona", "OneToOneRingBuffer x 2 of " + AgronaPingPong.CAPACITY + " B in a /dev/shm file, 64 B " +
                "request, 32 B response, both sides spinning")
            .note("uds", "UNIX domain stream socket, blocking java.nio SocketChannel both sides, " +
                UdsPingPong.MESSAGE_LENGTH + " B each way, spaced like sleeping_rtt")
            .note("futex_floor", "bare FFM futex: the client bumps a word, wakes the server unconditionally and " +
                "spins on a response word; the server sleeps as soon as it has answered; spaced like sleeping_rtt")
            .note("idle", "sleeping server with a client attached and no traffic for " + plan.idleNanos() / MILLI +
                " ms; CPU of the whole peer process from /proc (10 ms ticks), percent of one CPU")
            .note("schedule", "1 warm-up round, then " + plan.rounds() + " round(s): " + plan.rttNanos() / MILLI +
                " ms of round trips per spinning contender, " + plan.throughputNanos() / MILLI + " ms batched, " +
                plan.spaced() + " spaced round trips per sleeping contender, " + plan.gapNanos() / 1_000 +
                " us apart; order alternating each round")
            .note("wrong_answers", "0");
        return report;
    }

    private static String counters(final RingCounters c)
    {
        return "submitted=" + c.submitted() + " completed=" + c.completed() + " sleeps(client/server)=" +
            c.clientSleeps() + "/" + c.serverSleeps() + " wake-ups(client/server)=" + c.clientWakeups() + "/" +
            c.serverWakeups();
    }

    private static void percentiles(final BenchReport report, final String prefix, final Histogram h)
    {
        report.figure(prefix + "_p50_ns", h.getValueAtPercentile(50))
            .figure(prefix + "_p99_ns", h.getValueAtPercentile(99))
            .figure(prefix + "_p999_ns", h.getValueAtPercentile(99.9))
            .figure(prefix + "_samples", h.getTotalCount());
    }

    /**
     * Spins until {@code nanos} have passed: the gap between spaced requests, during which the client keeps its CPU.
     *
     * @param nanos how long.
     */
    static void spinFor(final long nanos)
    {
        final long start = System.nanoTime();
        while (System.nanoTime() - start < nanos)
        {
            Thread.onSpinWait();
        }
    }

    private static MemorySegment createMapped(final Path file, final long length, final Arena arena)
        throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm.toString() : System.getProperty("java.io.tmpdir");
    }

    /**
     * One run's connection to the peer and its files, and how each contender is measured.
     */
    private static final class Session
    {
        private final Plan plan;
        private final IpcPeerProcess peer;
        private final Path dir;
        private final AgronaPingPong agrona;
        private final FutexPingPong futex;
        private final Path agronaFile;
        private final Path futexFile;
        private long ringWrongAnswers;
        private long rings;
        private long spacedRequests;
        private long serverSleeps;
        private long wakeups;
        private long reactorSleeps;
        private String spinningCounters = "";

        Session(final Plan plan, final IpcPeerProcess peer, final Path dir, final AgronaPingPong agrona,
            final FutexPingPong futex, final Path agronaFile, final Path futexFile)
        {
            this.plan = plan;
            this.peer = peer;
            this.dir = dir;
            this.agrona = agrona;
            this.futex = futex;
            this.agronaFile = agronaFile;
            this.futexFile = futexFile;
        }

        void round(final Plan round, final Results ours, final Results baseline, final boolean oursFirst)
            throws IOException
        {
            for (int i = 0; i < 2; i++)
            {
                if (oursFirst == (0 == i))
                {
                    try (RingSession ring = openRing("spinning"))
                    {
                        ring.client.roundTrips(ours.rtt, round.rttNanos());
                        spinningCounters = counters(ring.ring.counters());
                        final double ops = ring.client.throughput(round.throughputNanos(), round.batch());
                        ours.throughput += ops;
                        ours.throughputSamples++;
                    }
                }
                else
                {
                    peer.command("agrona", agronaFile.toString());
                    agrona.roundTrips(baseline.rtt, round.rttNanos());
                    peer.command(IpcBenchPeer.STOP);
                }
            }
            for (int i = 0; i < 2; i++)
            {
                // The same waiting server mode served by an agent thread, and by a reactor's thread.
                try (RingSession ring = openRing(oursFirst == (0 == i) ? plan.sleepingServer() : REACTOR))
                {
                    ring.client.roundTrips(oursFirst == (0 == i) ? ours.agentRtt : ours.reactorRtt,
                        round.rttNanos());
                }
            }
            for (int i = 0; i < 3; i++)
            {
                switch ((oursFirst ? i : 2 - i))
                {
                    case 0 ->
                    {
                        if (!oursFirst)
                        {
                            reactorSpaced(round, ours);
                        }
                        try (RingSession ring = openRing(plan.sleepingServer()))
                        {
                            ring.client.spacedRoundTrips(ours.spaced, round.spaced(), round.gapNanos());
                            final RingCounters c = ring.ring.counters();
                            spacedRequests += round.spaced();
                            serverSleeps += c.serverSleeps();
                            wakeups += c.clientWakeups();
                        }
                        if (oursFirst)
                        {
                            reactorSpaced(round, ours);
                        }
                        for (int v = 0; v < plan.variants().size(); v++)
                        {
                            try (RingSession ring = openRing(plan.variants().get(v)))
                            {
                                ring.client.spacedRoundTrips(ours.variant(v), round.spaced(), round.gapNanos());
                            }
                        }
                    }
                    case 1 ->
                    {
                        final Path socket = dir.resolve("uds-" + rings++ + ".sock");
                        peer.command("uds", socket.toString());
                        UdsPingPong.spacedRoundTrips(socket, baseline.spaced, round.spaced(), round.gapNanos());
                        peer.command(IpcBenchPeer.STOP);
                    }
                    default ->
                    {
                        peer.command("futex", futexFile.toString());
                        futex.spacedRoundTrips(baseline.floor, round.spaced(), round.gapNanos());
                        peer.command(IpcBenchPeer.STOP);
                    }
                }
            }
        }

        private void reactorSpaced(final Plan round, final Results ours) throws IOException
        {
            try (RingSession ring = openRing(REACTOR))
            {
                ring.client.spacedRoundTrips(ours.reactorSpaced, round.spaced(), round.gapNanos());
                reactorSleeps += ring.ring.counters().serverSleeps();
            }
        }

        double idleServerCpuPct() throws IOException, InterruptedException
        {
            try (RingSession ring = openRing(plan.sleepingServer()))
            {
                ring.client.spacedRoundTrips(new Histogram(HIGHEST_TRACKABLE_NANOS, 3), 10, plan.gapNanos());
                final long cpu0 = peer.cpuNanos();
                final long t0 = System.nanoTime();
                Thread.sleep(plan.idleNanos() / MILLI);
                final long cpu1 = peer.cpuNanos();
                final long t1 = System.nanoTime();
                return 100.0 * (cpu1 - cpu0) / (t1 - t0);
            }
        }

        private RingSession openRing(final String serverMode) throws IOException
        {
            peer.command("scheme", dir.toString(), SCHEME, serverMode);
            try
            {
                return new RingSession(this, SchemeConnection.connect(SCHEME,
                    SchemeConnectionOptions.defaults().withDirectory(dir).withRing(CLIENT_OPTIONS)));
            }
            catch (final RuntimeException ex)
            {
                peer.command(IpcBenchPeer.STOP);
                throw ex;
            }
        }

        long wrongAnswers()
        {
            return ringWrongAnswers + agrona.wrongAnswers();
        }

        String sleepingCounters()
        {
            return spacedRequests + " spaced requests (warm-up included), server slept " + serverSleeps +
                " times, client rang its doorbell " + wakeups + " times";
        }
    }

    /**
     * A connection to the scheme the peer publishes, closed client end first, then the peer's server.
     */
    private static final class RingSession implements AutoCloseable
    {
        private final Session session;
        private final SchemeConnection connection;
        private final Ring ring;
        private final RingClient client;

        RingSession(final Session session, final SchemeConnection connection)
        {
            this.session = session;
            this.connection = connection;
            this.ring = connection.ring();
            this.client = new RingClient(ring);
        }

        @Override
        public void close() throws IOException
        {
            session.ringWrongAnswers += client.wrongAnswers();
            connection.close();
            session.peer.command(IpcBenchPeer.STOP);
        }
    }

    /**
     * How long and how much to measure.
     *
     * @param rounds          measured rounds after the warm-up round.
     * @param rttNanos        each back-to-back round trip measurement.
     * @param throughputNanos each batched measurement.
     * @param batch           most NOPs per submit.
     * @param spaced          spaced round trips per sleeping contender and round.
     * @param gapNanos        least time from an answer to the next spaced request.
     * @param idleNanos       length of the idle CPU measurement.
     * @param sleepingServer  the sleeping server's mode.
     * @param warmUpNanos     each measurement of the warm-up round.
     * @param variants        more sleeping server modes to measure like {@code sleepingServer}, for comparison.
     */
    private record Plan(int rounds, long rttNanos, long throughputNanos, int batch, int spaced, long gapNanos,
        long idleNanos, String sleepingServer, long warmUpNanos, List<String> variants)
    {
        static Plan of(final BenchOptions options)
        {
            final boolean quick = options.quick();
            final int spaced = (int)options.longParam("spaced", quick ? 100 : 1_000);
            final long gapNanos = options.longParam("gap_us", 1_000) * 1_000;
            if (spaced < 1 || gapNanos < 0)
            {
                throw new IllegalArgumentException("spaced=" + spaced + " must be positive, gap_us not negative");
            }
            return new Plan(
                (int)options.longParam("rounds", quick ? 1 : 3),
                options.longParam("rtt_ms", quick ? 200 : 2_000) * MILLI,
                options.longParam("throughput_ms", quick ? 200 : 1_000) * MILLI,
                (int)options.longParam("batch", 64),
                spaced,
                gapNanos,
                options.longParam("idle_ms", quick ? 1_000 : 5_000) * MILLI,
                options.params().getOrDefault("server", "sleeping"),
                options.longParam("warmup_ms", quick ? 200 : 1_000) * MILLI,
                List.of(options.params().getOrDefault("variants", "").split(",")).stream()
                    .filter(v -> !v.isBlank()).toList());
        }

        Plan warmUp()
        {
            return new Plan(1, warmUpNanos, warmUpNanos, batch, Math.max(1, spaced / 5), gapNanos, idleNanos,
                sleepingServer, warmUpNanos, variants);
        }
    }

    /**
     * What Ringwork or its baselines accumulated over the rounds.
     */
    private static final class Results
    {
        private final Histogram rtt = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram spaced = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram floor = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram agentRtt = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram reactorRtt = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram reactorSpaced = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final List<Histogram> variants = new ArrayList<>();
        private double throughput;
        private int throughputSamples;

        Histogram variant(final int index)
        {
            while (variants.size() <= index)
            {
                variants.add(new Histogram(HIGHEST_TRACKABLE_NANOS, 3));
            }
            return variants.get(index);
        }

        double opsPerSecond()
        {
            return 0 == throughputSamples ? 0.0 : throughput / throughputSamples;
        }
    }
}
