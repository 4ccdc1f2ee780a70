package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CANCEL: by user data, ALL, ANY, nothing to cancel, too late; and a scheme that was cancelled before it began.
 */
class CancelVerbTest
{
    private static final long LONG = 60_000_000_000L;

    private static Map<Long, Completion> byUserData(final List<Completion> done)
    {
        return done.stream().collect(Collectors.toMap(Completion::userData, c -> c));
    }

    @Test
    void shouldCancelTheOldestMatchOrAllOrAny()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            for (int i = 0; i < 3; i++)
            {
                f.sqe().prepNop().timeoutNanos(LONG).userData(7);
            }
            f.sqe().prepNop().timeoutNanos(LONG).userData(8);
            f.submitAndWait(0);
            f.sqe().prepCancel(7, 0).userData(100);
            final List<Completion> one = f.submitAndWait(2);
            assertEquals(new Completion(7, 0, Errno.ECANCELED.number(), Opcode.NOP.code(), 0, 0), one.get(0));
            assertEquals(1, one.get(1).result());
            f.sqe().prepCancel(7, VerbFlags.CANCEL_ALL).userData(101);
            final List<Completion> all = f.submitAndWait(3);
            assertEquals(2, all.get(2).result());
            f.sqe().prepCancel(0, VerbFlags.CANCEL_ANY).userData(102);
            final List<Completion> any = f.submitAndWait(2);
            assertEquals(8, any.get(0).userData());
            assertEquals(1, any.get(1).result());
            f.sqe().prepCancel(7, 0);
            assertEquals(Errno.ENOENT, f.errno());
            f.sqe().prepCancel(7, 4);
            assertEquals(Errno.EINVAL, f.errno());
        }
    }

    @Test
    void shouldCancelASchemeRequestBeforeItBeginsAndAnswerEalreadyAfter() throws InterruptedException
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final GateScheme gate = new GateScheme();
            f.runtime.mount("gate", gate);
            final long h = f.open("gate:x", VerbFlags.OPEN_READ);
            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.BEFORE_BEGIN, 42, 0, 0).userData(1);
            f.submitAndWait(0);
            f.sqe().prepCancel(1, 0).userData(2);
            final Map<Long, Completion> cancelled = byUserData(f.submitAndWait(2));
            assertEquals(Errno.ECANCELED, cancelled.get(1L).errno());
            assertEquals(1, cancelled.get(2L).result());
            gate.gate.release();
            while (0 == gate.refused.get())
            {
                Thread.sleep(1);
            }

            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.AFTER_BEGIN, 43, 0, 0).userData(3);
            f.submitAndWait(0);
            while (0 == gate.begun.get())
            {
                Thread.sleep(1);
            }
            f.sqe().prepCancel(3, 0).userData(4);
            assertEquals(Errno.EALREADY, f.one().errno());
            gate.gate.release();
            assertEquals(new Completion(3, 43, 0, GateScheme.VERB, 0, 0), f.await(1).get(0));
        }
    }

    @Test
    void shouldCancelChainMembersWhenTheirTurnComes()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().timeoutNanos(20_000_000L).flags(Sqe.HARDLINK).userData(1);
            f.sqe().prepNop().flags(Sqe.LINK).userData(2);
            f.sqe().prepNop().userData(3);
            f.submitAndWait(0);
            f.sqe().prepCancel(2, 0).userData(9);
            final List<Completion> done = f.submitAndWait(4);
            final Map<Long, Completion> got = byUserData(done);
            assertEquals(1, got.get(9L).result());
            assertEquals(Errno.ETIMEDOUT, got.get(1L).errno());
            assertEquals(Errno.ECANCELED, got.get(2L).errno());
            assertEquals(Errno.ECANCELED, got.get(3L).errno(), "a cancelled LINK member breaks the rest");
            f.sqe().prepNop().userData(10);
            assertEquals(Errno.EOK, f.errno(), "the dispatcher serves on");
        }
    }

    @Test
    void shouldAskTheSchemeToStopABegunRequestAndCompleteItOnceWithTheReason() throws InterruptedException
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final GateScheme gate = new GateScheme();
            f.runtime.mount("gate", gate);
            final long h = f.open("gate:x", VerbFlags.OPEN_READ);
            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.STOPPABLE, 42, 0, 0).userData(1);
            f.submitAndWait(0);
            while (1 != gate.stoppable.size())
            {
                Thread.sleep(1);
            }
            f.sqe().prepCancel(1, 0).userData(2);
            final Map<Long, Completion> cancelled = byUserData(f.submitAndWait(2));
            assertEquals(1, cancelled.get(2L).result(), "a cancel the scheme took counts as cancelled");
            assertEquals(Errno.ECANCELED, cancelled.get(1L).errno(), "completed by the scheme, with the reason");
            assertEquals(1, gate.cancelCalls.get());

            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.STOPPABLE, 43, 0, 0).timeoutNanos(30_000_000L)
                .userData(3);
            final Completion timedOut = f.one();
            assertEquals(3, timedOut.userData());
            assertEquals(Errno.ETIMEDOUT, timedOut.errno(), "a per-SQE timeout stops a begun request too");
            assertEquals(2, gate.cancelCalls.get());

            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.AFTER_BEGIN, 44, 0, 0).userData(5);
            f.submitAndWait(0);
            while (2 == gate.begun.get())
            {
                Thread.sleep(1);
            }
            f.sqe().prepCancel(5, 0).userData(6);
            assertEquals(Errno.EALREADY, f.one().errno(), "a scheme that cannot stop its work: too late");
            gate.gate.release();
            assertEquals(new Completion(5, 44, 0, GateScheme.VERB, 0, 0), f.await(1).get(0));
        }
    }
}
