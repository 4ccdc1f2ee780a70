package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.internal.reactor.ReactorEngine;
import io.ringwork.scheme.BlockingScheme;
import io.ringwork.scheme.Scheme;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives several rings at once and completes each operation's future from its CQE (Redox's {@code redox-iou}
 * executor): a primary ring to a {@link Ringwork} runtime, plus rings attached to schemes of other processes
 * ({@link #attach(SchemeConnection)}). Any thread submits through {@link #io()} ({@link AsyncIo}, futures) or
 * {@link #sync()} ({@link SyncIo}, blocking, virtual-thread friendly); the reactor's one owner thread writes the SQEs,
 * so rings stay single-producer with no lock around them. With nothing to do it sleeps on all its rings and its own
 * doorbell with one {@code futex_waitv}: no spinning when idle.
 * <p>
 * <b>Threads.</b> {@link #start} gives the reactor a platform thread of its own. {@link #create} leaves it to the
 * caller's loop: call {@link #poll(long)} from one thread; that thread may also use the allocation-free
 * {@link AsyncIo#submitRaw}.
 * <p>
 * <b>Serving.</b> {@link #publish(String, Scheme, SchemeServerOptions)} publishes a scheme whose clients' rings this
 * reactor's thread serves, in the same loop and the same sleep as its own rings: one thread is the whole event loop
 * of a process that both uses and serves schemes. A handler may issue operations through this reactor and complete
 * its request when their future completes (it runs on the reactor thread: it must not wait for them).
 * {@snippet lang=java :
 * try (Ringwork runtime = Ringwork.start();
 *      RingReactor reactor = RingReactor.start(runtime))
 * {
 *     long handle = reactor.sync().open("file:/etc/hostname", VerbFlags.OPEN_READ);
 *     ...
 * }
 * }
 */
public final class RingReactor implements AutoCloseable
{
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long SPIN_NANOS = 20_000L;
    private static final long MAX_SLEEP_NANOS = 100_000_000L;

    private final ReactorEngine engine = new ReactorEngine();
    private final List<Ring> owned = new CopyOnWriteArrayList<>();
    private final List<SchemeServer> servers = new CopyOnWriteArrayList<>();
    private final AsyncIo primary;
    private final SyncIo sync;
    private final Thread thread;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final IdleStrategy idle = IdleStrategy.spinThenYield();
    private boolean closed;

    private RingReactor(final Ring ring, final BufferPool pool, final boolean ownsRing, final boolean ownThread)
    {
        final int index = engine.addRing(ring, pool, ring.state().clientDoorbell());
        if (ownsRing)
        {
            owned.add(ring);
        }
        this.primary = new AsyncIo(engine, index, ring);
        this.sync = new SyncIo(primary);
        if (ownThread)
        {
            this.thread = Thread.ofPlatform().daemon().name("ringwork-reactor-" + IDS.incrementAndGet())
                .start(this::run);
        }
        else
        {
            this.thread = null;
            engine.bindOwner();
        }
    }

    /**
     * A reactor on a thread of its own over a new ring of {@code runtime} (default options), closed with the
     * reactor.
     *
     * @param runtime serves the primary ring.
     * @return the running reactor.
     */
    public static RingReactor start(final Ringwork runtime)
    {
        return start(runtime, RingOptions.defaults());
    }

    /**
     * A reactor on a thread of its own over a new ring of {@code runtime}, closed with the reactor.
     *
     * @param runtime serves the primary ring.
     * @param options the ring's sizes and the waiting of its server end.
     * @return the running reactor.
     */
    public static RingReactor start(final Ringwork runtime, final RingOptions options)
    {
        return new RingReactor(runtime.open(options), runtime.pool(), true, true);
    }

    /**
     * A reactor on a thread of its own over a ring the caller made and keeps (it closes it after the reactor).
     *
     * @param ring the primary ring; the reactor owns its user data and CQEs from now on.
     * @param pool the pool its buffer references point into.
     * @return the running reactor.
     */
    public static RingReactor start(final Ring ring, final BufferPool pool)
    {
        return new RingReactor(ring, pool, false, true);
    }

    /**
     * A reactor driven by the caller: the calling thread becomes its owner and calls {@link #poll(long)}.
     *
     * @param ring the primary ring, kept by the caller.
     * @param pool the pool its buffer references point into.
     * @return the reactor, not running until polled.
     */
    public static RingReactor create(final Ring ring, final BufferPool pool)
    {
        return new RingReactor(ring, pool, false, false);
    }

    private void run()
    {
        engine.bindOwner();
        try
        {
            long idleSince = System.nanoTime();
            while (!engine.isShutdown())
            {
                if (engine.doWork() > 0)
                {
                    idle.reset();
                    idleSince = System.nanoTime();
                }
                else if (System.nanoTime() - idleSince < SPIN_NANOS)
                {
                    idle.idle();
                }
                else
                {
                    engine.await(MAX_SLEEP_NANOS);
                    idle.reset();
                    idleSince = System.nanoTime();
                }
            }
        }
        finally
        {
            try
            {
                engine.failAll(this::closeIfOwned);
            }
            finally
            {
                exited.countDown();
            }
        }
    }

    private void closeIfOwned(final Ring ring)
    {
        if (owned.contains(ring))
        {
            ring.close();
        }
    }

    /**
     * Adds a ring attached to another process's scheme: its operations go through the returned view. The reactor
     * reads the connection's CQEs from now on; the caller closes the connection after the reactor.
     *
     * @param connection attached, not used directly any more.
     * @return operations on that ring.
     */
    public AsyncIo attach(final SchemeConnection connection)
    {
        return attach(connection.ring(), connection.pool());
    }

    /**
     * Adds a ring; any thread.
     *
     * @param ring a client end, not used directly any more.
     * @param pool the pool its buffer references point into.
     * @return operations on that ring.
     */
    public AsyncIo attach(final Ring ring, final BufferPool pool)
    {
        final int index = engine.addRing(ring, pool, ring.state().clientDoorbell());
        engine.wake();
        return new AsyncIo(engine, index, ring);
    }

    /**
     * Publishes a scheme whose clients' rings this reactor's thread serves (no server thread), with the default
     * options: {@code /dev/shm/ringwork/<name>.sock}.
     *
     * @param name   as for {@link SchemeServer#publish(String, Scheme)}.
     * @param scheme the service; called on the reactor thread, it must not block it.
     * @return the server, listening; closing it stops the serving, closing the reactor closes it.
     * @throws RingworkException {@link Errno#EADDRINUSE} if a live server publishes that name there already,
     *                           {@link Errno#ESHUTDOWN} if the reactor is closing.
     */
    public SchemeServer publish(final String name, final Scheme scheme)
    {
        return publish(name, scheme, SchemeServerOptions.defaults());
    }

    /**
     * Publishes a scheme whose clients' rings this reactor's thread serves, between its own rounds and in the same
     * {@code futex_waitv} sleep: a client's submission wakes the reactor. The scheme may use this reactor's
     * {@link #io()} (or an attached ring) and complete a request when the future completes; futures complete on the
     * reactor thread, so the request completes there and its CQE goes out in the same round.
     *
     * @param name    as for {@link SchemeServer#publish(String, Scheme, SchemeServerOptions)}.
     * @param scheme  the service; called on the reactor thread, it must not block it.
     * @param options where to publish and whom to admit; its {@code agents} and {@code waiting} are not used (the
     *                reactor's thread serves and waits).
     * @return the server, listening; closing it stops the serving, closing the reactor closes it.
     * @throws RingworkException {@link Errno#EADDRINUSE} if a live server publishes that name there already,
     *                           {@link Errno#ESHUTDOWN} if the reactor is closing.
     */
    public SchemeServer publish(final String name, final Scheme scheme, final SchemeServerOptions options)
    {
        java.util.Objects.requireNonNull(scheme, "scheme");
        return SchemeServer.publishOn(this, name, scheme, null, options);
    }

    /**
     * Publishes a blocking scheme whose calls run on the options' workers and whose clients' rings this reactor's
     * thread serves.
     *
     * @param name    as for {@link SchemeServer#publish(String, Scheme, SchemeServerOptions)}.
     * @param scheme  the blocking service.
     * @param options where to publish, whom to admit, and how many workers.
     * @return the server, listening.
     */
    public SchemeServer publishBlocking(final String name, final BlockingScheme scheme,
        final SchemeServerOptions options)
    {
        return SchemeServer.publishOn(this, name, null, scheme, options);
    }

    /**
     * A group of rings for a server to join, served on this reactor's thread from its next round.
     */
    ServedRings serve()
    {
        return engine.serve();
    }

    /**
     * A server this reactor serves is built: closing the reactor closes it too (at once if the reactor closed
     * while it was being built).
     */
    void published(final SchemeServer server)
    {
        synchronized (this)
        {
            if (!closed)
            {
                servers.add(server);
                return;
            }
        }
        server.close();
    }

    /**
     * A server this reactor served is closing (it stops its group itself).
     */
    void unpublished(final SchemeServer server)
    {
        servers.remove(server);
    }

    /**
     * Operations on the primary ring, from any thread.
     *
     * @return the async view.
     */
    public AsyncIo io()
    {
        return primary;
    }

    /**
     * Blocking operations on the primary ring, from any thread (virtual threads welcome).
     *
     * @return the sync view.
     */
    public SyncIo sync()
    {
        return sync;
    }

    /**
     * A blocking view of an attached ring.
     *
     * @param io from {@link #attach}.
     * @return the sync view.
     */
    public SyncIo sync(final AsyncIo io)
    {
        return new SyncIo(io);
    }

    /**
     * One round of a reactor made with {@link #create}: writes what was submitted, reaps what completed, and if there
     * was nothing to do sleeps until there is, or the timeout.
     *
     * @param timeoutNanos longest sleep; 0 never sleeps.
     * @return work done (SQEs written plus CQEs reaped).
     * @throws IllegalStateException on a reactor with its own thread, or on another thread than the creator.
     */
    public int poll(final long timeoutNanos)
    {
        if (null != thread || !engine.isOwner())
        {
            throw new IllegalStateException("poll is for the thread that created the reactor");
        }
        int work = engine.doWork();
        if (0 == work && timeoutNanos > 0)
        {
            engine.await(timeoutNanos);
            work = engine.doWork();
        }
        return work;
    }

    /**
     * Operations submitted and not completed yet, over all rings (an estimate from another thread).
     *
     * @return the count.
     */
    public int pending()
    {
        return engine.pending();
    }

    /**
     * Stops the reactor: operations not written yet fail with {@link Errno#ESHUTDOWN}, those in flight with
     * {@link Errno#ECANCELED}; the primary ring closes if the reactor made it. The schemes it serves stop as
     * {@link SchemeServer#close()} stops them: what waits in a scheme completes with {@code ECANCELED}, each client's
     * server end closes (its later operations fail with {@code EPIPE}), and the servers close. Idempotent. A reactor
     * made with {@link #create} must be closed by its owner thread.
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
        engine.shutdown();
        try
        {
            if (null == thread)
            {
                engine.failAll(this::closeIfOwned);
                return;
            }
            if (!exited.await(10, TimeUnit.SECONDS))
            {
                throw new RingworkException(Errno.ETIMEDOUT, "the reactor thread did not stop in 10 s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            // Their rings are finished by now (failAll): this closes their sockets and schemes.
            for (final SchemeServer server : servers)
            {
                server.close();
            }
        }
    }
}
