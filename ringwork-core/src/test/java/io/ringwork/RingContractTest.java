package io.ringwork;

import io.ringwork.internal.layout.RingDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The behaviour every ring has, whatever memory it lives in; one subclass per memory kind (JCTools'
 * QueueSanityTest shape).
 */
abstract class RingContractTest
{
    static final long SECOND = 1_000_000_000L;

    Ring ring;
    ServedRing served;

    abstract Ring newRing(RingOptions options);

    abstract ServedRing serverEndOf(Ring ring, RingOptions options);

    @BeforeEach
    void setUp()
    {
        final RingOptions options = RingOptions.defaults().withEntries(8, 16);
        ring = newRing(options);
        served = serverEndOf(ring, options);
    }

    @AfterEach
    void tearDown()
    {
        served.close();
        ring.close();
    }

    @Test
    void shouldDeliverEntryFieldsFromClientToServerAndBack()
    {
        final Sqe sqe = ring.getSqe();
        sqe.prepRead(3, 0x1234_5678_9ABCL, 4096, 77).userData(42).priority(9).timeoutNanos(5).flags(Sqe.DRAIN)
            .loadArg(0, 6).saveResult(2);
        assertEquals(1, ring.submit());

        assertEquals(1, served.sqesReady());
        final Sqe seen = served.sqeAt(0);
        assertEquals(Opcode.READ.code(), seen.opcode());
        assertEquals(3, seen.arg(0));
        assertEquals(0x1234_5678_9ABCL, seen.arg(1));
        assertEquals(4096, seen.arg(2));
        assertEquals(77, seen.arg(3));
        assertEquals(42, seen.userData());
        assertEquals(9, seen.priority());
        assertEquals(5, seen.timeoutNanos());
        assertEquals(6, seen.argRegister(0));
        assertEquals(Sqe.NO_REGISTER, seen.argRegister(1));
        assertEquals(2, seen.resultRegister());
        assertEquals(Sqe.DRAIN, seen.flags() & Sqe.VALID_FLAGS);
        served.takeSqes(1);

        assertTrue(served.postCqe(42, -5, Errno.EBADF.number(), Opcode.READ.code(), Cqe.MORE, 99));
        assertNull(ring.peekCqe(), "nothing is visible before the server publishes");
        assertEquals(1, served.publishCqes());

        final Cqe cqe = ring.peekCqe();
        assertNotNull(cqe);
        assertEquals(42, cqe.userData());
        assertEquals(-5, cqe.result());
        assertEquals(Errno.EBADF, cqe.errno());
        assertEquals(Opcode.READ.code(), cqe.opcode());
        assertEquals(Cqe.MORE, cqe.flags());
        assertEquals(99, cqe.extra());
        ring.advanceCq(1);
        assertNull(ring.peekCqe());
    }

    @Test
    void shouldZeroAnSqeWhenItIsAcquiredAgain()
    {
        for (int round = 0; round < 3; round++)
        {
            final Sqe sqe = ring.getSqe();
            assertEquals(0, sqe.userData(), "user data left over from an earlier use");
            assertEquals(0, sqe.flags());
            assertEquals(0, sqe.registerSpecs());
            sqe.prepWrite(1, 2, 3, 4).userData(1000 + round).flags(Sqe.LINK).saveResult(0);
            ring.submit();
            served.takeSqes(served.sqesReady());
            for (int i = 0; i < 7; i++)
            {
                // Cycle through every slot so the next round reuses slot 0.
                assertNotNull(ring.getSqe());
                ring.submit();
                served.takeSqes(served.sqesReady());
            }
        }
    }

    @Test
    void shouldMarkTheLastEntryOfEachSubmit()
    {
        ring.getSqe().prepNop();
        ring.getSqe().prepNop();
        ring.submit();
        ring.getSqe().prepNop();
        ring.submit();
        final int batchEnd = io.ringwork.internal.layout.SqeDescriptor.BATCH_END_FLAG;
        assertEquals(0, served.sqeAt(0).flags() & batchEnd);
        assertEquals(batchEnd, served.sqeAt(1).flags() & batchEnd);
        assertEquals(batchEnd, served.sqeAt(2).flags() & batchEnd);
    }

    @Test
    void shouldReturnNullWhenSubmissionQueueIsFull()
    {
        for (int i = 0; i < 8; i++)
        {
            assertNotNull(ring.getSqe(), "slot " + i);
        }
        assertNull(ring.getSqe(), "a full SQ answers with the sentinel, never blocks or throws");
        ring.submit();
        assertNull(ring.getSqe());
        assertEquals(2, ring.counters().sqFullEvents());
        served.takeSqes(3);
        assertEquals(3, ring.sqSpace());
        assertNotNull(ring.getSqe());
    }

