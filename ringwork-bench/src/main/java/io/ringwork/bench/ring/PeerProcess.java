package io.ringwork.bench.ring;

import io.ringwork.bench.PeerJvm;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The suite's handle on its peer process ({@link RingBenchPeer}): starts it, tells it what to serve through the
 * control block and waits until it has switched, reads its sink count, and stops it.
 */
final class PeerProcess implements AutoCloseable
{
    private static final long START_TIMEOUT_NANOS = 30_000_000_000L;
    private static final long SWITCH_TIMEOUT_NANOS = 10_000_000_000L;

    private final Process process;
    private final Path log;
    private final UnsafeBuffer control;

    private PeerProcess(final Process process, final Path log, final UnsafeBuffer control)
    {
        this.process = process;
        this.log = log;
        this.control = control;
    }

    /**
     * Starts the peer on the two files and waits until it has attached to both.
     *
     * @param ringFile   the Ringwork ring file, already created.
     * @param agronaFile the control block and Agrona rings, already laid out.
     * @param capacity   each Agrona ring's capacity.
     * @param control    the control block of {@code agronaFile}, mapped here.
     * @return the running peer.
     * @throws IOException if it cannot start.
     */
    static PeerProcess start(final Path ringFile, final Path agronaFile, final int capacity,
        final UnsafeBuffer control) throws IOException
    {
        final List<String> command = PeerJvm.command(RingBenchPeer.class, ringFile.toString(), agronaFile.toString(),
            Integer.toString(capacity), Long.toString(ProcessHandle.current().pid()));
        final Path log = Files.createTempFile("ringwork-bench-peer-", ".log");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        final PeerProcess peer = new PeerProcess(process, log, control);
        try
        {
            peer.awaitAck(PeerLayout.IDLE, START_TIMEOUT_NANOS);
        }
        catch (final RuntimeException ex)
        {
            peer.close();
            throw ex;
        }
        return peer;
    }

    /**
     * Tells the peer what to serve and waits until it serves it.
     *
     * @param command a {@link PeerLayout} command.
     */
    void switchTo(final int command)
    {
        // release: pairs with the peer's acquire of the command.
        control.putIntRelease(PeerLayout.COMMAND_OFFSET, command);
        awaitAck(command, SWITCH_TIMEOUT_NANOS);
    }

    /**
     * Agrona messages the peer has consumed as a sink since it started.
     *
     * @return the count.
     */
    long consumed()
    {
        // acquire: pairs with the peer's release after it read the messages it counts.
        return control.getLongAcquire(PeerLayout.CONSUMED_OFFSET);
    }

    /**
     * Fails if the peer has exited.
     *
     * @throws IllegalStateException with its output if it has.
     */
    void checkAlive()
    {
        if (!process.isAlive())
        {
            throw new IllegalStateException("ring bench peer exited with " + process.exitValue() + "; output:\n" +
                output());
        }
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

    private void awaitAck(final int command, final long timeoutNanos)
    {
        final long start = System.nanoTime();
        // acquire: pairs with the peer's release once it has switched.
        while (command != control.getIntAcquire(PeerLayout.ACK_OFFSET))
        {
            checkAlive();
            if (System.nanoTime() - start > timeoutNanos)
            {
                throw new IllegalStateException("ring bench peer did not switch to command " + command +
                    " within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s; output:\n" + output());
            }
            Thread.onSpinWait();
        }
    }

    private String output()
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
     * Tells the peer to exit and waits for it; a peer that does not exit in time gets SIGTERM, then SIGKILL.
     */
    @Override
    public void close()
    {
        // release: pairs with the peer's acquire of the command.
        control.putIntRelease(PeerLayout.COMMAND_OFFSET, PeerLayout.EXIT);
        PeerJvm.awaitExit(process, log);
    }
}
