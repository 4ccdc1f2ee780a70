package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a runtime and its rings end: a closed ring stops its dispatcher and closes its handles; a closed runtime
 * cancels what is parked, tells its clients, closes its schemes and its pool.
 */
class RuntimeLifecycleTest
{
    private static void awaitNoDispatchers(final Ringwork runtime) throws InterruptedException
    {
        final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
        while (!runtime.dispatchers().isEmpty() && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(List.of(), runtime.dispatchers());
    }

    @Test
    void shouldStopTheDispatcherAndCloseHandlesWhenTheRingCloses() throws InterruptedException
    {
        try (Ringwork runtime = Ringwork.start())
        {
            final GateScheme gate = new GateScheme();
            runtime.mount("gate", gate);
            final Ring ring = runtime.open();
            assertEquals(1, runtime.dispatchers().size());
            final long path = runtime.pool().allocate(64, 64);
            runtime.pool().slice(path, 6).copyFrom(java.lang.foreign.MemorySegment.ofArray("gate:x".getBytes()));
            ring.getSqe().prepOpen(path, 6, VerbFlags.OPEN_READ, 0);
            ring.getSqe().prepNop().timeoutNanos(60_000_000_000L);
            assertEquals(1, ring.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS));
            ring.close();
            awaitNoDispatchers(runtime);
            assertEquals(1, gate.closed.get(), "the ring's open handle was closed");
        }
    }

    @Test
    void shouldCancelParkedOperationsAndTellTheClientWhenTheRuntimeCloses()
    {
        final Ringwork runtime = Ringwork.start();
        try (Ring ring = runtime.open())
        {
            ring.getSqe().prepNop().timeoutNanos(60_000_000_000L).userData(1);
            ring.getSqe().prepTimeout(60_000_000_000L, 0, 0).userData(2);
            ring.getSqe().prepNop().flags(Sqe.DRAIN).userData(3);
            ring.getSqe().prepNop().userData(4);
            ring.enter(Integer.MAX_VALUE, 0, 0);
            final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
            while (ring.sqSpace() < ring.sqEntries() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertEquals(0, ring.cqReady(), "the two NOPs wait behind the sleep and the DRAIN");
            runtime.close();
            final Map<Long, Errno> ends = new java.util.HashMap<>();
            while (ends.size() < 4)
            {
                final int ready = ring.awaitCqes(1, RuntimeFixture.WAIT_NANOS);
                if (ready <= 0)
                {
                    break;
                }
                ring.forEachCqe(c -> ends.put(c.userData(), c.errno()), ready);
            }
            assertEquals(Map.of(1L, Errno.ECANCELED, 2L, Errno.ECANCELED, 3L, Errno.ECANCELED,
                4L, Errno.ECANCELED), ends);
            assertEquals(Ring.PEER_CLOSED, ring.awaitCqes(1, RuntimeFixture.WAIT_NANOS));
            assertTrue(ring.isPeerClosed());
            assertEquals(List.of(), runtime.schemes());
            assertTrue(runtime.pool().isClosed());
            final RingworkException closed = assertThrows(RingworkException.class, runtime::open);
            assertEquals(Errno.ESHUTDOWN, closed.errno());
        }
    }

    @Test
    void shouldServeManyRingsAtOnceWithHandlesOfTheirOwn()
    {
        try (RuntimeFixture f = new RuntimeFixture();
             Ring second = f.runtime.open())
        {
            final long h = f.open("null:", VerbFlags.OPEN_READ);
            second.getSqe().prepClose(h);
            assertEquals(1, second.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS));
            assertEquals(Errno.EBADF, second.peekCqe().errno(), "handle numbers belong to their ring");
            second.advanceCq(1);
            assertEquals(2, f.runtime.dispatchers().size());
            final List<Thread> threads = f.runtime.dispatchers().stream()
                .map(io.ringwork.internal.dispatch.Dispatcher::thread).collect(Collectors.toList());
            assertTrue(threads.stream().allMatch(java.util.Objects::nonNull), "both rings are served");
            if (!"io_uring".equals(f.runtime.fileBackend()))
            {
                assertTrue(threads.get(0) != threads.get(1), "without io_uring each ring has a thread of its own");
            }
        }
    }
}
