package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.ringwork.VerbFlags.OPEN_CREATE;
import static io.ringwork.VerbFlags.OPEN_READ;
import static io.ringwork.VerbFlags.OPEN_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chains: LINK, HARDLINK, broken chains, DRAIN, a LINK at the end of a batch, chains running side by side, priority.
 */
class ChainTest
{
    private static final long MS = 1_000_000L;

    private static List<Errno> errnos(final List<Completion> done)
    {
        return done.stream().map(Completion::errno).toList();
    }

    private static List<Long> order(final List<Completion> done)
    {
        return done.stream().map(Completion::userData).toList();
    }

    @Test
    void shouldRunOpenReadSeekWriteCloseInOneEnterThroughARegister()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h0 = f.open("mem:chain", OPEN_READ | OPEN_WRITE | OPEN_CREATE);
            f.sqe().prepWrite(h0, f.text("abcdef"), 6, 0);
            assertEquals(6, f.one().result());
            final String path = "mem:chain";
            final long buf = f.buffer(16);
            f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), OPEN_READ | OPEN_WRITE, 0)
                .flags(Sqe.LINK).saveResult(3).userData(1);
            f.sqe().prepRead(0, buf, 3, -1).loadArg(0, 3).flags(Sqe.LINK).userData(2);
            f.sqe().prepSeek(0, 1, VerbFlags.SEEK_CUR).loadArg(0, 3).flags(Sqe.LINK).userData(3);
            f.sqe().prepWrite(0, buf, 3, -1).loadArg(0, 3).flags(Sqe.LINK).userData(4);
            f.sqe().prepClose(0).loadArg(0, 3).userData(5);
            final int ready = f.ring.enter(Integer.MAX_VALUE, 5, RuntimeFixture.WAIT_NANOS);
            assertEquals(5, ready, "one enter submits the chain and waits for all five");
            final List<Completion> done = f.await(5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), order(done));
            assertEquals(List.of(Errno.EOK, Errno.EOK, Errno.EOK, Errno.EOK, Errno.EOK), errnos(done));
            assertEquals(done.get(0).result(), f.ring.register(3), "the handle flowed through R3");
            assertEquals(4, done.get(2).result());
            final long out = f.buffer(16);
            f.sqe().prepRead(h0, out, 16, 0);
            assertEquals(7, f.one().result());
            assertEquals("abcdabc", f.read(out, 7));
        }
    }

    @Test
    void shouldCancelTheRestOfABrokenChainWithOneCqeEach()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().flags(Sqe.LINK).userData(1);
            f.sqe().prepClose(999).flags(Sqe.LINK).userData(2);
            f.sqe().prepNop().flags(Sqe.HARDLINK).userData(3);
            f.sqe().prepNop().userData(4);
            f.sqe().prepNop().userData(5);
            final List<Completion> done = f.submitAndWait(5);
            final Map<Long, Errno> got = done.stream().collect(Collectors.toMap(Completion::userData,
                Completion::errno));
            assertEquals(Map.of(1L, Errno.EOK, 2L, Errno.EBADF, 3L, Errno.ECANCELED, 4L, Errno.ECANCELED,
                5L, Errno.EOK), got);
        }
    }

    @Test
    void shouldGoOnAfterAFailedHardlink()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepClose(999).flags(Sqe.HARDLINK).userData(1);
            f.sqe().prepClose(998).flags(Sqe.HARDLINK).userData(2);
            f.sqe().prepNop().userData(3);
            final List<Completion> done = f.submitAndWait(3);
            assertEquals(List.of(1L, 2L, 3L), order(done));
            assertEquals(List.of(Errno.EBADF, Errno.EBADF, Errno.EOK), errnos(done));
        }
    }

    @Test
    void shouldFailATrailingLinkWithEinvalAndNotLinkAcrossEnters()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().userData(1);
            f.sqe().prepNop().flags(Sqe.LINK).userData(2);
            final List<Completion> done = f.submitAndWait(2);
            assertEquals(List.of(Errno.EOK, Errno.EINVAL), errnos(done));
            f.sqe().prepNop().flags(Sqe.LINK).userData(3);
            f.sqe().prepNop().userData(4);
            assertEquals(1, f.ring.submit(1), "publish only the first of the two");
            assertEquals(Errno.EINVAL, f.await(1).get(0).errno(), "the LINK ended its batch");
            assertEquals(Errno.EOK, f.submitAndWait(1).get(0).errno());
        }
    }

    @Test
    void shouldRunIndependentChainsConcurrently()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().timeoutNanos(30 * MS).flags(Sqe.HARDLINK).userData(1);
            f.sqe().prepNop().userData(2);
            f.sqe().prepNop().flags(Sqe.LINK).userData(3);
            f.sqe().prepNop().userData(4);
            final List<Completion> done = f.submitAndWait(4);
            assertEquals(List.of(3L, 4L, 1L, 2L), order(done), "the second chain does not wait for the first");
        }
    }

    @Test
    void shouldHoldADrainUntilEverythingBeforeCompletesAndHoldLaterOnesBehindIt()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().timeoutNanos(20 * MS).userData(1);
            f.sqe().prepNop().userData(2);
            f.sqe().prepNop().flags(Sqe.DRAIN).userData(3);
            f.sqe().prepNop().priority(100).userData(4);
            final List<Completion> done = f.submitAndWait(4);
            assertEquals(List.of(2L, 1L, 3L, 4L), order(done),
                "the DRAIN waits for the sleep, the high-priority NOP waits for the DRAIN");
        }
    }

    @Test
    void shouldDispatchReadyEntriesByPriority()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final int[] priorities = {5, 1, 9, 9, 0, 65535, 3};
            for (int i = 0; i < priorities.length; i++)
            {
                f.sqe().prepNop().priority(priorities[i]).userData(i);
            }
            final List<Completion> done = f.submitAndWait(priorities.length);
            assertEquals(List.of(5L, 2L, 3L, 0L, 6L, 1L, 4L), order(done));
        }
    }

    @Test
    void shouldPostNoCqeForASkippedSuccessButStillForItsFailure()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(),
            RingOptions.defaults().withEntries(4, 4)))
        {
            final long h = f.open("mem:skip", OPEN_READ | OPEN_WRITE | OPEN_CREATE);
            for (int i = 0; i < 100; i++)
            {
                f.sqe().prepSeek(h, 7, VerbFlags.SEEK_SET).flags(Sqe.CQE_SKIP_SUCCESS | Sqe.LINK).saveResult(1)
                    .userData(1);
                f.sqe().prepClose(4321).flags(Sqe.CQE_SKIP_SUCCESS).userData(2);
                f.sqe().prepNop().userData(3);
                final List<Completion> done = f.submitAndWait(2);
                assertEquals(List.of(2L, 3L), order(done), "the skipped success left no CQE and no reservation");
                assertEquals(Errno.EBADF, done.get(0).errno());
            }
            assertEquals(7, f.ring.register(1), "a skipped CQE still saves its result");
        }
    }

    @Test
    void shouldNeverOverflowTheCqAndStopTakingUntilCompletionsAreConsumed()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(),
            RingOptions.defaults().withEntries(16, 4)))
        {
            for (int i = 0; i < 16; i++)
            {
                f.sqe().prepNop().userData(i);
            }
            f.ring.submit();
            final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
            while (f.ring.cqReady() < 4 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertEquals(4, f.ring.cqReady());
            assertTrue(f.ring.sqSpace() < 16, "the dispatcher stopped taking: its completions would not fit");
            final List<Completion> all = f.await(16);
            assertEquals(16, all.size());
            assertEquals(f.ring.cqEntries(), 4);
        }
    }

    @Test
    void shouldKeepSubscriptionEventsUntilTheCqHasRoom()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(),
            RingOptions.defaults().withEntries(4, 4)))
        {
            f.sqe().prepTimeout(MS, 6, 0).flags(Sqe.SUBSCRIBE).userData(1);
            f.ring.submit();
            final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
            while (f.ring.cqReady() < 4 && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            final List<Completion> ticks = f.await(4);
            assertEquals(List.of(Cqe.MORE, Cqe.MORE, Cqe.MORE, Cqe.LAST_UPDATE),
                ticks.stream().map(Completion::flags).toList(), "three events fit beside the final CQE's slot");
            assertEquals(List.of(1L, 2L, 3L, 6L), ticks.stream().map(Completion::result).toList(),
                "expirations 4 and 5 had no room: the final CQE counts them");
            assertEquals(0, f.ring.cqReady());
        }
    }
}
