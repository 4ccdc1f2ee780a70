package io.ringwork.cli;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingworkException;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.examples.kv.KvClient;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo's {@code kv:} step: starts {@code ringwork serve kv} as a second process, connects to it with
 * {@link SchemeConnection}, puts, gets and deletes a few keys through {@link KvClient}, times round trips, then stops
 * the server with SIGTERM and shows that an operation left pending in it completes ({@code ECANCELED}) and the next
 * one fails with {@code EPIPE} at once instead of hanging.
 */
final class KvDemo
{
    private static final long SECOND = 1_000_000_000L;
    private static final long PENDING_USER_DATA = 1L << 40;
    private static final long NOP_USER_DATA = PENDING_USER_DATA + 1;

    private final PrintWriter out;
    private final PrintWriter err;
    private Path serverLog;

    KvDemo(final PrintWriter out, final PrintWriter err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the step.
     *
     * @param phaseNanos how long to time round trips.
     * @return 0 if every part behaved as shown, 1 otherwise (the reason on {@code err}).
     */
    int run(final long phaseNanos) throws IOException, InterruptedException
    {
        final Path root = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") :
            Path.of(System.getProperty("java.io.tmpdir"));
        final Path dir = root.resolve("ringwork-demo-" + ProcessHandle.current().pid() + "-kv");
        out.println("a kv: scheme in a second process: `ringwork serve kv --dir " + dir + "`");
        serverLog = Files.createTempFile("ringwork-demo-kv-", ".log");
        final Process server = startServer(dir);
        try
        {
            if (!awaitServing(server))
            {
                err.println("demo: `serve kv` did not start; its output:\n" + serverOutput());
                return 1;
            }
            out.println("  server: " + firstLine());
            // Both sides wait as they do by default, polling a little and then sleeping on the futex: on a busy
            // machine that beats spinning, and `serve kv --spin` is there for the rest.
            final SchemeConnectionOptions options = SchemeConnectionOptions.defaults().withDirectory(dir);
            try (SchemeConnection connection = SchemeConnection.connect("kv", options);
                KvClient kv = new KvClient(connection.ring(), connection.pool()))
            {
                out.println("  connected: ring " + connection.ring().path().map(Path::toString).orElse("?") +
                    ", server pid " + connection.serverPid());
                exchange(kv);
                timeRoundTrips(connection.ring(), kv, phaseNanos);
                return stop(server, connection, kv);
            }
            catch (final RingworkException ex)
            {
                err.println("demo: kv: " + ex.getMessage() + "; the server's output:\n" + serverOutput());
                return 1;
            }
        }
        finally
        {
            if (server.isAlive())
            {
                server.destroyForcibly();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            deleteQuietly(dir);
            Files.deleteIfExists(serverLog);
            out.println();
        }
    }

    /**
     * Removes the demo's directory and whatever a server that did not stop cleanly left in it (its socket).
     */
    private static void deleteQuietly(final Path dir)
    {
        try (Stream<Path> walk = Files.walk(dir))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            // Never created, or already gone.
        }
    }

    private Process startServer(final Path dir) throws IOException
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path") + File.pathSeparator,
            RingworkCli.class.getName(), "serve", "kv", "--dir", dir.toString()));
        // To a file, not a pipe: a pipe read while the process exits can lose its last lines ("Stream closed").
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
    }

    private String serverOutput()
    {
        try
        {
            return Files.readString(serverLog);
        }
        catch (final IOException ex)
        {
            return "(no output: " + ex.getMessage() + ")";
        }
    }

    private boolean awaitServing(final Process server) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 30 * SECOND;
        while (System.nanoTime() < deadline)
        {
            if (serverOutput().contains(ServeCommand.SERVING))
            {
                return true;
            }
            if (!server.isAlive())
            {
                Thread.sleep(50);
                return serverOutput().contains(ServeCommand.SERVING);
            }
            Thread.sleep(5);
        }
        return false;
    }

    private String firstLine()
    {
        final String text = serverOutput();
        final int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private void exchange(final KvClient kv)
    {
        final String[][] pairs = {{"greeting", "hello from another JVM"}, {"answer", "42"}, {"colour", "blue"}};
        for (final String[] pair : pairs)
        {
            kv.put(pair[0], pair[1].getBytes(StandardCharsets.UTF_8));
            out.println("  put " + pair[0] + " = \"" + pair[1] + "\"");
        }
        for (final String[] pair : pairs)
        {
            out.println("  get " + pair[0] + " -> " + show(kv.get(pair[0])));
        }
        out.println("  delete colour -> " + kv.delete("colour") + ", again -> " + kv.delete("colour"));
        out.println("  get colour -> " + show(kv.get("colour")));
        out.println("  keys -> " + kv.keys());
    }

    private static String show(final byte[] value)
    {
        return null == value ? "(absent)" : "\"" + new String(value, StandardCharsets.UTF_8) + "\"";
    }

    /**
     * Times gets and puts, interleaved with a NOP on the same ring as the baseline: what a round trip to that server
     * costs with no scheme work, measured under the same load.
     */
    private void timeRoundTrips(final Ring ring, final KvClient kv, final long phaseNanos)
    {
        final Histogram nops = new Histogram(3_600_000_000_000L, 3);
        final Histogram gets = new Histogram(3_600_000_000_000L, 3);
        final Histogram puts = new Histogram(3_600_000_000_000L, 3);
        final byte[] value = "42".getBytes(StandardCharsets.UTF_8);
        final long start = System.nanoTime();
        while (System.nanoTime() - start < phaseNanos)
        {
            final long t0 = System.nanoTime();
            if (!nop(ring))
            {
                break;
            }
            final long t1 = System.nanoTime();
            kv.get("answer");
            final long t2 = System.nanoTime();
            kv.put("answer", value);
            final long t3 = System.nanoTime();
            nops.recordValue(t1 - t0);
            gets.recordValue(t2 - t1);
            puts.recordValue(t3 - t2);
        }
        out.println("  round trips; get and put are one chain of three SQEs (open, read or write, close) each:");
        print("nop", nops);
        print("get", gets);
        print("put", puts);
        if (nops.getTotalCount() > 0)
        {
            out.printf(Locale.ROOT, "    get p50 = %.1f x the NOP round trip on the same ring%n",
                (double)gets.getValueAtPercentile(50) / Math.max(1, nops.getValueAtPercentile(50)));
        }
    }

    private static boolean nop(final Ring ring)
    {
        ring.getSqe().prepNop().userData(NOP_USER_DATA);
        ring.submit();
        if (ring.awaitCqes(1, 5 * SECOND) < 1)
        {
            return false;
        }
        ring.advanceCq(1);
        return true;
    }

    private void print(final String what, final Histogram h)
    {
        out.printf(Locale.ROOT, "    %s  n=%,9d  p50=%,8d ns  p99=%,8d ns  p99.9=%,9d ns%n", what, h.getTotalCount(),
            h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9));
    }

    /**
     * Leaves a 60-second TIMEOUT pending in the server, stops it with SIGTERM, and shows what the client sees.
     */
    private int stop(final Process server, final SchemeConnection connection, final KvClient kv)
        throws InterruptedException
    {
        final Ring ring = connection.ring();
        ring.getSqe().prepTimeout(60 * SECOND, 0, 0).userData(PENDING_USER_DATA);
        ring.submit();
        out.println("  a TIMEOUT of 60 s is pending in the server; stopping it with SIGTERM (pid " + server.pid() +
            ")");
        server.destroy();
        if (!server.waitFor(15, TimeUnit.SECONDS))
        {
            err.println("demo: `serve kv` did not stop within 15 s of SIGTERM");
            return 1;
        }
        Thread.sleep(50);
        out.println("  server: " + serverOutput().trim().lines().reduce((a, b) -> b).orElse("") +
            " (exit " + server.exitValue() + ")");
        final Errno pending = reapPending(ring);
        out.println(Errno.EUNKNOWN == pending ? "  the pending TIMEOUT got no completion before the ring closed" :
            "  the pending TIMEOUT completed with " + pending.name());
        final long t0 = System.nanoTime();
        try
        {
            kv.get("answer");
            err.println("demo: a get succeeded after the server stopped");
            return 1;
        }
        catch (final RingworkException ex)
        {
            out.printf(Locale.ROOT, "  the next get failed with %s after %,d us: %s%n", ex.errno().name(),
                (System.nanoTime() - t0) / 1_000, ex.getMessage());
            return Errno.EPIPE == ex.errno() || Errno.ESHUTDOWN == ex.errno() ? 0 : 1;
        }
    }

    private static Errno reapPending(final Ring ring)
    {
        final Errno[] seen = {Errno.EUNKNOWN};
        ring.awaitCqes(1, SECOND);
        ring.forEachCqe((final Cqe cqe) ->
        {
            if (PENDING_USER_DATA == cqe.userData())
            {
                seen[0] = cqe.errno();
            }
        }, Integer.MAX_VALUE);
        return seen[0];
    }
}
