package io.ringwork.cli;

import io.ringwork.Errno;
import io.ringwork.RingCounters;
import io.ringwork.RingInspector;
import io.ringwork.RingworkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ringwork stat}: maps the ring files of running processes read-only and prints their live counters, as
 * Aeron's {@code AeronStat} does for a media driver. All decoding goes through {@link RingInspector}, which reads
 * the layout that {@code RingDescriptor} describes.
 */
@Command(name = "stat", description = "Live counters of the rings in /dev/shm (or the given files), like AeronStat.")
public final class StatCommand implements Callable<Integer>
{
    @Parameters(arity = "0..*", description = "Ring files, or directories searched at any depth "
        + "(default: /dev/shm, which holds /dev/shm/ringwork/ too).")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON array once and exit.")
    private boolean json;

    @Option(names = "--interval", defaultValue = "1", description = "Seconds between refreshes (default: 1).")
    private double interval;

    @Option(names = "--count", defaultValue = "0", description = "Refreshes before exiting; 0 runs until Ctrl-C.")
    private int count;

    /** ANSI: cursor home, then erase the screen. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private final Map<Path, long[]> previous = new HashMap<>();

    @Override
    public Integer call() throws Exception
    {
        if (paths.isEmpty())
        {
            paths = List.of(Path.of("/dev/shm"));
        }
        if (json)
        {
            System.out.println(toJson(findRings()));
            return 0;
        }
        // On a terminal each refresh replaces the last, as AeronStat does; piped, the tables follow one another.
        final boolean terminal = null != System.console() && System.console().isTerminal();
        for (int i = 0; 0 == count || i < count; i++)
        {
            if (i > 0)
            {
                Thread.sleep((long)(interval * 1000));
            }
            if (terminal)
            {
                System.out.print(CLEAR_SCREEN);
            }
            printTable(findRings(), i > 0);
        }
        return 0;
    }

    /**
     * Every ring file under the given paths, at any depth (scheme servers keep theirs in
     * {@code /dev/shm/ringwork/}). A directory that cannot be read or vanishes while it is walked (a test or a
     * server cleaning up) is skipped, not an error, and does not end the walk.
     */
    private List<Path> findRings()
    {
        final List<Path> rings = new ArrayList<>();
        for (final Path path : paths)
        {
            if (Files.isDirectory(path))
            {
                try
                {
                    Files.walkFileTree(path, new RingFinder(rings));
                }
                catch (final IOException ex)
                {
                    // The visitor never throws; a root that vanished between the check and the walk has no rings.
                }
            }
            else if (RingInspector.isRingFile(path))
            {
                rings.add(path);
            }
        }
        rings.sort(null);
        return rings;
    }

    /**
     * Maps a ring for display.
     *
     * @return the inspector, or null if the file vanished since it was found (its process closed it).
     * @throws RingworkException for a file that is there but is not a ring this tool can read.
     */
    private static RingInspector openIfPresent(final Path file)
    {
        try
        {
            return RingInspector.open(file);
        }
        catch (final RingworkException ex)
        {
            if (Errno.ENOENT == ex.errno() || !Files.exists(file))
            {
                return null;
            }
            throw ex;
        }
    }

