package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.dispatch.Dispatcher;
import io.ringwork.internal.dispatch.FutexTable;
import io.ringwork.internal.dispatch.Namespace;
import io.ringwork.internal.dispatch.RuntimeContext;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.internal.linux.uring.IoUringFileScheme;
import io.ringwork.internal.linux.uring.IoUringSupport;
import io.ringwork.internal.nio.NioFileScheme;
import io.ringwork.internal.ring.RingState;
import io.ringwork.internal.schemes.DeviceScheme;
import io.ringwork.internal.schemes.MemScheme;
import io.ringwork.internal.schemes.RemoteScheme;
import io.ringwork.scheme.Scheme;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime, Ringwork's "kernel": it owns the namespace of schemes, the buffer pool SQEs point into, and one
 * dispatcher thread per ring it serves, which executes the verbs (chains, registers, timeouts, cancel; see
 * {@code docs/concepts/chains.md}). Built-in schemes: {@code file:} (real files, on io_uring where the kernel allows
 * it, else on NIO and virtual threads),
 * {@code mem:} (named in-memory files in the pool), {@code null:} and {@code zero:}.
 * {@snippet lang=java :
 * try (Ringwork runtime = Ringwork.start();
 *      Ring ring = runtime.open())
 * {
 *     long path = runtime.pool().allocate(64, 64);          // "mem:greeting" written into it
 *     ring.getSqe().prepOpen(path, 12, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE, 0)
 *         .flags(Sqe.LINK).saveResult(0);                    // handle -> R0
 *     ring.getSqe().prepWrite(0, data, 5, 0).loadArg(0, 0).flags(Sqe.LINK);
 *     ring.getSqe().prepClose(0).loadArg(0, 0);
 *     ring.enter(Integer.MAX_VALUE, 3, 1_000_000_000L);      // one enter, three CQEs
 * }
 * }
 */
public final class Ringwork implements AutoCloseable
{
    private static final long STOP_TIMEOUT_NANOS = 10_000_000_000L;
    private static final AtomicInteger RING_IDS = new AtomicInteger();
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final BufferPool pool;
    private final boolean ownsPool;
    private final Namespace namespace = new Namespace();
    private final RuntimeContext context;
    private final ExecutorService workers;
    private final List<Dispatcher> dispatchers = new CopyOnWriteArrayList<>();
    private final String fileBackend;
    // The io_uring thread's own rings, where it can host them (IoUringOptions.hostRings); else null.
    private final ServedRings hostRings;
    private boolean closed;

    private Ringwork(final RingworkOptions options, final BufferPool pool, final boolean ownsPool)
    {
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        this.context = new RuntimeContext(namespace, pool, new FutexTable(), options.maxHandles());
        final Scheme file = fileScheme(options);
        fileBackend = file instanceof IoUringFileScheme ? "io_uring" : "nio";
        hostRings = file instanceof IoUringFileScheme uring ? uring.hostedRings() : null;
        namespace.mount("file", file);
        namespace.mount("mem", new MemScheme(pool));
        namespace.mount("null", DeviceScheme.nullDevice());
        namespace.mount("zero", DeviceScheme.zeroDevice());
    }

    /**
     * {@code file:} on io_uring where {@link IoUringSupport#isAvailable()} (not with {@code -Dringwork.iouring=false}),
     * else on NIO; the reason for falling back is logged once per JVM. NIO without a word when the options ask for it.
     */
    private Scheme fileScheme(final RingworkOptions options)
    {
        if (options.portableFiles())
        {
            return new NioFileScheme(options.fileRoot(), workers);
        }
        Throwable cause = IoUringSupport.unavailabilityCause();
        if (null == cause)
        {
            try
            {
                return IoUringFileScheme.open(options.fileRoot(), options.ioUring(), pool);
            }
            catch (final RuntimeException ex)
            {
                cause = ex;
            }
        }
        if (FALLBACK_LOGGED.compareAndSet(false, true))
        {
            System.getLogger("io.ringwork").log(System.Logger.Level.INFO,
                "file: uses the portable NIO backend: " + cause);
        }
        return new NioFileScheme(options.fileRoot(), workers);
    }

