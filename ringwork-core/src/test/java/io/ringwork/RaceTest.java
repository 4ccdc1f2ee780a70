package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races between completion, cancel and timeout: whatever wins, every SQE gets exactly one CQE, a cancel's count
 * matches the ECANCELED completions it caused, a futex wake and a timeout never both claim one wait, and no buffer
 * guard leaks.
 */
class RaceTest
{
    private static final int RACES = 10_000;
    private static final int TARGETS_PER_ROUND = 50;

    @Test
    void shouldGiveEverySqeExactlyOneCqeUnderTenThousandCancelRaces()
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final RaceScheme scheme = new RaceScheme(7);
            f.runtime.mount("race", scheme);
            final long h = f.open("race:x", VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long buffer = f.buffer(64);
            long nextUserData = 1;
            long cancelledByCancels = 0;
            long cancelledSeen = 0;
            int races = 0;
            while (races < RACES)
            {
                final Map<Long, Integer> expected = new HashMap<>();
                final long first = nextUserData;
                for (int i = 0; i < TARGETS_PER_ROUND; i++)
                {
                    final long userData = nextUserData++;
                    switch (random.nextInt(4))
                    {
                        case 0 -> f.sqe().prepNop().timeoutNanos(1 + random.nextInt(200_000)).userData(userData);
                        case 1 -> f.sqe().prepWrite(h, buffer, 1 + random.nextInt(64), 0).userData(userData);
                        case 2 -> f.sqe().prepUser(RaceScheme.VERB, h, userData, 0, 0, 0).userData(userData)
                            .timeoutNanos(random.nextBoolean() ? 0 : 1 + random.nextInt(100_000));
                        default -> f.sqe().prepNop().timeoutNanos(60_000_000_000L).userData(userData);
                    }
                    expected.put(userData, 0);
                }
                f.submitAndWait(0);
                final Map<Long, Long> cancels = new HashMap<>();
                for (int i = 0; i < TARGETS_PER_ROUND; i++)
                {
                    final long target = first + i;
                    final long userData = -target;
                    f.sqe().prepCancel(target, 0).userData(userData);
                    cancels.put(userData, target);
                    if (0 == random.nextInt(8))
                    {
                        Thread.yield();
                    }
                    f.ring.submit();
                }
                for (final Completion done : f.await(2 * TARGETS_PER_ROUND))
                {
                    if (done.userData() < 0)
                    {
                        assertTrue(null != cancels.remove(done.userData()), "one CQE per CANCEL: " + done);
                        if (done.isOk())
                        {
                            assertEquals(1, done.result());
                            cancelledByCancels++;
                        }
                        else
                        {
                            assertTrue(Errno.ENOENT == done.errno() || Errno.EALREADY == done.errno(),
                                done.toString());
                        }
                    }
                    else
                    {
                        final Integer seen = expected.put(done.userData(), 1);
                        assertEquals(0, seen, "exactly one CQE per SQE: " + done);
                        if (Errno.ECANCELED == done.errno())
                        {
                            cancelledSeen++;
                        }
                    }
                }
                assertTrue(cancels.isEmpty());
                assertTrue(expected.values().stream().allMatch(v -> 1 == v));
                races += TARGETS_PER_ROUND;
            }
            assertEquals(cancelledByCancels, cancelledSeen, "every cancel counted is an ECANCELED completion");
            f.sqe().prepNop();
            assertEquals(Errno.EOK, f.errno());
            assertEquals(0, f.pool.activeGuards(), "no buffer guard outlives its operation");
        }
    }

    @Test
    void shouldNeverLetAFutexWakeAndATimeoutBothClaimOneWait()
    {
        final SplittableRandom random = new SplittableRandom(3);
        try (RuntimeFixture f = new RuntimeFixture();
             Ring waker = f.runtime.open())
        {
            final long word = f.buffer(64);
            int woken = 0;
            int timedOut = 0;
            for (int i = 0; i < 1_000; i++)
            {
                f.sqe().prepFutexWait(word, 0).timeoutNanos(1 + random.nextInt(100_000)).userData(1);
                f.ring.submit();
                final int spins = random.nextInt(50_000);
                for (int s = 0; s < spins; s++)
                {
                    Thread.onSpinWait();
                }
                waker.getSqe().prepFutexWake(word, 1).userData(2);
                assertEquals(1, waker.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS));
                final long wakes = waker.peekCqe().result();
                waker.advanceCq(1);
                final Completion wait = f.await(1).get(0);
                if (1 == wakes)
                {
                    assertEquals(Errno.EOK, wait.errno(), "a wake that found the waiter wins: iteration " + i);
                    woken++;
                }
                else
                {
                    assertEquals(0, wakes);
                    assertTrue(Errno.ETIMEDOUT == wait.errno() || Errno.EAGAIN == wait.errno(),
                        "iteration " + i + ": " + wait);
                    timedOut++;
                }
            }
            assertEquals(1_000, woken + timedOut);
            assertEquals(0, f.pool.activeGuards());
        }
    }

    @Test
    void shouldCompleteEachTimedOperationOnceWhicheverFinishesFirst()
    {
        final SplittableRandom random = new SplittableRandom(11);
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final RaceScheme scheme = new RaceScheme(13);
            f.runtime.mount("race", scheme);
            final long h = f.open("race:t", VerbFlags.OPEN_READ);
            int ok = 0;
            int timedOut = 0;
            for (int round = 0; round < 40; round++)
            {
                for (int i = 0; i < 50; i++)
                {
                    f.sqe().prepUser(RaceScheme.VERB, h, i, 0, 0, 0).timeoutNanos(1 + random.nextInt(50_000))
                        .userData(i);
                }
                final List<Completion> done = f.submitAndWait(50);
                final boolean[] seen = new boolean[50];
                for (final Completion c : done)
                {
                    assertTrue(!seen[(int)c.userData()], "twice: " + c);
                    seen[(int)c.userData()] = true;
                    if (c.isOk())
                    {
                        assertEquals(c.userData(), c.result());
                        ok++;
                    }
                    else
                    {
                        assertEquals(Errno.ETIMEDOUT, c.errno());
                        timedOut++;
                    }
                }
            }
            assertEquals(2_000, ok + timedOut);
            assertEquals(scheme.begun.get() + scheme.inline.get(), ok, "every success is a request the scheme ran");
        }
    }
}