    @Test
    void shouldHoldTheServerBackWhenCompletionQueueIsFullAndDropNothing()
    {
        for (int i = 0; i < 16; i++)
        {
            assertTrue(served.postCqe(i, i, 0, 0, 0, 0));
        }
        assertFalse(served.postCqe(16, 16, 0, 0, 0, 0), "a full CQ refuses rather than overwrites");
        served.publishCqes();
        assertEquals(0, served.awaitCqSpace(1, 1_000_000), "still full after a short wait");
        ring.advanceCq(4);
        assertEquals(4, served.awaitCqSpace(1, SECOND));
        for (int i = 16; i < 20; i++)
        {
            assertTrue(served.postCqe(i, i, 0, 0, 0, 0));
        }
        served.publishCqes();
        final List<Long> seen = new ArrayList<>();
        ring.forEachCqe(cqe -> seen.add(cqe.userData()), 100);
        assertEquals(16, seen.size());
        for (int i = 0; i < 16; i++)
        {
            assertEquals(i + 4L, seen.get(i), "completions arrive in order, none lost");
        }
        assertEquals(1, ring.counters().cqFullEvents());
    }

    @Test
    void shouldCountWhatBothSidesDid()
    {
        for (int i = 0; i < 5; i++)
        {
            ring.getSqe().prepNop().userData(i);
        }
        ring.submit();
        served.forEachSqe(sqe -> served.postCqe(sqe.userData(), 0, sqe.userData() == 3 ? 22 : 0, 0, 0, 0), 10);
        served.publishCqes();
        ring.forEachCqe(cqe ->
        {
        }, 10);
        final RingCounters c = ring.counters();
        assertEquals(5, c.submitted());
        assertEquals(5, c.taken());
        assertEquals(5, c.completed());
        assertEquals(5, c.reaped());
        assertEquals(1, c.errors());
        assertEquals(0, c.inFlight());
    }

    @Test
    void shouldKeepRegistersInSharedMemory()
    {
        for (int r = 0; r < 7; r++)
        {
            ring.register(r, 100 + r);
        }
        for (int r = 0; r < 7; r++)
        {
            assertEquals(100 + r, served.register(r));
            served.register(r, -r);
            assertEquals(-r, ring.register(r));
        }
        assertThrows(IllegalArgumentException.class, () -> ring.register(7));
        assertThrows(IllegalArgumentException.class, () -> served.register(-1, 0));
    }

    @Test
    void shouldWakeASleepingServer() throws Exception
    {
        final CountDownLatch asleep = new CountDownLatch(1);
        final AtomicReference<Integer> seen = new AtomicReference<>();
        final Thread server = Thread.ofPlatform().start(() ->
        {
            asleep.countDown();
            seen.set(served.awaitSqes(30 * SECOND));
        });
        assertTrue(asleep.await(10, TimeUnit.SECONDS));
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (ring.counters().serverSleeps() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        // The server has slept (or is about to), so the submit must ring the doorbell.
        ring.getSqe().prepNop();
        ring.submit();
        server.join(10_000);
        assertFalse(server.isAlive(), "the server was not woken");
        assertEquals(1, seen.get());
    }

    @Test
    void shouldReportPeerClosedToAWaitingClient() throws Exception
    {
        final Thread closer = Thread.ofPlatform().start(() ->
        {
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            served.close();
        });
        assertEquals(Ring.PEER_CLOSED, ring.awaitCqes(1, 30 * SECOND));
        closer.join();
        assertTrue(ring.isPeerClosed());
    }

    @Test
    void shouldTimeOutAWaitWithNothingReady()
    {
        final long start = System.nanoTime();
        assertEquals(0, ring.awaitCqes(1, 20_000_000));
        assertTrue(System.nanoTime() - start >= 20_000_000);
    }

    @Test
    void shouldBreakTheRingOnAnImpossibleTailAndNeverReadPastIt()
    {
        final java.lang.foreign.MemorySegment region = regionOf(ring);
        // A hostile client claims 1000 entries are ready in an 8-entry queue.
        region.set(java.lang.foreign.ValueLayout.JAVA_INT, RingDescriptor.SQ_TAIL_OFFSET, 1000);
        assertEquals(ServedRing.BROKEN, served.sqesReady());
        assertTrue(served.isBroken());
        assertEquals(Errno.EIO, served.brokenReason());
        assertEquals(ServedRing.BROKEN, served.awaitSqes(SECOND));
    }

    @Test
    void shouldBreakTheRingOnAnImpossibleHead()
    {
        final java.lang.foreign.MemorySegment region = regionOf(ring);
        // A hostile client moves the CQ head past everything the server published.
        region.set(java.lang.foreign.ValueLayout.JAVA_INT, RingDescriptor.CQ_HEAD_OFFSET, -5);
        for (int i = 0; i < 16; i++)
        {
            served.postCqe(i, 0, 0, 0, 0, 0);
        }
        assertNull(served.getCqe(), "a claim past the cached head re-reads it and finds it impossible");
        assertTrue(served.isBroken());
        assertEquals(Ring.BROKEN, ring.awaitCqes(1, SECOND));
    }

    abstract java.lang.foreign.MemorySegment regionOf(Ring ring);
}
