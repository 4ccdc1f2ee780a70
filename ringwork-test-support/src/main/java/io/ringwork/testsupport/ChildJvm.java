package io.ringwork.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real second JVM running a main class from this test's class path, with the same JDK, so IPC tests talk
 * to another process and not to a thread pretending to be one. Output goes to a log file that {@link #output()}
 * returns, so a failing child explains itself in the test report.
 */
public final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final Path log;

    private ChildJvm(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM.
     *
     * @param mainClass the class whose {@code main} runs.
     * @param args      its arguments.
     * @return the running child.
     * @throws IOException if the process cannot start.
     */
    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        final String java = ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path") + File.pathSeparator);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final Path log = Files.createTempFile("ringwork-child-", ".log");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        return new ChildJvm(process, log);
    }

    /**
     * The child's process.
     *
     * @return the process.
     */
    public Process process()
    {
        return process;
    }

    /**
     * The child's process id.
     *
     * @return pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long.
     * @param unit    unit of {@code timeout}.
     * @return the exit code.
     * @throws InterruptedException  if interrupted.
     * @throws IllegalStateException if it did not exit in time (it is then killed), with its output.
     */
    public int waitFor(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!process.waitFor(timeout, unit))
        {
            process.destroyForcibly();
            throw new IllegalStateException("child did not exit within " + timeout + " " + unit + "; output:\n" +
                output());
        }
        return process.exitValue();
    }

    /**
     * Kills the child at once (SIGKILL), as a crash would.
     */
    public void kill()
    {
        process.destroyForcibly();
    }

    /**
     * Everything the child printed so far.
     *
     * @return its output.
     */
    public String output()
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex + ")";
        }
    }

    /**
     * Waits until the child's output contains {@code text}.
     *
     * @param text    to look for.
     * @param timeout how long.
     * @param unit    unit of {@code timeout}.
     * @throws InterruptedException  if interrupted.
     * @throws IllegalStateException if it does not appear, or the child exits first, with its output.
     */
    public void awaitOutput(final String text, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < deadline)
        {
            if (output().contains(text))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new IllegalStateException("child exited with " + process.exitValue() + " before printing '" +
                    text + "'; output:\n" + output());
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("child did not print '" + text + "' in time; output:\n" + output());
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        try
        {
            Files.deleteIfExists(log);
        }
        catch (final IOException ignore)
        {
            // A leftover log in the temp directory is harmless.
        }
    }
}
