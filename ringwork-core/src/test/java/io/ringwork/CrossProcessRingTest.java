package io.ringwork;

import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rings between two real JVMs over a /dev/shm file: correctness under volume, futex wake-ups, and death of either
 * side.
 */
class CrossProcessRingTest
{
    private static final long SECOND = 1_000_000_000L;

    private final ShmDirectory dir = ShmDirectory.create();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    @Test
    void shouldExchangeAMillionEntriesWithChecksumsBothWays() throws Exception
    {
        final Path file = dir.resolve("million.ring");
        final int total = 1_000_000;
        try (Ring ring = Ring.createShared(file, RingOptions.defaults().withEntries(256, 512).spinning());
            ChildJvm server = ChildJvm.start(ChecksumServer.class, file.toString(), "spin"))
        {
            server.awaitOutput("attached", 60, TimeUnit.SECONDS);
            long submitted = 0;
            long completed = 0;
            long wrong = 0;
            while (completed < total)
            {
                Sqe sqe;
                while (submitted < total && null != (sqe = ring.getSqe()))
                {
                    final long a0 = submitted * 31;
                    final long a1 = ~submitted;
                    final long a2 = submitted << 20;
                    final long a3 = submitted ^ 0x5555;
                    sqe.prep(Opcode.USER_MIN, a0, a1, a2, a3,
                        ChecksumServer.sqeChecksum(submitted, a0, a1, a2, a3)).userData(submitted);
                    submitted++;
                }
                ring.submit();
                final int ready = ring.awaitCqes(1, 30 * SECOND);
                assertTrue(ready > 0, "no completion within 30 s at " + completed + "; child:\n" + server.output());
                for (int i = 0; i < ready; i++)
                {
                    final Cqe cqe = ring.cqeAt(i);
                    final long expectedUserData = completed + i;
                    final long a0 = expectedUserData * 31;
                    final long sum = ChecksumServer.sqeChecksum(expectedUserData, a0, ~expectedUserData,
                        expectedUserData << 20, expectedUserData ^ 0x5555);
                    if (cqe.userData() != expectedUserData || cqe.error() != 0 || cqe.extra() != sum ||
                        cqe.result() != ChecksumServer.cqeChecksum(expectedUserData, sum) ||
                        cqe.opcode() != Opcode.USER_MIN)
                    {
                        wrong++;
                    }
                }
                ring.advanceCq(ready);
                completed += ready;
            }
            assertEquals(0, wrong, "entries corrupted in either direction");
            final RingCounters counters = ring.counters();
            assertEquals(total, counters.submitted());
            assertEquals(total, counters.taken());
            assertEquals(total, counters.completed());
            assertEquals(total, counters.reaped());
            assertEquals(0, counters.errors());
            assertEquals(0, counters.inFlight());
            ring.close();
            assertEquals(0, server.waitFor(30, TimeUnit.SECONDS));
            assertTrue(server.output().contains("served=" + total + " bad=0"), server.output());
        }
    }

    @Test
    void shouldWakeASleepingServerInAnotherProcessThroughTheFutex() throws Exception
    {
        final Path file = dir.resolve("sleepy.ring");
        try (Ring ring = Ring.createShared(file, RingOptions.defaults().withEntries(16, 16));
            ChildJvm server = ChildJvm.start(ChecksumServer.class, file.toString(), "sleep"))
        {
            server.awaitOutput("attached", 60, TimeUnit.SECONDS);
            for (long i = 0; i < 50; i++)
            {
                // Give the server time to fall asleep on its doorbell before each request.
                Thread.sleep(2);
                ring.getSqe().prep(Opcode.USER_MIN, 1, 2, 3, 4, ChecksumServer.sqeChecksum(i, 1, 2, 3, 4))
                    .userData(i);
                ring.submit();
                assertEquals(1, ring.awaitCqes(1, 30 * SECOND), "request " + i + " unanswered:\n" + server.output());
                assertEquals(i, ring.peekCqe().userData());
                assertEquals(0, ring.peekCqe().error());
                ring.advanceCq(1);
            }
            final RingCounters counters = ring.counters();
            assertTrue(counters.serverSleeps() > 0, "the server never slept: " + counters);
            assertTrue(counters.clientWakeups() > 0, "the client never had to wake it: " + counters);
            assertTrue(counters.clientWakeups() <= 50 + 1, "a wake-up per request at most: " + counters);
        }
    }

    @Test
    void shouldEndTheClientsWaitWhenTheServerIsKilled() throws Exception
    {
        final Path file = dir.resolve("killed-server.ring");
        try (Ring ring = Ring.createShared(file, RingOptions.defaults().withEntries(16, 16));
            ChildJvm server = ChildJvm.start(ChecksumServer.class, file.toString(), "sleep"))
        {
            server.awaitOutput("attached", 60, TimeUnit.SECONDS);
            server.kill();
            server.waitFor(30, TimeUnit.SECONDS);
            final long start = System.nanoTime();
            assertEquals(Ring.PEER_CLOSED, ring.awaitCqes(1, 60 * SECOND));
            final long tookNanos = System.nanoTime() - start;
            assertTrue(tookNanos < 5 * SECOND, "noticed the death late: " + tookNanos / 1_000_000 + " ms");
            assertTrue(ring.isPeerClosed());
        }
    }

    @Test
    void shouldEndTheServersWaitWhenTheClientIsKilled() throws Exception
    {
        final Path file = dir.resolve("killed-client.ring");
        try (ChildJvm client = ChildJvm.start(HangingClient.class, file.toString()))
        {
            client.awaitOutput("created", 60, TimeUnit.SECONDS);
            try (ServedRing served = ServedRing.attach(file, RingOptions.defaults()))
            {
                assertEquals(0, served.awaitSqes(50_000_000), "nothing was submitted");
                client.kill();
                client.waitFor(30, TimeUnit.SECONDS);
                final long start = System.nanoTime();
                assertEquals(ServedRing.PEER_CLOSED, served.awaitSqes(60 * SECOND));
                assertTrue(System.nanoTime() - start < 5 * SECOND, "noticed the death late");
            }
        }
    }
}
