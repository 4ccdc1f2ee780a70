package io.ringwork.serve;

import io.ringwork.Completion;
import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingFutures;
import io.ringwork.RingworkException;
import io.ringwork.SchemeConnection;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the scheme server tests share: writing strings into a pool, and one blocking OPEN.
 */
final class ServeTestSupport
{
    static final long SECOND = 1_000_000_000L;

    private ServeTestSupport()
    {
    }

    /**
     * Copies a string into a new pool buffer.
     *
     * @param pool the pool.
     * @param text UTF-8 text.
     * @return the buffer's reference; its length is the text's UTF-8 length.
     */
    static long put(final BufferPool pool, final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final long ref = pool.allocate(Math.max(1, bytes.length), 8);
        pool.slice(ref, bytes.length).copyFrom(MemorySegment.ofArray(bytes));
        return ref;
    }

    /**
     * Opens (creating) a path on a connection's ring and waits for the handle.
     *
     * @param connection attached.
     * @param path       such as {@code "store:a"}.
     * @return the handle number.
     */
    static long open(final SchemeConnection connection, final String path)
    {
        final Ring ring = connection.ring();
        final long ref = put(connection.pool(), path);
        ring.getSqe().prepOpen(ref, path.getBytes(StandardCharsets.UTF_8).length,
            VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE, 0).userData(-7);
        final int ready = ring.enter(1, 1, 10 * SECOND);
        if (ready < 1)
        {
            throw new IllegalStateException("no CQE for OPEN " + path + ": " + ready);
        }
        final Cqe cqe = ring.peekCqe();
        final long handle = cqe.result();
        final int error = cqe.error();
        ring.advanceCq(1);
        connection.pool().free(ref);
        if (0 != error)
        {
            throw new RingworkException(io.ringwork.Errno.of(error), "OPEN " + path);
        }
        return handle;
    }

    /**
     * After the serving side stopped: every parked operation completes, each with an ECANCELED CQE; the connection
     * sees the server gone within 5 s; and the next submission fails with EPIPE.
     */
    static void assertParkedCancelledThenPipe(final SchemeConnection connection,
        final List<CompletableFuture<Completion>> parked) throws InterruptedException
    {
        final RingFutures futures = connection.futures();
        while (futures.inFlight() > 0)
        {
            assertTrue(futures.enter(1, 10 * SECOND) > 0, "a completion within 10 s");
        }
        for (final CompletableFuture<Completion> future : parked)
        {
            assertEquals(Errno.ECANCELED, future.join().errno(), "parked work is cancelled, with a CQE each");
        }
        final long deadline = System.nanoTime() + 5 * SECOND;
        while (!connection.isServerGone() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertTrue(connection.isServerGone());
        assertEquals(Errno.EPIPE, futures.submit(futures.sqe().prepNop()).join().errno());
    }
}