    private void printTable(final List<Path> rings, final boolean withRates)
    {
        final StringBuilder out = new StringBuilder(1024);
        final List<Path> shown = new ArrayList<>();
        for (final Path file : rings)
        {
            try (RingInspector ring = openIfPresent(file))
            {
                if (null == ring)
                {
                    continue;
                }
                shown.add(file);
                final RingCounters c = ring.counters();
                out.append(String.format(Locale.ROOT, "%s  [%s] sq=%d cq=%d client=%s server=%s%n", file,
                    ring.status(), ring.sqEntries(), ring.cqEntries(), pidText(ring.clientPid()),
                    pidText(ring.serverPid())));
                final long[] now = {System.nanoTime(), c.submitted(), c.completed()};
                final long[] before = previous.put(file, now);
                String rates = "";
                if (withRates && null != before)
                {
                    final double seconds = (now[0] - before[0]) / 1e9;
                    rates = String.format(Locale.ROOT, "  submit/s=%,.0f complete/s=%,.0f",
                        (now[1] - before[1]) / seconds, (now[2] - before[2]) / seconds);
                }
                out.append(String.format(Locale.ROOT,
                    "    submitted=%,d completed=%,d in-flight=%,d sq-depth=%d cq-depth=%d errors=%,d%s%n",
                    c.submitted(), c.completed(), c.inFlight(), ring.sqDepth(), ring.cqDepth(), c.errors(), rates));
                out.append(String.format(Locale.ROOT,
                    "    waits (doorbell sleeps) client=%,d server=%,d  wake-ups sent client=%,d server=%,d" +
                        "  full sq=%,d cq=%,d%n",
                    c.clientSleeps(), c.serverSleeps(), c.clientWakeups(), c.serverWakeups(), c.sqFullEvents(),
                    c.cqFullEvents()));
                final Map<Errno, Long> errors = c.errorsByErrno();
                if (!errors.isEmpty())
                {
                    out.append("    errors by errno:");
                    errors.forEach((e, n) -> out.append(' ').append(e.name()).append('=').append(n));
                    out.append('\n');
                }
            }
            catch (final RingworkException ex)
            {
                shown.add(file);
                out.append(file).append("  (unreadable: ").append(ex.getMessage()).append(")\n");
            }
        }
        previous.keySet().retainAll(shown);
        out.insert(0, String.format(Locale.ROOT, "%s  %d ring(s)%n", java.time.LocalTime.now().withNano(0),
            shown.size()));
        System.out.print(out);
        System.out.flush();
    }

    private static String pidText(final long pid)
    {
        if (0 == pid)
        {
            return "-";
        }
        final boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return pid + (alive ? "" : "(dead)");
    }

    private static String toJson(final List<Path> rings)
    {
        final StringBuilder out = new StringBuilder("[");
        boolean first = true;
        for (final Path file : rings)
        {
            try (RingInspector ring = openIfPresent(file))
            {
                if (null == ring)
                {
                    continue;
                }
                final RingCounters c = ring.counters();
                out.append(first ? "" : ",").append('{');
                first = false;
                out.append("\"path\":\"").append(file.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
                out.append(",\"status\":\"").append(ring.status()).append('"');
                out.append(",\"client_pid\":").append(ring.clientPid());
                out.append(",\"server_pid\":").append(ring.serverPid());
                out.append(",\"sq_entries\":").append(ring.sqEntries());
                out.append(",\"cq_entries\":").append(ring.cqEntries());
                out.append(",\"sq_depth\":").append(ring.sqDepth());
                out.append(",\"cq_depth\":").append(ring.cqDepth());
                out.append(",\"submitted\":").append(c.submitted());
                out.append(",\"taken\":").append(c.taken());
                out.append(",\"completed\":").append(c.completed());
                out.append(",\"reaped\":").append(c.reaped());
                out.append(",\"in_flight\":").append(c.inFlight());
                out.append(",\"errors\":").append(c.errors());
                out.append(",\"client_sleeps\":").append(c.clientSleeps());
                out.append(",\"server_sleeps\":").append(c.serverSleeps());
                out.append(",\"client_wakeups\":").append(c.clientWakeups());
                out.append(",\"server_wakeups\":").append(c.serverWakeups());
                out.append(",\"sq_full\":").append(c.sqFullEvents());
                out.append(",\"cq_full\":").append(c.cqFullEvents());
                out.append(",\"errors_by_errno\":{");
                boolean firstError = true;
                for (final Map.Entry<Errno, Long> e : c.errorsByErrno().entrySet())
                {
                    out.append(firstError ? "" : ",").append('"').append(e.getKey().name()).append("\":")
                        .append(e.getValue());
                    firstError = false;
                }
                out.append("}}");
            }
            catch (final RingworkException ex)
            {
                // A file that is not a readable ring of this layout has no counters to print; the table names it.
            }
        }
        return out.append(']').toString();
    }
}
