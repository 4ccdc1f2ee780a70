package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.linux.uring.IoUringFileScheme;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A runtime and one ring served by it, with helpers to put text in pool buffers, claim SQEs and collect CQEs.
 */
final class RuntimeFixture implements AutoCloseable
{
    static final long WAIT_NANOS = 10_000_000_000L;

    final Ringwork runtime;
    final Ring ring;
    final BufferPool pool;

    /**
     * The runtime's io_uring {@code file:} scheme, for its counters and setup: taken out of the mount table and put
     * back, as the runtime offers no other way to it.
     *
     * @param runtime a runtime on io_uring.
     * @return its {@code file:} scheme.
     */
    static IoUringFileScheme fileScheme(final Ringwork runtime)
    {
        final IoUringFileScheme scheme = (IoUringFileScheme)runtime.unmount("file");
        runtime.mount("file", scheme);
        return scheme;
    }

    RuntimeFixture()
    {
        this(RingworkOptions.defaults(), RingOptions.defaults());
    }

    RuntimeFixture(final RingworkOptions options, final RingOptions ringOptions)
    {
        runtime = Ringwork.start(options);
        ring = runtime.open(ringOptions);
        pool = runtime.pool();
    }

    Sqe sqe()
    {
        final Sqe sqe = ring.getSqe();
        assertNotNull(sqe, "SQ full");
        return sqe;
    }

    long text(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long ref = pool.allocate(Math.max(1, bytes.length), 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, pool.slice(ref, bytes.length), 0, bytes.length);
        return ref;
    }

    static long length(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    long buffer(final long size)
    {
        final long ref = pool.allocate(size, 64);
        pool.slice(ref, size).fill((byte)0);
        return ref;
    }

    String read(final long ref, final long length)
    {
        return new String(pool.slice(ref, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /**
     * Submits everything claimed and waits for exactly {@code count} completions.
     */
    List<Completion> submitAndWait(final int count)
    {
        ring.enter(Integer.MAX_VALUE, 0, 0);
        return await(count);
    }

    List<Completion> await(final int count)
    {
        final List<Completion> out = new ArrayList<>();
        final long deadline = System.nanoTime() + WAIT_NANOS;
        while (out.size() < count)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                break;
            }
            if (ring.awaitCqes(1, left) > 0)
            {
                ring.forEachCqe(cqe -> out.add(Completion.of(cqe)), count - out.size());
            }
        }
        assertEquals(count, out.size(), "completions: " + out);
        return out;
    }

    /**
     * Opens a path and returns the handle, failing the test if the OPEN fails.
     */
    long open(final String path, final int flags)
    {
        sqe().prepOpen(text(path), length(path), flags, 0).userData(-1);
        final Completion done = one();
        assertEquals(0, done.error(), () -> "OPEN " + path + ": " + done);
        return done.result();
    }

    /**
     * Submits one SQE already prepared and returns its errno.
     */
    Errno errno()
    {
        return one().errno();
    }

    /**
     * Submits and waits for one completion.
     */
    Completion one()
    {
        return submitAndWait(1).get(0);
    }

    @Override
    public void close()
    {
        ring.close();
        runtime.close();
    }
}
