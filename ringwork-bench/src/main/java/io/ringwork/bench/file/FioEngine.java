package io.ringwork.bench.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fio, when it is installed, on the same file, block size, depth and duration: {@code ioengine=io_uring} or
 * {@code psync}, {@code --output-format=json}.
 */
public final class FioEngine implements ReadEngine
{
    private static final Pattern READ_IOPS = Pattern.compile("\"read\"\\s*:\\s*\\{[^}]*?\"iops\"\\s*:\\s*([0-9.eE+]+)");

    private final String ioengine;

    /**
     * fio with one I/O engine.
     *
     * @param ioengine {@code io_uring} or {@code psync}.
     */
    public FioEngine(final String ioengine)
    {
        this.ioengine = ioengine;
    }

    @Override
    public String name()
    {
        return "fio_" + ("io_uring".equals(ioengine) ? "iouring" : ioengine);
    }

    @Override
    public String unavailableBecause()
    {
        return null == findFio() ? "fio is not installed (apt-get install fio)" : null;
    }

    static Path findFio()
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
        {
            final Path candidate = Path.of(dir, "fio");
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public double run(final Job job) throws Exception
    {
        final long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(job.durationNanos()));
        final List<String> command = List.of(findFio().toString(), "--name=ringwork-bench",
            "--filename=" + job.file(), "--rw=randread", "--bs=" + job.blockSize(),
            "--iodepth=" + job.depth(), "--ioengine=" + ioengine, "--direct=" + (job.direct() ? 1 : 0),
            "--size=" + job.fileSize(), "--time_based", "--runtime=" + seconds, "--numjobs=1",
            "--invalidate=0", "--output-format=json");
        final Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60, TimeUnit.SECONDS) || 0 != process.exitValue())
        {
            throw new IOException("fio failed (" + String.join(" ", command) + "): " +
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        final Matcher matcher = READ_IOPS.matcher(output);
        if (!matcher.find())
        {
            throw new IOException("no read iops in fio output: " + output.substring(0, Math.min(400,
                output.length())));
        }
        return Double.parseDouble(matcher.group(1).toLowerCase(Locale.ROOT));
    }
}
