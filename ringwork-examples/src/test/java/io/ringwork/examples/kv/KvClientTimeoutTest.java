package io.ringwork.examples.kv;

import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.RingworkException;
import io.ringwork.ServedRing;
import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferPoolOptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KvClient} against a server that answers late, played by hand on the other end of a real ring: a call that
 * gets no answer fails with ETIMEDOUT instead of hanging, and the late answers to it do not confuse the next call.
 */
class KvClientTimeoutTest
{
    @Test
    void shouldTimeOutAndThenIgnoreTheLateCompletionsOfTheCallThatTimedOut() throws Exception
    {
        try (BufferPool pool = BufferPool.create(BufferPoolOptions.defaults());
            Ring ring = Ring.create(RingOptions.defaults().withEntries(8, 16));
            ServedRing server = ring.serverEnd();
            KvClient kv = new KvClient(ring, pool, "kv", 64, TimeUnit.MILLISECONDS.toNanos(100)))
        {
            final long start = System.nanoTime();
            final RingworkException timedOut = assertThrows(RingworkException.class, () -> kv.get("late"));
            assertEquals(Errno.ETIMEDOUT, timedOut.errno());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));

            // The server wakes up: it answers the first chain as if the key existed with 3 bytes, and every later
            // OPEN with ENOENT. Had the client taken the first answers for the second call, it would return bytes.
            final Thread answering = Thread.ofPlatform().start(() ->
            {
                int answered = 0;
                while (answered < 6 && server.awaitSqes(TimeUnit.SECONDS.toNanos(10)) > 0)
                {
                    final int first = answered;
                    final int[] count = {0};
                    server.forEachSqe(sqe ->
                    {
                        final boolean stale = first + count[0] < 3;
                        final boolean open = Opcode.OPEN.code() == sqe.opcode();
                        final int error = stale || !open ? (stale ? 0 : Errno.ECANCELED.number()) :
                            Errno.ENOENT.number();
                        server.postCqe(sqe.userData(), stale && !open ? 3 : 0, error, sqe.opcode(), 0, 0);
                        count[0]++;
                    }, 16);
                    server.publishCqes();
                    answered += count[0];
                }
            });
            assertNull(kv.get("late"), "the second call sees its own ENOENT, not the first call's answers");
            answering.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void shouldRefuseARingTooSmallForAChain()
    {
        try (BufferPool pool = BufferPool.create(BufferPoolOptions.defaults());
            Ring ring = Ring.create(RingOptions.defaults().withEntries(2, 2)))
        {
            assertThrows(IllegalArgumentException.class, () -> new KvClient(ring, pool));
        }
    }
}
