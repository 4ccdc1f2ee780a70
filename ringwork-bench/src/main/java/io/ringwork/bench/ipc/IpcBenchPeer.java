package io.ringwork.bench.ipc;

import io.ringwork.Errno;
import io.ringwork.IdleStrategy;
import io.ringwork.RingOptions;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.scheme.Scheme;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;

/**
 * The second JVM of the ipc suite. It reads one command a line on its standard input, starts serving what the
 * command names on a service thread and answers {@value #READY} on its standard output; {@value #STOP} ends the
 * service (the client has closed its end first) and is answered the same way. Between commands it blocks on its
 * input, so an idle peer burns no CPU of its own making. It exits on {@value #EXIT} or when its input closes (the
 * suite's JVM died).
 * <p>
 * Commands: {@code scheme DIR NAME MODE} publishes a scheme NAME in DIR with {@link SchemeServer} and serves its
 * clients' rings (MODE {@code spinning}, or {@code sleeping[:SLEEP_AFTER_NANOS[:IDLE]]} with IDLE {@code spin},
 * {@code yield} or {@code spin-then-yield}: the server threads' {@link RingOptions}; or {@code reactor}: no server
 * thread, a {@link RingReactor}'s thread serves, with {@link RingReactor#publish}); {@code agrona FILE},
 * {@code uds SOCKET}, {@code futex FILE} serve the baselines.
 */
public final class IpcBenchPeer
{
    /** The answer to a command carried out. */
    static final String READY = "ready";
    /** Ends the current service. */
    static final String STOP = "stop";
    /** Ends the peer. */
    static final String EXIT = "exit";

    /** Serves no path: the suite sends only NOPs, which the runtime's dispatcher answers itself. */
    private static final Scheme NOP_SCHEME = (request, path, flags, mode) -> request.fail(Errno.ENOENT);

    private volatile boolean stopping;
    private Thread service;
    private SchemeServer server;
    private Ringwork runtime;
    private RingReactor reactor;
    private volatile Throwable failure;

    private IpcBenchPeer()
    {
    }

    /**
     * Runs the peer.
     *
     * @param args none.
     * @throws IOException if its input fails.
     */
    public static void main(final String[] args) throws IOException
    {
        new IpcBenchPeer().run();
    }

    private void run() throws IOException
    {
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        answer(READY);
        String line;
        while (null != (line = in.readLine()))
        {
            final String[] words = line.trim().split(" +");
            if (EXIT.equals(words[0]))
            {
                break;
            }
            try
            {
                if (STOP.equals(words[0]))
                {
                    stopService();
                }
                else
                {
                    startService(words);
                }
                answer(READY);
            }
            catch (final Exception ex)
            {
                ex.printStackTrace();
                answer("error: " + ex);
            }
        }
        try
        {
            stopService();
            if (null != reactor)
            {
                reactor.close();
                runtime.close();
            }
        }
        catch (final Exception ex)
        {
            ex.printStackTrace();
        }
        System.exit(0);
    }

    private static void answer(final String text)
    {
        System.out.println(text);
        System.out.flush();
    }

    private void startService(final String[] words) throws Exception
    {
        if (null != service || null != server)
        {
            throw new IllegalStateException("a service is running; stop it first");
        }
        stopping = false;
        failure = null;
        final Path path = Path.of(words[1]);
        switch (words[0])
        {
            case "scheme" ->
            {
                if ("reactor".equals(words[3]))
                {
                    if (null == reactor)
                    {
                        // Kept from one service to the next, as an application's event loop would be.
                        runtime = Ringwork.start();
                        reactor = RingReactor.start(runtime);
                    }
                    server = reactor.publish(words[2], NOP_SCHEME, SchemeServerOptions.defaults().withDirectory(path));
                    return;
                }
                final SchemeServerOptions options = SchemeServerOptions.defaults().withDirectory(path)
                    .withWaiting(serverOptions(words[3]));
                // Its own threads serve; nothing runs here until stop closes it.
                server = SchemeServer.publish(words[2], NOP_SCHEME, options);
            }
            case "agrona" ->
            {
                final Arena arena = Arena.ofShared();
                final MemorySegment file = map(path, AgronaPingPong.fileLength(), arena);
                final AgronaPingPong pingPong = new AgronaPingPong(new UnsafeBuffer(file.address(),
                    AgronaPingPong.fileLength()));
                start(() ->
                {
                    try (arena)
                    {
                        pingPong.serve(() -> stopping);
                    }
                });
            }
            case "futex" ->
            {
                final Arena arena = Arena.ofShared();
                final FutexPingPong pingPong = new FutexPingPong(map(path, FutexPingPong.FILE_LENGTH, arena), arena);
                start(() ->
                {
                    try (arena)
                    {
                        pingPong.serve(() -> stopping);
                    }
                });
            }
            case "uds" ->
            {
                final Object listening = new Object();
                final boolean[] ready = new boolean[1];
                start(() ->
                {
                    try
                    {
                        UdsPingPong.serve(path, () ->
                        {
                            synchronized (listening)
                            {
                                ready[0] = true;
                                listening.notifyAll();
                            }
                        });
                    }
                    catch (final IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
                synchronized (listening)
                {
                    final long deadline = System.nanoTime() + 10_000_000_000L;
                    while (!ready[0] && null == failure && System.nanoTime() < deadline)
                    {
                        listening.wait(100);
                    }
                }
                if (!ready[0])
                {
                    throw new IllegalStateException("UDS server did not listen on " + path, failure);
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + words[0]);
        }
    }

    private void start(final Runnable body)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failure = ex;
                ex.printStackTrace();
            }
        }, "ipc-bench-service");
        service = thread;
        thread.start();
    }

    private void stopService() throws InterruptedException
    {
        final SchemeServer published = server;
        if (null != published)
        {
            server = null;
            published.close();
        }
        final Thread thread = service;
        if (null == thread)
        {
            return;
        }
        stopping = true;
        thread.join(10_000);
        if (thread.isAlive())
        {
            throw new IllegalStateException("service thread did not stop within 10 s");
        }
        service = null;
        final Throwable failed = failure;
        if (null != failed)
        {
            throw new IllegalStateException("service failed", failed);
        }
    }

    private static MemorySegment map(final Path path, final long length, final Arena arena) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
        }
    }

    /**
     * The server end's options for a mode named on the command line.
     *
     * @param mode {@code spinning} or {@code sleeping[:SLEEP_AFTER_NANOS[:IDLE]]}.
     * @return the options.
     */
    static RingOptions serverOptions(final String mode)
    {
        if ("spinning".equals(mode))
        {
            return RingOptions.defaults().spinning();
        }
        final String[] parts = mode.split(":");
        if (!"sleeping".equals(parts[0]))
        {
            throw new IllegalArgumentException("server mode " + mode + ": spinning or sleeping[:NANOS[:IDLE]]");
        }
        RingOptions options = RingOptions.defaults();
        if (parts.length > 1)
        {
            options = options.withSleepAfterNanos(Long.parseLong(parts[1]));
        }
        if (parts.length > 2)
        {
            final Supplier<IdleStrategy> idle = switch (parts[2])
            {
                case "spin" -> IdleStrategy::busySpin;
                case "yield" -> IdleStrategy::yielding;
                case "spin-then-yield" -> IdleStrategy::spinThenYield;
                default -> throw new IllegalArgumentException("idle strategy " + parts[2] +
                    ": spin, yield or spin-then-yield");
            };
            options = options.withIdleStrategy(idle);
        }
        return options;
    }
}
