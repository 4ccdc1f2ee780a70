package io.ringwork.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How the suites start and stop a peer JVM: the same JDK and class path as this one, the options Ringwork and the
 * Agrona baseline need, a log file that is removed with the peer.
 */
public final class PeerJvm
{
    /** JVM options of a peer: FFM for the futexes, Agrona's access to {@code jdk.internal.misc.Unsafe}. */
    public static final List<String> JVM_OPTIONS = List.of(
        "--enable-native-access=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "-XX:+UseSerialGC",
        "-Xms64m",
        "-Xmx64m");

    private PeerJvm()
    {
    }

    /**
     * The command line that runs {@code mainClass} in a peer JVM.
     *
     * @param mainClass the peer's main class, on this JVM's class path.
     * @param args      its arguments.
     * @return the command.
     */
    public static List<String> command(final Class<?> mainClass, final String... args)
    {
        final String java = ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path") + File.pathSeparator);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Waits for a peer told to exit, then ends it harder if it does not (SIGTERM, then SIGKILL), and removes its
     * log.
     *
     * @param process the peer.
     * @param log     its log file.
     */
    public static void awaitExit(final Process process, final Path log)
    {
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
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
}
