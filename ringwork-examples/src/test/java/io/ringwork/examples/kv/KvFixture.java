package io.ringwork.examples.kv;

import io.ringwork.Completion;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.Ringwork;
import io.ringwork.Sqe;
import io.ringwork.buffer.BufferPool;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real runtime with {@code kv:} mounted and one ring it serves, with helpers to submit raw SQEs and collect their
 * completions. SQEs submitted here carry user data from {@link #RAW_USER_DATA} up, which a {@link KvClient} on the
 * same ring never uses.
 */
final class KvFixture implements AutoCloseable
{
    static final long WAIT_NANOS = 10_000_000_000L;
    static final long RAW_USER_DATA = 1L << 40;

    final Ringwork runtime;
    final KvScheme scheme;
    final Ring ring;
    final BufferPool pool;
    private long nextUserData = RAW_USER_DATA;

    KvFixture()
    {
        this(new KvScheme());
    }

    KvFixture(final KvScheme scheme)
    {
        this.runtime = Ringwork.start();
        this.scheme = scheme;
        runtime.mount("kv", scheme);
        this.ring = runtime.open();
        this.pool = runtime.pool();
    }

    KvClient client()
    {
        return new KvClient(ring, pool);
    }

    Sqe sqe()
    {
        final Sqe sqe = ring.getSqe();
        assertNotNull(sqe, "SQ full");
        return sqe.userData(nextUserData++);
    }

    long text(final String text)
    {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    long bytes(final byte[] bytes)
    {
        final long ref = pool.allocate(Math.max(1, bytes.length), 64);
        MemorySegment.copy(bytes, 0, pool.slice(ref, Math.max(1, bytes.length)), JAVA_BYTE, 0, bytes.length);
        return ref;
    }

    byte[] read(final long ref, final long length)
    {
        return pool.slice(ref, length).toArray(JAVA_BYTE);
    }

    static long length(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Submits everything claimed and waits for exactly {@code count} completions, in completion order.
     */
    List<Completion> submitAndWait(final int count)
    {
        ring.submit();
        final List<Completion> out = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT_NANOS;
        while (out.size() < count && deadline - System.nanoTime() > 0)
        {
            if (ring.awaitCqes(1, deadline - System.nanoTime()) > 0)
            {
                ring.forEachCqe(cqe -> out.add(Completion.of(cqe)), count - out.size());
            }
        }
        assertEquals(count, out.size(), "completions: " + out);
        return out;
    }

    Completion one()
    {
        return submitAndWait(1).get(0);
    }

    Errno errno()
    {
        return one().errno();
    }

    /**
     * Opens {@code kv:<key>} (or any path with its prefix) and returns the errno.
     */
    Errno openErrno(final String path, final int flags)
    {
        final Completion done = openRaw(path, flags);
        if (done.isOk())
        {
            closeHandle(done.result());
        }
        return done.errno();
    }

    Completion openRaw(final String path, final int flags)
    {
        final long ref = text(path);
        sqe().prepOpen(ref, length(path), flags, 0);
        final Completion done = one();
        pool.free(ref);
        return done;
    }

    long open(final String path, final int flags)
    {
        final Completion done = openRaw(path, flags);
        assertEquals(Errno.EOK, done.errno(), () -> "OPEN " + path + ": " + done);
        return done.result();
    }

    void closeHandle(final long handle)
    {
        sqe().prepClose(handle);
        assertEquals(Errno.EOK, errno());
    }

    Completion write(final long handle, final byte[] data, final long position)
    {
        final long ref = bytes(data);
        sqe().prepWrite(handle, ref, data.length, position);
        final Completion done = one();
        pool.free(ref);
        return done;
    }

    /**
     * Reads up to {@code length} bytes at {@code position}, failing the test if the READ fails.
     */
    byte[] readAt(final long handle, final int length, final long position)
    {
        final long ref = pool.allocate(Math.max(1, length), 64);
        try
        {
            sqe().prepRead(handle, ref, length, position);
            final Completion done = one();
            assertEquals(Errno.EOK, done.errno(), () -> "READ: " + done);
            return read(ref, done.result());
        }
        finally
        {
            pool.free(ref);
        }
    }

    @Override
    public void close()
    {
        ring.close();
        runtime.close();
    }
}
