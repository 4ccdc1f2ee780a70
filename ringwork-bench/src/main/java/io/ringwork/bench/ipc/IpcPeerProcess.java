package io.ringwork.bench.ipc;

import io.ringwork.bench.PeerJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The suite's handle on its peer JVM ({@link IpcBenchPeer}): starts it, sends it one-line commands on its standard
 * input and waits for its one-line answers on its standard output, reads its CPU time, and stops it. Between
 * commands the peer blocks on its input, so the control channel costs it no CPU.
 */
final class IpcPeerProcess implements AutoCloseable
{
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long ANSWER_TIMEOUT_SECONDS = 20;
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path log;
    private final Writer input;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private IpcPeerProcess(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
        this.input = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread reader = new Thread(this::readAnswers, "ipc-bench-peer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the peer and waits until it is ready for commands.
     *
     * @return the running peer.
     * @throws IOException if it cannot start.
     */
    static IpcPeerProcess start() throws IOException
    {
        final List<String> command = PeerJvm.command(IpcBenchPeer.class);
        final Path log = Files.createTempFile("ringwork-bench-ipc-peer-", ".log");
        final Process process = new ProcessBuilder(command)
            .redirectError(log.toFile())
            .start();
        final IpcPeerProcess peer = new IpcPeerProcess(process, log);
        try
        {
            peer.expect(IpcBenchPeer.READY, START_TIMEOUT_SECONDS);
        }
        catch (final IOException | RuntimeException ex)
        {
            peer.close();
            throw ex;
        }
        return peer;
    }

    /**
     * Sends a command and waits for the peer to answer {@link IpcBenchPeer#READY}.
     *
     * @param words the command and its arguments.
     * @throws IOException if the peer fails it or does not answer.
     */
    void command(final String... words) throws IOException
    {
        input.write(String.join(" ", words));
        input.write('\n');
        input.flush();
        expect(IpcBenchPeer.READY, ANSWER_TIMEOUT_SECONDS);
    }

    private void expect(final String wanted, final long timeoutSeconds) throws IOException
    {
        final String answer;
        try
        {
            answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the ipc bench peer", ex);
        }
        if (!wanted.equals(answer))
        {
            throw new IOException("ipc bench peer answered " + (null == answer ? "nothing within " + timeoutSeconds +
                " s" : EOF.equals(answer) ? "by exiting" : "'" + answer + "'") + "; its log:\n" + log());
        }
    }

    private void readAnswers()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                answers.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The peer is gone; the EOF marker below tells the waiting command.
        }
        answers.add(EOF);
    }

    /**
     * The peer's process id.
     *
     * @return pid.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * CPU time the peer has used so far, all its threads, user and system.
     *
     * @return nanoseconds (the kernel counts in clock ticks, usually 10 ms).
     */
    long cpuNanos()
    {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElseThrow(
            () -> new IllegalStateException("no CPU time for pid " + process.pid()));
    }

    private String log()
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
     * Tells the peer to exit and waits for it; a peer that does not exit in time is killed.
     */
    @Override
    public void close()
    {
        try
        {
            input.write(IpcBenchPeer.EXIT + "\n");
            input.flush();
            input.close();
        }
        catch (final IOException ignore)
        {
            // Already gone: nothing to tell.
        }
        PeerJvm.awaitExit(process, log);
    }
}
