package io.ringwork.examples.kv;

import io.ringwork.Cqe;
import io.ringwork.CqeHandler;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingworkException;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A blocking client of {@code kv:} over any ring whose server reaches the scheme: a runtime's ring with
 * {@code runtime.mount("kv", new KvScheme())}, or a connection to a published scheme. Each call is one chain in one
 * submit — open, then the verb, then close, the handle flowing through register R0 — and waits for its three
 * completions, so a call costs one round trip.
 * {@snippet lang=java :
 * try (KvClient kv = new KvClient(ring, pool))
 * {
 *     kv.put("greeting", "hello".getBytes(StandardCharsets.UTF_8));
 *     byte[] value = kv.get("greeting");         // null if the key does not exist
 *     boolean deleted = kv.delete("greeting");
 * }
 * }
 * The client owns the ring while it is used (its user data and register R0) and, like the ring, is used by one
 * thread at a time. Values up to {@code maxValueBytes} travel through one buffer it allocates from the pool.
 * A put empties the value before writing it, so a concurrent reader may see it empty in between.
 */
public final class KvClient implements AutoCloseable
{
    /** Largest value a client made by {@link #KvClient(Ring, BufferPool)} reads or writes. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;

    /** How long a client made by {@link #KvClient(Ring, BufferPool)} waits for one call. */
    public static final long DEFAULT_TIMEOUT_NANOS = 5_000_000_000L;

    private static final int CHAIN = 3;
    private static final int HANDLE_REGISTER = 0;
    private static final long ALIGNMENT = 64;

    private final Ring ring;
    private final BufferPool pool;
    private final byte[] prefix;
    private final int maxValueBytes;
    private final long timeoutNanos;
    private final long pathRef;
    private final int pathCapacity;
    private final long valueRef;
    private final long[] results = new long[CHAIN];
    private final int[] errors = new int[CHAIN];
    private final CqeHandler collector = this::collect;
    private long firstUserData = 1;
    private int collected;
    private boolean closed;

    /**
     * A client of the scheme mounted as {@code kv}, for values up to {@value #DEFAULT_MAX_VALUE_BYTES} bytes, waiting
     * up to five seconds per call.
     *
     * @param ring a ring served by a runtime or scheme server that mounts {@code kv}.
     * @param pool the buffer pool that server resolves buffer references in.
     */
    public KvClient(final Ring ring, final BufferPool pool)
    {
        this(ring, pool, "kv", DEFAULT_MAX_VALUE_BYTES, DEFAULT_TIMEOUT_NANOS);
    }

    /**
     * A client with its own scheme name, largest value and wait.
     *
     * @param ring          a ring served by a runtime or scheme server that mounts {@code scheme}.
     * @param pool          the buffer pool that server resolves buffer references in.
     * @param scheme        the name the scheme is mounted or published under.
     * @param maxValueBytes largest value read or written, at least 1.
     * @param timeoutNanos  how long one call waits for its completions, more than 0.
     * @throws IllegalArgumentException for an empty scheme name or one with a colon, a bound out of range, or a ring
     *                                  whose SQ cannot hold a chain of three.
     */
    public KvClient(final Ring ring, final BufferPool pool, final String scheme, final int maxValueBytes,
        final long timeoutNanos)
    {
        if (maxValueBytes < 1 || timeoutNanos <= 0 || scheme.isEmpty() || scheme.indexOf(':') >= 0 ||
            ring.sqEntries() < CHAIN)
        {
            throw new IllegalArgumentException("scheme=" + scheme + " maxValueBytes=" + maxValueBytes +
                " timeoutNanos=" + timeoutNanos + " sqEntries=" + ring.sqEntries() + " (at least " + CHAIN + ")");
        }
        this.ring = ring;
        this.pool = pool;
        this.prefix = (scheme + ":").getBytes(StandardCharsets.UTF_8);
        this.maxValueBytes = maxValueBytes;
        this.timeoutNanos = timeoutNanos;
        this.pathCapacity = prefix.length + KvScheme.MAX_KEY_LENGTH * 4;
        this.pathRef = pool.allocate(pathCapacity, ALIGNMENT);
        try
        {
            // One byte more than the largest value, so a read that fills it shows the value did not fit.
            this.valueRef = pool.allocate(maxValueBytes + 1L, ALIGNMENT);
        }
        catch (final RuntimeException ex)
        {
            pool.free(pathRef);
            throw ex;
        }
    }

