package io.ringwork.cli;

import io.ringwork.Cqe;
import io.ringwork.Ring;
import io.ringwork.RingCounters;
import io.ringwork.RingOptions;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.Sqe;
import io.ringwork.bench.EchoServer;
import io.ringwork.cli.exec.ScriptParser;
import io.ringwork.cli.exec.ScriptRunner;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringwork demo}: the main job shown end to end. Starts a second JVM that serves a ring in a /dev/shm file,
 * then exchanges entries with it and prints live figures: round trips with both sides spinning, batched throughput,
 * and wake-ups of a server that sleeps on its futex between requests. Then talks to the {@code kv:} scheme served by
 * {@code ringwork serve kv} in a second process ({@link KvDemo}), and runs a chain through {@code file:} on a ring of
 * an in-process runtime, written as an {@code exec} script, and prints its CQEs.
 */
@Command(name = "demo", description = "Two JVMs exchanging entries over a /dev/shm ring, with live figures; a kv: " +
    "scheme served by a second process (`serve kv`), stopped with SIGTERM; then an open-read-seek-write-close chain " +
    "through file: in one enter, with its CQEs.")
public final class DemoCommand implements Callable<Integer>
{
    private static final long SECOND = 1_000_000_000L;

    @Option(names = "--seconds", defaultValue = "1", description = "Length of each phase (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Override
    public Integer call() throws Exception
    {
        final long phaseNanos = (long)(seconds * SECOND);
        System.out.println("Ringwork demo: two JVMs, one ring in shared memory, no system call per entry.");
        System.out.println();
        int status = runPhase("spin", phaseNanos);
        if (0 == status)
        {
            status = runPhase("sleep", phaseNanos);
        }
        if (0 == status)
        {
            status = new KvDemo(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)).run(phaseNanos);
        }
        if (0 == status)
        {
            status = fileChain(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        }
        return status;
    }

    /**
     * The runtime's side: one chain of five SQEs through {@code file:} on a temporary file, the handle flowing
     * through R0, in one enter; written in {@code ringwork exec} syntax, and run by its runner.
     *
     * @param out the script, its CQEs and the file's new contents.
     * @param err why the run failed, if it did.
     * @return {@link ScriptRunner#RAN} or {@link ScriptRunner#FAILED}.
     */
    static int fileChain(final PrintWriter out, final PrintWriter err) throws Exception
    {
        final Path file = Files.createTempFile("ringwork-demo-", ".txt");
        try
        {
            Files.writeString(file, "one ring to bring them all\n");
            final String path = file.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
            final String script = String.join(System.lineSeparator(),
                "buffer path = \"file:" + path + "\"",
                "buffer data[64]",
                "open:  open path=path flags=READ|WRITE ->R0 LINK     # the handle goes to R0",
                "read:  read handle=R0 buf=data pos=0 ->R1 LINK       # from offset 0; the byte count goes to R1",
                "seek:  seek handle=R0 offset=0 whence=END LINK       # to the end of the file",
                "write: write handle=R0 buf=data len=R1 LINK          # what was read, at the current position",
                "close: close handle=R0",
                "print data len=R1");
            out.println("a chain through file: in this JVM's runtime, five SQEs in one enter " +
                "(the script is `ringwork exec` syntax):");
            script.lines().forEach(line -> out.println("  " + line));
            out.println();
            final int status;
            try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults()))
            {
                out.println("file: backend: " + runtime.fileBackend());
                status = new ScriptRunner(out, err).run(ScriptParser.parse(script), runtime, 10 * SECOND);
            }
            out.println("the file now holds: " + Files.readString(file).replace("\n", "\\n"));
            return status;
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    private int runPhase(final String serverMode, final long phaseNanos) throws Exception
    {
        final Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
            Path.of(System.getProperty("java.io.tmpdir"));
        final Path file = dir.resolve("ringwork-demo-" + ProcessHandle.current().pid() + "-" + serverMode + ".ring");
        // The client spins in both phases; only the server's way of waiting changes.
        final RingOptions options = RingOptions.defaults().withEntries(256, 512).spinning();
        try (Ring ring = Ring.createShared(file, options))
        {
            final Process server = startServer(file, serverMode);
            try
            {
                final long deadline = System.nanoTime() + 30 * SECOND;
                while (!ring.isServerAttached())
                {
                    if (!server.isAlive() || System.nanoTime() > deadline)
                    {
                        System.err.println("demo: the server process did not attach; its output:\n" +
                            new String(server.getInputStream().readAllBytes()));
                        return 1;
                    }
                    Thread.sleep(5);
                }
                System.out.printf("ring %s: %d SQ / %d CQ entries, server pid %d (%s mode)%n", file,
                    ring.sqEntries(), ring.cqEntries(), server.pid(), serverMode);
                if ("spin".equals(serverMode))
                {
                    pingPong(ring, phaseNanos, 0, "round trips, both sides spinning");
                    throughput(ring, phaseNanos);
                }
                else
                {
                    pingPong(ring, phaseNanos, 1_000_000, "round trips to a server asleep on its futex, 1 ms apart");
                }
                final RingCounters c = ring.counters();
                System.out.printf(Locale.ROOT, "counters: submitted=%,d completed=%,d in-flight=%d " +
                    "server-sleeps=%,d wake-ups-sent=%,d sq-full=%,d cq-full=%,d%n%n", c.submitted(), c.completed(),
                    c.inFlight(), c.serverSleeps(), c.clientWakeups(), c.sqFullEvents(), c.cqFullEvents());
            }
            finally
            {
                ring.close();
                if (!server.waitFor(10, TimeUnit.SECONDS))
                {
                    server.destroy();
                }
            }
        }
        return 0;
    }

    private static Process startServer(final Path file, final String mode) throws Exception
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path") + File.pathSeparator,
            EchoServer.class.getName(), file.toString(), mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static void pingPong(final Ring ring, final long phaseNanos, final long gapNanos, final String title)
    {
        System.out.println(title + ":");
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        final long start = System.nanoTime();
        long nextReport = start + SECOND / 4;
        long sent = 0;
        long errors = 0;
        while (System.nanoTime() - start < phaseNanos)
        {
            final Sqe sqe = ring.getSqe();
            sqe.prepNop().arg(0, sent).arg(1, 1).userData(sent);
            final long t0 = System.nanoTime();
            ring.submit();
            if (ring.awaitCqes(1, 5 * SECOND) < 1)
            {
                System.err.println("demo: no answer within 5 s");
                return;
            }
            final long rtt = System.nanoTime() - t0;
            final Cqe cqe = ring.peekCqe();
            if (cqe.userData() != sent || cqe.result() != sent + 1)
            {
                errors++;
            }
            ring.advanceCq(1);
            histogram.recordValue(rtt);
            sent++;
            final long now = System.nanoTime();
            if (now >= nextReport)
            {
                printLatency(now - start, histogram, sent);
                nextReport += SECOND / 4;
            }
            if (gapNanos > 0)
            {
                final long until = System.nanoTime() + gapNanos;
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait();
                }
            }
        }
        printLatency(System.nanoTime() - start, histogram, sent);
        System.out.printf("  %,d round trips, %d wrong answers%n", sent, errors);
    }

