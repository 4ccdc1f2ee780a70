package io.ringwork;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NOP, NOP as a sleep, TIMEOUT (relative, absolute, by count, as a subscription) and per-SQE timeouts. Times are
 * only checked as lower bounds: the machine is shared.
 */
class TimerVerbsTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldCompleteNopAtOnceAndSleepWithATimeout()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().userData(5);
            assertEquals(new Completion(5, 0, 0, Opcode.NOP.code(), 0, 0), f.one());
            final long start = System.nanoTime();
            f.sqe().prepNop().timeoutNanos(20 * MS).userData(6);
            final Completion slept = f.one();
            assertEquals(Errno.ETIMEDOUT, slept.errno());
            assertTrue(System.nanoTime() - start >= 20 * MS);
        }
    }

    @Test
    void shouldExpireRelativeAndAbsoluteTimeouts()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            long start = System.nanoTime();
            f.sqe().prepTimeout(15 * MS, 0, 0);
            assertEquals(Errno.ETIMEDOUT, f.errno());
            assertTrue(System.nanoTime() - start >= 15 * MS);

            final Instant now = Instant.now();
            final long deadline = now.getEpochSecond() * 1_000_000_000L + now.getNano() + 15 * MS;
            start = System.nanoTime();
            f.sqe().prepTimeout(deadline, 0, VerbFlags.TIMEOUT_ABSOLUTE);
            assertEquals(Errno.ETIMEDOUT, f.errno());
            assertTrue(System.nanoTime() - start >= 10 * MS, "absolute deadline honoured");

            f.sqe().prepTimeout(1, 0, VerbFlags.TIMEOUT_ABSOLUTE);
            assertEquals(Errno.ETIMEDOUT, f.errno(), "a deadline in the past expires at once");
            f.sqe().prepTimeout(0, 0, 0);
            assertEquals(Errno.ETIMEDOUT, f.errno(), "no time and no count: expired");
            f.sqe().prepTimeout(MS, 0, VerbFlags.TIMEOUT_ETIME_SUCCESS);
            assertEquals(Errno.EOK, f.errno());
        }
    }

    @Test
    void shouldCompleteTimeoutAfterCountOtherCompletions()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepTimeout(60_000 * MS, 3, 0).userData(100);
            f.submitAndWait(0);
            for (int i = 0; i < 2; i++)
            {
                f.sqe().prepNop().userData(i);
                assertEquals(i, f.one().userData());
            }
            f.sqe().prepNop().userData(2);
            final List<Completion> done = f.submitAndWait(2);
            assertEquals(2, done.get(0).userData());
            assertEquals(new Completion(100, 0, 0, Opcode.TIMEOUT.code(), 0, 0), done.get(1));

            f.sqe().prepTimeout(0, 1, 0).userData(101);
            f.sqe().prepNop().userData(7);
            final List<Completion> countOnly = f.submitAndWait(2);
            assertEquals(101, countOnly.get(1).userData(), "count-only timeout: " + countOnly);
            assertEquals(Errno.EOK, countOnly.get(1).errno());
        }
    }

    @Test
    void shouldRejectBadTimeoutArguments()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepTimeout(-1, 0, 0);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepTimeout(MS, -1, 0);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepTimeout(MS, 0, 4);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepTimeout(MS, 0, VerbFlags.TIMEOUT_ABSOLUTE).flags(Sqe.SUBSCRIBE);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepTimeout(0, 0, 0).flags(Sqe.SUBSCRIBE);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepNop().timeoutNanos(-5);
            assertEquals(Errno.EINVAL, f.errno(), "a negative per-SQE timeout");
            f.sqe().prepNop().flags(Sqe.SUBSCRIBE);
            assertEquals(Errno.EINVAL, f.errno(), "NOP cannot subscribe");
        }
    }

    @Test
    void shouldTickAsASubscriptionAndMarkTheLastUpdate()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepTimeout(2 * MS, 3, VerbFlags.TIMEOUT_ETIME_SUCCESS).flags(Sqe.SUBSCRIBE).userData(9);
            final List<Completion> ticks = f.submitAndWait(3);
            assertEquals(List.of(Cqe.MORE, Cqe.MORE, Cqe.LAST_UPDATE),
                ticks.stream().map(Completion::flags).toList(), ticks.toString());
            assertEquals(3, ticks.get(2).result(), "the result counts expirations");
            for (final Completion tick : ticks)
            {
                assertEquals(Errno.EOK, tick.errno());
                assertEquals(9, tick.userData());
            }
        }
    }

    @Test
    void shouldEndAnEndlessSubscriptionWithOneFinalCqeOnCancel()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepTimeout(MS, 0, 0).flags(Sqe.SUBSCRIBE).userData(9);
            final List<Completion> first = f.submitAndWait(2);
            assertEquals(Errno.ETIMEDOUT, first.get(0).errno());
            assertEquals(Cqe.MORE, first.get(0).flags());
            f.sqe().prepCancel(9, 0).userData(10);
            f.ring.submit();
            Completion last = null;
            Completion cancel = null;
            while (null == last || null == cancel)
            {
                for (final Completion c : f.await(1))
                {
                    if (10 == c.userData())
                    {
                        cancel = c;
                    }
                    else if (0 != (c.flags() & Cqe.LAST_UPDATE))
                    {
                        last = c;
                    }
                    else
                    {
                        assertEquals(Cqe.MORE, c.flags());
                    }
                }
            }
            assertEquals(Errno.ECANCELED, last.errno());
            assertEquals(1, cancel.result());
        }
    }

    @Test
    void shouldTimeOutAParkedOperationButNotOneAlreadyDone()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepTimeout(60_000 * MS, 0, 0).timeoutNanos(5 * MS).userData(1);
            assertEquals(Errno.ETIMEDOUT, f.one().errno(), "the per-SQE timeout ends the long TIMEOUT");
            f.sqe().prepTimeout(MS, 0, VerbFlags.TIMEOUT_ETIME_SUCCESS).timeoutNanos(60_000 * MS).userData(2);
            assertEquals(Errno.EOK, f.one().errno(), "the verb finished first");
            f.sqe().prepNop().timeoutNanos(60_000 * MS).flags(Sqe.LINK);
            f.sqe().prepNop();
            f.sqe().prepCancel(0, VerbFlags.CANCEL_ANY | VerbFlags.CANCEL_ALL).userData(3);
            final List<Completion> done = f.submitAndWait(3);
            assertEquals(List.of(Errno.ECANCELED, Errno.ECANCELED, Errno.EOK),
                done.stream().map(Completion::errno).toList(), done.toString());
        }
    }
}
