package io.ringwork.internal.buffer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoolLockTest
{
    @Test
    void shouldInvalidateAnOptimisticStampOnceAHolderRan()
    {
        final PoolLock lock = new PoolLock();
        final long stamp = lock.tryOptimisticRead();
        assertNotEquals(PoolLock.NO_STAMP, stamp);
        assertTrue(lock.validate(stamp));
        final long held = lock.lock();
        assertTrue(lock.isLocked());
        assertEquals(PoolLock.NO_STAMP, lock.tryOptimisticRead(), "no stamp while held");
        assertFalse(lock.validate(stamp));
        lock.unlock(held);
        assertFalse(lock.isLocked());
        assertFalse(lock.validate(stamp), "a holder ran since the stamp");
        assertFalse(lock.validate(PoolLock.NO_STAMP));
        assertTrue(lock.validate(lock.tryOptimisticRead()));
    }

    @Test
    void shouldRefuseAStampThatDoesNotHoldTheLock()
    {
        final PoolLock lock = new PoolLock();
        final long held = lock.lock();
        assertThrows(IllegalMonitorStateException.class, () -> lock.unlock(held + 2));
        lock.unlock(held);
        assertThrows(IllegalMonitorStateException.class, () -> lock.unlock(held), "already released");
        assertThrows(IllegalMonitorStateException.class, () -> lock.unlock(lock.tryOptimisticRead()));
    }

    @Test
    void shouldHandTheLockToAWaiterThatParkedBehindALongHolder() throws Exception
    {
        // The holder keeps the lock long enough for the waiter to spin, yield and park several times; nobody wakes
        // it, so it must notice the release on its own, and it keeps the interrupt it got while waiting.
        final PoolLock lock = new PoolLock();
        final long held = lock.lock();
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicLong acquiredAt = new AtomicLong();
        final AtomicBoolean stillInterrupted = new AtomicBoolean();
        final Thread waiter = Thread.ofPlatform().start(() ->
        {
            started.countDown();
            final long stamp = lock.lock();
            acquiredAt.set(System.nanoTime());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
            lock.unlock(stamp);
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        waiter.interrupt();
        Thread.sleep(50);
        assertTrue(waiter.isAlive(), "still waiting while the lock is held");
        final long releasedAt = System.nanoTime();
        lock.unlock(held);
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        assertTrue(stillInterrupted.get(), "the interrupt is kept");
        // Within a few parks of at most 100 microseconds each, with plenty of room for a loaded machine.
        assertTrue(acquiredAt.get() - releasedAt < TimeUnit.SECONDS.toNanos(1),
            "took " + (acquiredAt.get() - releasedAt) + " ns");
        assertFalse(lock.isLocked());
    }

    @Test
    void shouldLoseNoUpdateBetweenManyHolders() throws Exception
    {
        final PoolLock lock = new PoolLock();
        final long[] counter = new long[1];
        final int threads = 4;
        final int rounds = 200_000;
        final Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = Thread.ofPlatform().start(() ->
            {
                for (int i = 0; i < rounds; i++)
                {
                    final long stamp = lock.lock();
                    try
                    {
                        counter[0]++;
                    }
                    finally
                    {
                        lock.unlock(stamp);
                    }
                }
            });
        }
        for (final Thread worker : workers)
        {
            worker.join(60_000);
            assertFalse(worker.isAlive());
        }
        assertEquals((long)threads * rounds, counter[0]);
    }
}
