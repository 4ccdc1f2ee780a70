package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.attach.AttachClient;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ring attached to a scheme another process publishes with {@link SchemeServer}: Redox's user→user mode. The
 * client makes a ring file and a buffer pool (mode 0600) next to the scheme's socket, connects, and names them; the
 * server maps both. SQEs then go straight to the server's thread through shared memory, and their buffer references
 * point into {@link #pool()}, which both processes map: payloads cross without copies.
 * {@snippet lang=java :
 * try (SchemeConnection kv = SchemeConnection.connect("kv")) {
 *     Ring ring = kv.ring();
 *     long path = kv.pool().allocate(64, 8);          // "kv:greeting" written into it
 *     ring.getSqe().prepOpen(path, 11, VerbFlags.OPEN_READ, 0).userData(1);
 *     ring.enter(1, 1, 1_000_000_000L);
 * }
 * }
 * <b>When the server goes.</b> The attach socket is the lifetime anchor: when the server closes or dies, the ring is
 * marked closed at once, so waits return {@link Ring#PEER_CLOSED}, and {@link #futures()} completes every operation
 * still in flight, and any submitted later, with {@link Errno#EPIPE}. Nothing hangs.
 */
public final class SchemeConnection implements AutoCloseable
{
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private final String name;
    private final Ring ring;
    private final BufferPool pool;
    private final boolean ownsPool;
    private final Path poolDirectory;
    private final AttachClient client;
    private final RingFutures futures;
    private volatile boolean serverGone;
    private boolean closed;

    private SchemeConnection(final String name, final Ring ring, final BufferPool pool, final boolean ownsPool,
        final Path socket, final Path ringFile, final Path poolDirectory)
    {
        this.name = name;
        this.ring = ring;
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.poolDirectory = poolDirectory;
        this.futures = new RingFutures(ring);
        this.client = AttachClient.connect(socket, ringFile, poolDirectory, this::serverGone);
    }

    /**
     * Attaches to a scheme published in the default directory.
     *
     * @param name the scheme's name.
     * @return the connection.
     * @throws RingworkException {@link Errno#ENOENT} if no server publishes it, or the server's refusal.
     */
    public static SchemeConnection connect(final String name)
    {
        return connect(name, SchemeConnectionOptions.defaults());
    }

    /**
     * Attaches to a published scheme.
     *
     * @param name    the scheme's name.
     * @param options where it is published, the ring and the pool.
     * @return the connection.
     * @throws RingworkException {@link Errno#ENOENT} if no server publishes it, {@link Errno#EACCES} or
     *                           {@link Errno#EPROTO} when the server refuses (its message says why).
     */
    public static SchemeConnection connect(final String name, final SchemeConnectionOptions options)
    {
        return connect(name, options, null);
    }

    /**
     * Attaches a ring whose buffer references point into a shared pool the caller owns (a runtime's, for the
     * kernel→user mode): the server maps that pool, and closing the connection leaves it open.
     *
     * @param name       the scheme's name.
     * @param options    where it is published, and the ring; its pool options are not used.
     * @param sharedPool a pool made with {@code BufferPool.createShared}, or null for a pool of the connection's own.
     * @return the connection.
     */
    static SchemeConnection connect(final String name, final SchemeConnectionOptions options,
        final BufferPool sharedPool)
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        final Path directory = options.directory();
        final Path socket = directory.resolve(name + ".sock");
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS))
        {
            throw new RingworkException(Errno.ENOENT, "no scheme " + name + " is published in " + directory);
        }
        final String base = name + "." + ProcessHandle.current().pid() + "." + CONNECTIONS.incrementAndGet();
        final Path ringFile = directory.resolve(base + ".ring");
        final Ring ring = Ring.createShared(ringFile, options.ring());
        BufferPool pool = sharedPool;
        try
        {
            final Path poolDirectory;
            if (null == sharedPool)
            {
                poolDirectory = directory.resolve(base + ".pool");
                pool = BufferPool.createShared(poolDirectory, options.pool());
            }
            else
            {
                poolDirectory = sharedPool.directory().orElseThrow(() -> new RingworkException(Errno.EINVAL,
                    "the pool of a connection to " + name + " must be shared (BufferPool.createShared)"));
            }
            return new SchemeConnection(name, ring, pool, null == sharedPool, socket, ringFile, poolDirectory);
        }
        catch (final RuntimeException ex)
        {
            ring.close();
            if (null != pool && null == sharedPool)
            {
                closeOwnPool(pool, directory.resolve(base + ".pool"));
            }
            throw ex;
        }
    }

    /**
     * Runs once, on the watcher thread, when the socket ends: wakes every wait on the ring with PEER_CLOSED.
     */
    private void serverGone()
    {
        serverGone = true;
        synchronized (this)
        {
            // Under the lock, against close(): a ring being unmapped must not be in a futex call on this thread.
            if (!closed)
            {
                ring.markPeerClosed();
            }
        }
    }

    /**
     * The scheme's name.
     *
     * @return as connected.
     */
    public String name()
    {
        return name;
    }

    /**
     * The ring to the scheme; for one thread at a time, like any client end.
     *
     * @return the client end.
     */
    public Ring ring()
    {
        return ring;
    }

    /**
     * The buffer pool the server maps: SQEs' buffer references point into it.
     *
     * @return the pool this connection owns.
     */
    public BufferPool pool()
    {
        return pool;
    }

    /**
     * The CompletableFuture path over {@link #ring()}; it owns the ring's user data, so use either it or the raw
     * ring, not both.
     *
     * @return the futures of this connection.
     */
    public RingFutures futures()
    {
        return futures;
    }

    /**
     * The server's process id, as it reported it.
     *
     * @return pid.
     */
    public long serverPid()
    {
        return client.serverPid();
    }

    /**
     * Whether the server closed or died.
     *
     * @return true once the attach socket has ended.
     */
    public boolean isServerGone()
    {
        return serverGone;
    }

    /**
     * Detaches: closes the ring (the server finishes it: what is still in flight is cancelled), the socket, and
     * the pool, removing this client's files. Idempotent.
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
        // The socket first: its watcher thread is done with the ring once close() has joined it.
        client.close();
        ring.close();
        if (ownsPool)
        {
            closeOwnPool(pool, poolDirectory);
        }
    }

    /**
     * Closes a pool this connection made, which removes its segment files, and then its directory.
     */
    private static void closeOwnPool(final BufferPool pool, final Path directory)
    {
        pool.close();
        try
        {
            Files.deleteIfExists(directory);
        }
        catch (final java.io.IOException ex)
        {
            // Not empty (a segment the pool could not remove) or already gone: nothing more to do here.
        }
    }

    @Override
    public String toString()
    {
        return "SchemeConnection[" + name + ", server pid " + client.serverPid() + (serverGone ? ", gone]" : "]");
    }
}
