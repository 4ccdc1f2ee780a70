package io.ringwork.examples.serve;

import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Publishes a directory as a scheme, served from one reactor thread that also does the file I/O:
 * {@code ReactorFileServer DIR [NAME [SOCKET_DIR]]} (name {@code files}, sockets in {@code /dev/shm/ringwork} by
 * default). Clients connect with {@code SchemeConnection.connect(NAME)} and open {@code "NAME:path/in/DIR"}. Runs
 * until SIGTERM or Ctrl-C, which closes the reactor: clients then see the server gone ({@code EPIPE}).
 */
public final class ReactorFileServer
{
    private ReactorFileServer()
    {
    }

    /**
     * Serves until stopped.
     *
     * @param args the directory, then optionally the scheme name and the socket directory.
     * @throws InterruptedException if interrupted while serving.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length < 1 || args.length > 3)
        {
            System.err.println("usage: ReactorFileServer DIR [NAME [SOCKET_DIR]]");
            System.exit(2);
        }
        final Path root = Path.of(args[0]).toAbsolutePath();
        final String name = args.length > 1 ? args[1] : "files";
        final SchemeServerOptions options = args.length > 2 ?
            SchemeServerOptions.defaults().withDirectory(Path.of(args[2]).toAbsolutePath()) :
            SchemeServerOptions.defaults();
        final Ringwork runtime = Ringwork.start(RingworkOptions.defaults().withFileRoot(root));
        final RingReactor reactor = RingReactor.start(runtime);
        final SchemeServer server = publish(reactor, name, options);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            reactor.close();
            runtime.close();
            stopped.countDown();
        }));
        System.out.println("serving " + root + " as " + name + ": at " + server.socketPath());
        System.out.flush();
        stopped.await();
    }

    /**
     * Publishes the runtime's file root as {@code name}, served by {@code reactor}'s thread, whose primary ring's
     * {@code file:} the scheme forwards to.
     *
     * @param reactor a reactor over a runtime whose file root is the directory to serve.
     * @param name    the scheme's name.
     * @param options where to publish.
     * @return the server; closing it, or the reactor, stops serving.
     */
    public static SchemeServer publish(final RingReactor reactor, final String name,
        final SchemeServerOptions options)
    {
        return reactor.publish(name, new DirectoryScheme(reactor.io()), options);
    }
}
