package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code enter}: submit, wake, wait for completions; a second thread entering a single-producer ring gets EBUSY.
 */
class EnterTest
{
    @Test
    void shouldWaitForTheCompletionsAskedFor()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().userData(1);
            f.sqe().prepNop().timeoutNanos(5_000_000L).userData(2);
            assertEquals(2, f.ring.enter(Integer.MAX_VALUE, 2, RuntimeFixture.WAIT_NANOS));
            assertEquals(2, f.await(2).size());
            assertEquals(0, f.ring.enter(0, 1, 1_000_000L), "nothing in flight: the wait times out");
        }
    }

    @Test
    void shouldAnswerEbusyToASecondThreadInsideEnter() throws Exception
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().timeoutNanos(200_000_000L);
            final CountDownLatch inside = new CountDownLatch(1);
            final CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() ->
            {
                inside.countDown();
                return f.ring.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS);
            });
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            RingworkException busy = null;
            try
            {
                f.ring.enter(0, 0, 0);
            }
            catch (final RingworkException ex)
            {
                busy = ex;
            }
            assertEquals(Errno.EBUSY, null == busy ? null : busy.errno());
            assertEquals(1, first.get(10, TimeUnit.SECONDS));
            assertEquals(Errno.ETIMEDOUT, f.await(1).get(0).errno());
        }
    }

    @Test
    void shouldRefuseNothingWhenEntriesComeFromOneThreadAtATime()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            assertThrows(IllegalArgumentException.class, () -> f.ring.register(7, 0));
            for (int i = 0; i < 100; i++)
            {
                f.sqe().prepNop().userData(i);
                assertEquals(1, f.ring.enter(1, 1, RuntimeFixture.WAIT_NANOS));
                f.ring.advanceCq(1);
            }
        }
    }
}
