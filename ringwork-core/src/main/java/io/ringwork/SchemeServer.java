package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferPoolOptions;
import io.ringwork.internal.attach.AttachServer;
import io.ringwork.internal.dispatch.DispatchAgent;
import io.ringwork.internal.dispatch.Dispatcher;
import io.ringwork.internal.dispatch.FutexTable;
import io.ringwork.internal.dispatch.Namespace;
import io.ringwork.internal.dispatch.RuntimeContext;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.ring.RingState;
import io.ringwork.scheme.BlockingScheme;
import io.ringwork.scheme.Peer;
import io.ringwork.scheme.Scheme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Serves a scheme to rings of other processes, with no runtime in the middle: Redox's user→user mode. The server
 * listens on a UNIX domain socket, {@code <directory>/<name>.sock}; a client ({@link SchemeConnection}) creates its
 * ring file and buffer pool (mode 0600), connects and names them; the server checks the peer's credentials with
 * {@code SO_PEERCRED}, maps both and serves the ring with the runtime's dispatcher — every verb, chain, register,
 * timeout and cancel works as in-process — in a namespace that holds only this scheme, mounted under its name, so
 * clients open {@code "<name>:<path>"}.
 * {@snippet lang=java :
 * try (SchemeServer kv = SchemeServer.publish("kv", new KvScheme())) {
 *     // serving until closed
 * }
 * }
 * <b>Threads.</b> {@code agents} server threads share the rings, each serving many with one futex sleep across all of
 * them when idle; a client's submission wakes its thread only when it sleeps. A server published through
 * {@link RingReactor#publish(String, Scheme, SchemeServerOptions)} has no threads of its own: the reactor's thread
 * serves its rings between its own rounds, so one thread is a process's whole event loop.
 * <p>
 * <b>Lifetime.</b> The socket is the lifetime anchor. A client that closes, or dies (even by {@code kill -9}), has
 * its in-flight work cancelled, its handles closed, its ring and pool unmapped, and, if its process is gone, its
 * files removed. {@link #close()} stops accepting, lets every ring complete what it can (the rest with
 * {@code ECANCELED}), then closes the sockets, so clients see the server gone and fail anything later with
 * {@code EPIPE}.
 */
public final class SchemeServer implements AutoCloseable
{
    private static final long STOP_TIMEOUT_NANOS = 10_000_000_000L;
    private static final AtomicInteger AGENT_IDS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(SchemeServer.class.getName());

    private final String name;
    private final Scheme scheme;
    private final SchemeServerOptions options;
    private final Namespace namespace = new Namespace();
    private final ServedRings[] groups;
    private final RingReactor reactor;
    private final ExecutorService workers;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final AttachServer attach;
    private boolean closed;

    private SchemeServer(final String name, final Scheme scheme, final SchemeServerOptions options,
        final ExecutorService workers, final RingReactor reactor)
    {
        this.name = name;
        this.scheme = scheme;
        this.options = options;
        this.workers = workers;
        this.reactor = reactor;
        namespace.mount(name, scheme);
        if (null == reactor)
        {
            this.groups = new ServedRings[options.agents()];
            final RingOptions waiting = options.waiting();
            for (int i = 0; i < groups.length; i++)
            {
                groups[i] = new DispatchAgent("ringwork-serve-" + name + "-" + AGENT_IDS.incrementAndGet(),
                    waiting.idleStrategy().get(), waiting.sleepAfterNanos()).start().rings();
            }
        }
        else
        {
            this.groups = new ServedRings[] {reactor.serve()};
        }
        try
        {
            this.attach = AttachServer.listen(options.directory().resolve(name + ".sock"), options.allowedUsers(),
                this::attach);
        }
        catch (final RuntimeException ex)
        {
            stopServing();
            throw ex;
        }
    }

    /**
     * Publishes a scheme with the default options: {@code /dev/shm/ringwork/<name>.sock}, one server thread.
     *
     * @param name   lower-case letters, digits, '_' and '-', starting with a letter, at most 32 characters.
     * @param scheme the service; called on server threads, it must not block them (see {@link BlockingScheme}).
     * @return the server, listening.
     * @throws RingworkException {@link Errno#EADDRINUSE} if a live server publishes that name there already.
     */
    public static SchemeServer publish(final String name, final Scheme scheme)
    {
        return publish(name, scheme, SchemeServerOptions.defaults());
    }

    /**
     * Publishes a scheme.
     *
     * @param name    lower-case letters, digits, '_' and '-', starting with a letter, at most 32 characters.
     * @param scheme  the service; called on server threads, it must not block them (see {@link BlockingScheme}).
     * @param options where and how to serve.
     * @return the server, listening.
     * @throws IllegalArgumentException naming a malformed name.
     * @throws RingworkException        {@link Errno#EADDRINUSE} if a live server publishes that name there already.
     */
    public static SchemeServer publish(final String name, final Scheme scheme, final SchemeServerOptions options)
    {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(options, "options");
        return new SchemeServer(name, scheme, options, null, null);
    }

    /**
     * Publishes a scheme served by a reactor's thread; {@link RingReactor#publish} and
     * {@link RingReactor#publishBlocking} call it.
     *
     * @param reactor serves the rings.
     * @param name    as for {@link #publish(String, Scheme, SchemeServerOptions)}.
     * @param scheme  the service, or null for a blocking one.
     * @param blocking a blocking service, if {@code scheme} is null.
     * @param options where to serve; its agents and waiting are the reactor's business.
     * @return the server, listening.
     */
    static SchemeServer publishOn(final RingReactor reactor, final String name, final Scheme scheme,
        final BlockingScheme blocking, final SchemeServerOptions options)
    {
        Objects.requireNonNull(reactor, "reactor");
        Objects.requireNonNull(options, "options");
        final SchemeServer server;
        if (null != scheme)
        {
            server = new SchemeServer(name, scheme, options, null, reactor);
        }
        else
        {
            Objects.requireNonNull(blocking, "scheme");
            final ExecutorService workers = newWorkers(name, options);
            try
            {
                server = new SchemeServer(name, blocking.onWorkers(workers), options, workers, reactor);
            }
            catch (final RuntimeException ex)
            {
                workers.shutdownNow();
                throw ex;
            }
        }
        reactor.published(server);
        return server;
    }

    /**
     * Publishes a blocking scheme, whose calls run on the options' worker threads.
     *
     * @param name    as for {@link #publish(String, Scheme, SchemeServerOptions)}.
     * @param scheme  the blocking service.
     * @param options where and how to serve, and how many workers.
     * @return the server, listening.
     */
    public static SchemeServer publishBlocking(final String name, final BlockingScheme scheme,
        final SchemeServerOptions options)
    {
        Objects.requireNonNull(scheme, "scheme");
        final ExecutorService workers = newWorkers(name, options);
        try
        {
            return new SchemeServer(name, scheme.onWorkers(workers), options, workers, null);
        }
        catch (final RuntimeException ex)
        {
            workers.shutdownNow();
            throw ex;
        }
    }

    private static ExecutorService newWorkers(final String name, final SchemeServerOptions options)
    {
        return 0 == options.workers() ?
            Executors.newVirtualThreadPerTaskExecutor() :
            Executors.newFixedThreadPool(options.workers(),
                Thread.ofPlatform().daemon().name("ringwork-" + name + "-worker-", 0).factory());
    }

    private AttachServer.Session attach(final AttachServer.AttachRequest request)
    {
        synchronized (this)
        {
            if (closed)
            {
                throw new RingworkException(Errno.ESHUTDOWN, "scheme " + name + " is closing");
            }
        }
        final ServedRing served = ServedRing.attach(request.ringFile(), options.waiting());
        final RingState state = served.state();
        BufferPool pool = null;
        try
        {
            // acquire: the client wrote its pid (release) before it connected.
            final long ringPid = (long)SharedAccess.LONG.getAcquire(state.segment(),
                (long)RingDescriptor.CLIENT_PID_OFFSET);
            if (ringPid != request.clientPid())
            {
                throw new RingworkException(Errno.EACCES, "ring file " + request.ringFile() + " was made by pid " +
                    ringPid + ", not by the connecting pid " + request.clientPid());
            }
            pool = null == request.poolDirectory() ?
                BufferPool.create(BufferPoolOptions.defaults().withSegmentSize(BufferPoolOptions.PAGE_SIZE)) :
                BufferPool.attach(request.poolDirectory());
            final Peer peer = new Peer(request.clientPid(), request.user().getName());
            final Dispatcher dispatcher = new Dispatcher(served,
                // A futex table per client: FUTEX_WAIT words are references into the client's own pool, so two
                // clients' words may have the same reference.
                new RuntimeContext(namespace, pool, new FutexTable(), options.maxHandles()), peer);
            final Client client = new Client(request, dispatcher, pool);
            clients.add(client);
            final ServedRings group = Stream.of(groups).min(Comparator.comparingInt(ServedRings::size))
                .orElseThrow();
            if (!group.join(new ServedRings.Member(dispatcher, state.serverDoorbell(), state, client::served)))
            {
                clients.remove(client);
                if (group.isStopRequested())
                {
                    throw new RingworkException(Errno.ESHUTDOWN, "scheme " + name + " is closing");
                }
                throw new RingworkException(Errno.EAGAIN, "scheme " + name + " serves " + clients.size() +
                    " rings, as many as " + (null == reactor ? "its " + groups.length + " server threads" :
                    "its reactor's thread") + " can");
            }
            return client;
        }
        catch (final RuntimeException ex)
        {
            served.close();
            if (null != pool)
            {
                pool.close();
            }
            throw ex;
        }
    }

    /**
     * One attached client: its ring ends when the agent finishes it, its connection when the socket closes; the
     * later of the two cleans up.
     */
    private final class Client implements AttachServer.Session
    {
        private final AttachServer.AttachRequest request;
        private final Dispatcher dispatcher;
        private final BufferPool pool;
        private final AtomicInteger pending = new AtomicInteger(2);

        Client(final AttachServer.AttachRequest request, final Dispatcher dispatcher, final BufferPool pool)
        {
            this.request = request;
            this.dispatcher = dispatcher;
            this.pool = pool;
        }

        /**
         * The socket closed: the client closed or died. The ring's client end is marked closed, so the agent
         * finishes it on its next round.
         */
        @Override
        public void peerGone()
        {
            markClientClosed();
            done();
        }

        private void markClientClosed()
        {
            // Through the dispatcher, not the ring: its wake is locked against the agent unmapping the ring.
            dispatcher.stop();
        }

        /**
         * The agent finished the ring (on its thread): nothing uses the pool any more. The connection closes too,
         * so a client whose ring ended for another reason than its own close (a broken ring, the server stopping)
         * sees the server gone.
         */
        void served()
        {
            final Errno broken = dispatcher.brokenReason();
            if (null != broken)
            {
                LOG.log(System.Logger.Level.WARNING, "scheme " + name + " detached client pid=" +
                    request.clientPid() + ": its ring is broken (" + broken.name() + ", " + broken.message() + ")");
            }
            request.disconnect().run();
            done();
        }

        private void done()
        {
            if (0 != pending.decrementAndGet())
            {
                return;
            }
            clients.remove(this);
            pool.close();
            if (!RingState.isAlive(request.clientPid()))
            {
                removeFiles();
            }
        }

        private void removeFiles()
        {
            try
            {
                Files.deleteIfExists(request.ringFile());
                final Path poolDirectory = request.poolDirectory();
                if (null != poolDirectory && Files.isDirectory(poolDirectory))
                {
                    try (Stream<Path> files = Files.list(poolDirectory))
                    {
                        for (final Path file : files.toList())
                        {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(poolDirectory);
                }
            }
            catch (final IOException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "cannot remove the files of dead client pid=" +
                    request.clientPid() + ": " + ex);
            }
        }
    }

    /**
     * The published name.
     *
     * @return such as {@code "kv"}.
     */
    public String name()
    {
        return name;
    }

    /**
     * The socket clients connect to.
     *
     * @return {@code <directory>/<name>.sock}.
     */
    public Path socketPath()
    {
        return attach.socketPath();
    }

    /**
     * Clients attached now.
     *
     * @return the count.
     */
    public int clientCount()
    {
        return clients.size();
    }

    /**
     * Stops accepting clients, lets every ring complete what it can (operations still waiting complete with
     * {@code ECANCELED}), closes each server end so its client sees the server gone, closes the sockets, the
     * scheme and its workers, and removes the socket file. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        stopServing();
        attach.close();
        scheme.close();
        if (null != workers)
        {
            workers.close();
        }
    }

    private void stopServing()
    {
        for (final ServedRings group : groups)
        {
            group.stop();
        }
        if (null != reactor)
        {
            reactor.unpublished(this);
        }
        for (final ServedRings group : groups)
        {
            try
            {
                if (!group.stopAndAwait(STOP_TIMEOUT_NANOS))
                {
                    LOG.log(System.Logger.Level.WARNING, "a server thread of " + name + " did not stop in time");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public String toString()
    {
        return "SchemeServer[" + name + " at " + attach.socketPath() + ", clients=" + clients.size() + "]";
    }
}