    /**
     * Sets a key's value, creating the key if needed.
     *
     * @param key   1 to 255 characters, no control characters.
     * @param value at most {@code maxValueBytes} bytes.
     * @throws RingworkException with the scheme's errno ({@code ENOSPC} the store is full, {@code EFBIG} the value
     *                           is larger than the store takes), {@code EINVAL} for a bad key or a value larger than
     *                           this client's buffer, {@code ETIMEDOUT}, or {@code EPIPE} if the server is gone.
     */
    public void put(final String key, final byte[] value)
    {
        ensureOpen();
        if (value.length > maxValueBytes)
        {
            throw new RingworkException(Errno.EINVAL, "value of " + value.length + " bytes exceeds this client's " +
                maxValueBytes);
        }
        final int pathLength = path(key);
        MemorySegment.copy(value, 0, pool.slice(valueRef, maxValueBytes), JAVA_BYTE, 0, value.length);
        final long base = firstUserData;
        sqe().prepOpen(pathRef, pathLength, VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE | VerbFlags.OPEN_TRUNCATE, 0)
            .userData(base).saveResult(HANDLE_REGISTER).flags(Sqe.LINK);
        sqe().prepWrite(0, valueRef, value.length, 0).loadArg(0, HANDLE_REGISTER).userData(base + 1)
            .flags(Sqe.HARDLINK);
        sqe().prepClose(0).loadArg(0, HANDLE_REGISTER).userData(base + 2);
        run("put " + key);
        check(0, key);
        check(1, key);
        if (results[1] != value.length)
        {
            throw new RingworkException(Errno.EIO, "kv: put " + key + " wrote " + results[1] + " of " +
                value.length + " bytes");
        }
    }

    /**
     * A key's value.
     *
     * @param key 1 to 255 characters, no control characters.
     * @return a copy of the value, or null if the key does not exist.
     * @throws RingworkException {@code EOVERFLOW} if the value is larger than this client's buffer, {@code EINVAL}
     *                           for a bad key, {@code ETIMEDOUT}, or {@code EPIPE} if the server is gone.
     */
    public byte[] get(final String key)
    {
        final int pathLength = path(key);
        if (!readChain(pathLength, "get " + key))
        {
            return null;
        }
        return copyValue();
    }

    /**
     * Deletes a key.
     *
     * @param key 1 to 255 characters, no control characters.
     * @return true if it existed and this call deleted it.
     * @throws RingworkException {@code EINVAL} for a bad key, {@code ETIMEDOUT}, or {@code EPIPE} if the server is
     *                           gone.
     */
    public boolean delete(final String key)
    {
        final int pathLength = path(key);
        final long base = firstUserData;
        sqe().prepOpen(pathRef, pathLength, VerbFlags.OPEN_WRITE, 0).userData(base).saveResult(HANDLE_REGISTER)
            .flags(Sqe.LINK);
        sqe().prepUser(KvScheme.KV_DELETE, 0, 0, 0, 0, 0).loadArg(0, HANDLE_REGISTER).userData(base + 1)
            .flags(Sqe.HARDLINK);
        sqe().prepClose(0).loadArg(0, HANDLE_REGISTER).userData(base + 2);
        run("delete " + key);
        if (Errno.ENOENT.number() == errors[0] || Errno.ENOENT.number() == errors[1])
        {
            return false;
        }
        check(0, key);
        check(1, key);
        return true;
    }