    /**
     * A runtime with the default options and a buffer pool of its own.
     *
     * @return the runtime.
     */
    public static Ringwork start()
    {
        return start(RingworkOptions.defaults());
    }

    /**
     * A runtime with a buffer pool of its own, closed with it.
     *
     * @param options the set-up.
     * @return the runtime.
     */
    public static Ringwork start(final RingworkOptions options)
    {
        final BufferPool pool = BufferPool.create(options.pool());
        try
        {
            return new Ringwork(options, pool, true);
        }
        catch (final RuntimeException ex)
        {
            pool.close();
            throw ex;
        }
    }

    /**
     * A runtime over a buffer pool the caller owns (a shared one, say) and closes after the runtime.
     *
     * @param options the set-up; its pool options are not used.
     * @param pool    the pool SQEs' references point into.
     * @return the runtime.
     */
    public static Ringwork start(final RingworkOptions options, final BufferPool pool)
    {
        return new Ringwork(options, pool, false);
    }

    /**
     * A ring in this process served by this runtime: by the io_uring {@code file:} backend's thread where it can host
     * rings ({@link IoUringOptions#hostRings()}), so a file operation is submitted to the kernel and completed on the
     * thread that serves the ring, else on a dispatcher thread of its own. That thread polls for at most
     * {@link RingOptions#DEFAULT_SLEEP_AFTER_NANOS} before it sleeps; a ring whose options ask for longer (or for a
     * server that never sleeps) is served on a thread of its own, as asked. The client end is the caller's, for one
     * thread at a time; closing it stops the dispatcher.
     *
     * @param options queue sizes, and how both ends wait.
     * @return the client end.
     */
    public synchronized Ring open(final RingOptions options)
    {
        if (closed)
        {
            throw new RingworkException(Errno.ESHUTDOWN, "runtime is closed");
        }
        final Ring ring = Ring.create(options);
        final Dispatcher dispatcher;
        try
        {
            dispatcher = new Dispatcher(ring.serverEnd(options), context);
            ring.bindInlineReads(dispatcher.inlineReads());
        }
        catch (final RuntimeException ex)
        {
            ring.close();
            throw ex;
        }
        dispatchers.add(dispatcher);
        final RingState state = ring.state();
        // A ring that asks its server to poll longer than the io_uring thread does (or to spin) gets a thread of
        // its own, which waits as asked.
        if (null != hostRings && options.sleepAfterNanos() <= RingOptions.DEFAULT_SLEEP_AFTER_NANOS &&
            hostRings.join(new ServedRings.Member(dispatcher, state.serverDoorbell(), state,
            () -> dispatchers.remove(dispatcher))))
        {
            return ring;
        }
        Thread.ofPlatform().daemon().name("ringwork-dispatch-" + RING_IDS.incrementAndGet()).start(() ->
        {
            try
            {
                dispatcher.run();
            }
            finally
            {
                dispatchers.remove(dispatcher);
            }
        });
        return ring;
    }

    /**
     * A ring with the default options, served by this runtime.
     *
     * @return the client end.
     */
    public Ring open()
    {
        return open(RingOptions.defaults());
    }

    /**
     * The buffer pool SQEs' references point into.
     *
     * @return the pool.
     */
    public BufferPool pool()
    {
        return pool;
    }

    /**
     * Mounts a scheme: paths {@code name:...} reach it from every ring of this runtime.
     *
     * @param name   lower-case letters, digits, '_' and '-', starting with a letter, at most 32 characters.
     * @param scheme the service.
     * @throws RingworkException {@link Errno#EEXIST} if the name is taken.
     */
    public void mount(final String name, final Scheme scheme)
    {
        namespace.mount(name, scheme);
    }

