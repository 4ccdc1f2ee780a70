package io.ringwork;

import io.ringwork.internal.future.UserData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CompletableFuture path: futures complete with their own CQE, errors included, through the slot table; stale
 * user data is dropped, slots are reused with a new generation, a full table says ENOSPC.
 */
class RingFuturesTest
{
    @Test
    void shouldPackSlotAndGenerationInUserData()
    {
        final long userData = UserData.encode(12345, -7);
        assertEquals(12345, UserData.slot(userData));
        assertEquals(-7, UserData.generation(userData));
        assertEquals(0, UserData.slot(UserData.encode(0, Integer.MAX_VALUE)));
    }

    @Test
    void shouldCompleteEachFutureWithItsOwnCompletion()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final RingFutures futures = new RingFutures(f.ring);
            final CompletableFuture<Completion> nop = futures.submit(futures.sqe().prepNop());
            final CompletableFuture<Completion> bad = futures.submit(futures.sqe().prepClose(4242));
            final CompletableFuture<Completion> sleep =
                futures.submit(futures.sqe().prepNop().timeoutNanos(5_000_000L));
            assertEquals(3, futures.inFlight());
            int completed = 0;
            while (completed < 3)
            {
                completed += futures.enter(3 - completed, RuntimeFixture.WAIT_NANOS);
            }
            assertEquals(0, nop.join().resultOrThrow());
            assertEquals(Errno.EBADF, bad.join().errno());
            final RingworkException thrown = assertThrows(RingworkException.class, () -> bad.join().resultOrThrow());
            assertEquals(Errno.EBADF, thrown.errno());
            assertEquals(Errno.ETIMEDOUT, sleep.join().errno());
            assertEquals(0, futures.inFlight());
        }
    }

    @Test
    void shouldReuseSlotsWithANewGenerationAndDropStaleCompletions()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(),
            RingOptions.defaults().withEntries(2, 2)))
        {
            final RingFutures futures = new RingFutures(f.ring);
            final List<CompletableFuture<Completion>> all = new ArrayList<>();
            for (int round = 0; round < 50; round++)
            {
                all.add(futures.submit(futures.sqe().prepNop()));
                all.add(futures.submit(futures.sqe().prepNop()));
                int completed = 0;
                while (completed < 2)
                {
                    completed += futures.enter(2 - completed, RuntimeFixture.WAIT_NANOS);
                }
            }
            assertTrue(all.stream().allMatch(CompletableFuture::isDone));
            final long first = all.get(0).join().userData();
            final long later = all.get(98).join().userData();
            assertFalse(first == later, "a reused slot carries a new generation");

            f.ring.getSqe().prepNop().userData(first);
            assertEquals(0, futures.enter(1, RuntimeFixture.WAIT_NANOS), "a stale completion completes nothing");
            assertEquals(1, futures.strays());
        }
    }

    @Test
    void shouldRefuseMoreFuturesThanTheRingCanEverHold()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(),
            RingOptions.defaults().withEntries(2, 2)))
        {
            final RingFutures futures = new RingFutures(f.ring);
            final Sqe sqe = futures.sqe().prepNop();
            for (int i = 0; i < 4; i++)
            {
                futures.submit(sqe);
            }
            final RingworkException full = assertThrows(RingworkException.class, () -> futures.submit(sqe));
            assertEquals(Errno.ENOSPC, full.errno());
            assertEquals(4, futures.inFlight());
        }
    }
}