    /**
     * Every key, sorted.
     *
     * @return the keys when the call ran.
     * @throws RingworkException {@code EOVERFLOW} if the listing is larger than this client's buffer,
     *                           {@code ETIMEDOUT}, or {@code EPIPE} if the server is gone.
     */
    public List<String> keys()
    {
        ensureOpen();
        pool.slice(pathRef, prefix.length).copyFrom(MemorySegment.ofArray(prefix));
        if (!readChain(prefix.length, "keys"))
        {
            throw new RingworkException(Errno.ENOENT, "kv: no listing");
        }
        final String text = new String(copyValue(), StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /**
     * Opens the path for reading, reads it into the value buffer and closes it, in one chain.
     *
     * @return false if it does not exist.
     */
    private boolean readChain(final int pathLength, final String what)
    {
        final long base = firstUserData;
        sqe().prepOpen(pathRef, pathLength, VerbFlags.OPEN_READ, 0).userData(base).saveResult(HANDLE_REGISTER)
            .flags(Sqe.LINK);
        sqe().prepRead(0, valueRef, maxValueBytes + 1L, 0).loadArg(0, HANDLE_REGISTER).userData(base + 1)
            .flags(Sqe.HARDLINK);
        sqe().prepClose(0).loadArg(0, HANDLE_REGISTER).userData(base + 2);
        run(what);
        if (Errno.ENOENT.number() == errors[0])
        {
            return false;
        }
        check(0, what);
        check(1, what);
        if (results[1] > maxValueBytes)
        {
            throw new RingworkException(Errno.EOVERFLOW, "kv: " + what + ": the value is larger than this client's " +
                maxValueBytes + " bytes");
        }
        return true;
    }

    private byte[] copyValue()
    {
        final int length = (int)results[1];
        final byte[] out = new byte[length];
        MemorySegment.copy(pool.slice(valueRef, maxValueBytes), JAVA_BYTE, 0, out, 0, length);
        return out;
    }

    /**
     * Writes {@code scheme:key} into the path buffer.
     *
     * @return its length in bytes.
     */
    private int path(final String key)
    {
        ensureOpen();
        final Errno invalid = KvScheme.checkKey(key);
        if (Errno.EOK != invalid)
        {
            throw new RingworkException(Errno.EINVAL, "kv: key \"" + key + "\": " + invalid.name() +
                " (1 to 255 characters, no control characters)");
        }
        final byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        final MemorySegment path = pool.slice(pathRef, pathCapacity);
        MemorySegment.copy(prefix, 0, path, JAVA_BYTE, 0, prefix.length);
        MemorySegment.copy(bytes, 0, path, JAVA_BYTE, prefix.length, bytes.length);
        return prefix.length + bytes.length;
    }

    /**
     * Checks the client is open and waits until the SQ has room for a whole chain, so a chain is never left half
     * claimed.
     */
    private void ensureOpen()
    {
        if (closed)
        {
            throw new RingworkException(Errno.EBADF, "kv: client closed");
        }
        if (ring.sqSpace() < CHAIN)
        {
            final int space = ring.awaitSqSpace(CHAIN, timeoutNanos);
            if (space < CHAIN)
            {
                throw new RingworkException(Ring.PEER_CLOSED == space ? Errno.EPIPE :
                    Ring.BROKEN == space ? Errno.EIO : Errno.EAGAIN,
                    "kv: no room for a chain of " + CHAIN + " SQEs (free: " + space + ")");
            }
        }
    }

    private Sqe sqe()
    {
        final Sqe sqe = ring.getSqe();
        if (null == sqe)
        {
            throw new IllegalStateException("kv: an SQE vanished after its room was checked");
        }
        return sqe;
    }

    /**
     * Submits the chain claimed and waits for its three completions.
     */
    private void run(final String what)
    {
        collected = 0;
        for (int i = 0; i < CHAIN; i++)
        {
            errors[i] = -1;
        }
        ring.submit();
        final long deadline = System.nanoTime() + timeoutNanos;
        while (collected < CHAIN)
        {
            final long remaining = deadline - System.nanoTime();
            final int ready = ring.awaitCqes(1, Math.max(0, remaining));
            if (ready > 0)
            {
                ring.forEachCqe(collector, Integer.MAX_VALUE);
                continue;
            }
            if (Ring.PEER_CLOSED == ready || Ring.BROKEN == ready)
            {
                ring.forEachCqe(collector, Integer.MAX_VALUE);
                if (collected < CHAIN)
                {
                    firstUserData += CHAIN;
                    throw new RingworkException(Ring.PEER_CLOSED == ready ? Errno.EPIPE : ring.brokenReason(),
                        "kv: " + what + ": " + (Ring.PEER_CLOSED == ready ? "the server is gone" : "ring broken"));
                }
            }
            else if (remaining <= 0)
            {
                firstUserData += CHAIN;
                throw new RingworkException(Errno.ETIMEDOUT, "kv: " + what + ": " + collected + " of " + CHAIN +
                    " completions after " + timeoutNanos / 1_000_000 + " ms");
            }
        }
        firstUserData += CHAIN;
    }

    private void collect(final Cqe cqe)
    {
        // Completions of an earlier call that timed out carry older user data and are dropped.
        final long index = cqe.userData() - firstUserData;
        if (index >= 0 && index < CHAIN && errors[(int)index] < 0)
        {
            results[(int)index] = cqe.result();
            errors[(int)index] = cqe.error();
            collected++;
        }
    }

    private void check(final int index, final String what)
    {
        if (0 != errors[index])
        {
            final Errno errno = Errno.of(errors[index]);
            throw new RingworkException(errno, "kv: " + what + ": " + errno.name());
        }
    }

    /**
     * Frees the client's buffers; the ring and the pool stay open.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            pool.free(valueRef);
            pool.free(pathRef);
        }
    }
}