    /**
     * Mounts a scheme another process publishes with {@link SchemeServer}, so every ring of this runtime reaches it
     * under its name next to {@code file:} and {@code mem:}: Redox's kernel→user mode, one ring per application
     * rather than one per scheme. The runtime attaches a ring of its own to the server and forwards each operation
     * on the scheme's handles as an SQE; buffer references pass unchanged, because the server maps this runtime's
     * pool. When the server goes, operations in flight and later ones fail with {@link Errno#EPIPE}.
     *
     * @param name      the name the server publishes, also the name it gets here.
     * @param directory where the server publishes ({@link SchemeServerOptions#DEFAULT_DIRECTORY} by default).
     * @throws RingworkException {@link Errno#EINVAL} if this runtime's pool is not shared (start the runtime with
     *                           {@code Ringwork.start(options, BufferPool.createShared(...))}), {@link Errno#ENOENT}
     *                           if no server publishes the name there, {@link Errno#EEXIST} if the name is taken
     *                           here.
     */
    public void mountRemote(final String name, final Path directory)
    {
        if (pool.directory().isEmpty())
        {
            throw new RingworkException(Errno.EINVAL, "mounting the remote scheme " + name + " needs a runtime " +
                "over a shared pool, which its server can map: Ringwork.start(options, BufferPool.createShared(...))");
        }
        if (null != namespace.find(name))
        {
            throw new RingworkException(Errno.EEXIST, "scheme name=" + name + " is already mounted");
        }
        final SchemeConnection connection = SchemeConnection.connect(name,
            SchemeConnectionOptions.defaults().withDirectory(directory), pool);
        final RemoteScheme remote = new RemoteScheme(name, connection.ring(), pool, connection);
        try
        {
            namespace.mount(name, remote);
        }
        catch (final RuntimeException ex)
        {
            remote.close();
            throw ex;
        }
    }

    /**
     * Unmounts a scheme: new OPENs of its paths fail with ENOENT, handles already open keep working. The caller
     * closes the scheme when it is done with it.
     *
     * @param name as mounted.
     * @return the scheme, or null if nothing was mounted there.
     */
    public Scheme unmount(final String name)
    {
        return namespace.unmount(name);
    }

    /**
     * The mounted scheme names, sorted.
     *
     * @return such as {@code [file, mem, null, zero]}.
     */
    public List<String> schemes()
    {
        return namespace.names();
    }

    /**
     * Why the io_uring {@code file:} backend cannot run in this JVM (the kernel, the {@code io_uring_disabled}
     * sysctl, seccomp, {@code -Dringwork.iouring=false}), from the probe made once per JVM.
     *
     * @return the reason, or empty where io_uring is available; a runtime may still fall back to NIO if setting up
     *         its own ring fails, which {@link #fileBackend()} tells.
     */
    public static Optional<String> ioUringUnavailable()
    {
        final Throwable cause = IoUringSupport.unavailabilityCause();
        return null == cause ? Optional.empty() : Optional.of(cause.toString());
    }

    /**
     * Which backend serves {@code file:}.
     *
     * @return {@code "io_uring"} (kernel SQEs, see {@code docs/concepts/io_uring.md}) or {@code "nio"} (FileChannel
     *         on virtual threads).
     */
    public String fileBackend()
    {
        return fileBackend;
    }

    /**
     * Dispatchers serving rings now, for diagnostics and tests.
     *
     * @return a snapshot.
     */
    List<Dispatcher> dispatchers()
    {
        return List.copyOf(dispatchers);
    }

    /**
     * Stops every dispatcher (their rings' operations complete with ECANCELED where they can still be stopped, their
     * server ends close, so clients see {@link Ring#PEER_CLOSED}), closes every mounted scheme, the worker threads
     * and, if the runtime made it, the pool. Idempotent.
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
        for (final Dispatcher dispatcher : dispatchers)
        {
            dispatcher.stop();
        }
        for (final Dispatcher dispatcher : List.copyOf(dispatchers))
        {
            try
            {
                dispatcher.awaitExit(STOP_TIMEOUT_NANOS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (final String name : namespace.names())
        {
            final Scheme scheme = namespace.unmount(name);
            if (null != scheme)
            {
                scheme.close();
            }
        }
        workers.close();
        if (ownsPool)
        {
            pool.close(Duration.ofSeconds(5));
        }
    }
}