    private static void printLatency(final long elapsed, final Histogram h, final long count)
    {
        System.out.printf(Locale.ROOT, "  t=%5.2fs  n=%,10d  rtt p50=%,8d ns  p99=%,8d ns  p99.9=%,9d ns%n",
            elapsed / 1e9, count, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            h.getValueAtPercentile(99.9));
    }

    private static void throughput(final Ring ring, final long phaseNanos)
    {
        System.out.println("batched throughput (up to 64 SQEs per submit):");
        final long start = System.nanoTime();
        long nextReport = start + SECOND / 4;
        long submitted = 0;
        long completed = 0;
        long lastCompleted = 0;
        long lastTime = start;
        while (System.nanoTime() - start < phaseNanos)
        {
            int batch = 0;
            Sqe sqe;
            while (batch < 64 && null != (sqe = ring.getSqe()))
            {
                sqe.prepNop().arg(0, submitted).arg(1, 1).userData(submitted);
                submitted++;
                batch++;
            }
            ring.submit();
            final int ready = ring.cqReady();
            if (ready > 0)
            {
                ring.advanceCq(ready);
                completed += ready;
            }
            final long now = System.nanoTime();
            if (now >= nextReport)
            {
                System.out.printf(Locale.ROOT, "  t=%5.2fs  completed=%,12d  rate=%,12.0f entries/s%n",
                    (now - start) / 1e9, completed, (completed - lastCompleted) * 1e9 / (now - lastTime));
                lastCompleted = completed;
                lastTime = now;
                nextReport += SECOND / 4;
            }
        }
        while (completed < submitted)
        {
            final int ready = ring.awaitCqes(1, 5 * SECOND);
            if (ready <= 0)
            {
                break;
            }
            ring.advanceCq(ready);
            completed += ready;
        }
        final long elapsed = System.nanoTime() - start;
        System.out.printf(Locale.ROOT, "  %,d entries round trip in %.2f s: %,.0f entries/s%n", completed,
            elapsed / 1e9, completed * 1e9 / elapsed);
    }
}
