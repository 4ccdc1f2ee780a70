package io.ringwork.cli;

import io.ringwork.RingworkException;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.examples.kv.KvScheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ringwork serve kv}: publishes the example {@code kv:} scheme ({@link KvScheme}) to other processes with
 * {@link SchemeServer}, and serves it until SIGTERM or Ctrl-C, when a shutdown hook closes the server gracefully:
 * operations in flight complete, clients see the server gone and fail what they submit later with {@code EPIPE}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = RingworkCli.Version.class,
    description = "Publish a scheme to other processes and serve it until SIGTERM or Ctrl-C. " +
        "Schemes: kv (an in-memory key-value store; see ringwork-examples/README.md).")
public final class ServeCommand implements Callable<Integer>
{
    /** Printed, with the socket, once the scheme is published: clients may connect from then on. */
    static final String SERVING = "serving ";

    @Parameters(index = "0", paramLabel = "SCHEME", description = "The scheme to serve: kv.")
    private String scheme;

    @Option(names = "--dir", paramLabel = "D", description = "Directory of the socket and the clients' rings " +
        "(default: /dev/shm/ringwork).")
    private Path directory = SchemeServerOptions.DEFAULT_DIRECTORY;

    @Option(names = "--spin", description = "Server threads never sleep: lowest latency, one core busy per thread.")
    private boolean spin;

    @Option(names = "--agents", defaultValue = "1", paramLabel = "N",
        description = "Server threads sharing the clients' rings (default: ${DEFAULT-VALUE}).")
    private int agents;

    @Override
    public Integer call() throws InterruptedException
    {
        if (!"kv".equals(scheme))
        {
            System.err.println("serve: no scheme named '" + scheme + "'; this command serves: kv");
            return 2;
        }
        SchemeServerOptions options = SchemeServerOptions.defaults().withDirectory(directory);
        if (spin)
        {
            options = options.spinning();
        }
        final SchemeServer server;
        final KvScheme store = new KvScheme();
        try
        {
            server = SchemeServer.publish("kv", store, options.withAgents(agents));
        }
        catch (final RingworkException | IllegalArgumentException ex)
        {
            System.err.println("serve: cannot publish kv: " + ex.getMessage());
            return 1;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ringwork-serve-stop").unstarted(() ->
        {
            final int clients = server.clientCount();
            server.close();
            System.out.println("stopped kv: closed gracefully with " + clients + " client(s) attached, " +
                store.size() + " key(s) dropped");
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println(SERVING + "kv at " + server.socketPath() + " (pid " + ProcessHandle.current().pid() +
            ", " + agents + " server thread(s), " + (spin ? "spinning" : "sleeping when idle") +
            "); SIGTERM or Ctrl-C stops");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
