package io.ringwork.serve;

import io.ringwork.Completion;
import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingFutures;
import io.ringwork.RingOptions;
import io.ringwork.RingworkException;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.Sqe;
import io.ringwork.buffer.BufferPool;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ringwork.serve.ServeTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user→user mode between real JVMs: a scheme published by one process, rings attached by others, and what
 * happens when either side dies.
 */
class SchemeServerTest
{
    private static final int IN_FLIGHT = 10_000;

    private final ShmDirectory dir = ShmDirectory.create();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    private SchemeConnectionOptions clientOptions()
    {
        return SchemeConnectionOptions.defaults().withDirectory(dir.path());
    }

    private SchemeServerOptions serverOptions()
    {
        return SchemeServerOptions.defaults().withDirectory(dir.path());
    }

    private ChildJvm startServer(final String mode, final int agents) throws Exception
    {
        final ChildJvm child = ChildJvm.start(StoreServerMain.class, dir.path().toString(), "store", mode,
            Integer.toString(agents));
        child.awaitOutput("published", 60, TimeUnit.SECONDS);
        return child;
    }

    @Test
    void shouldRunAChainThroughASchemeInAnotherProcess() throws Exception
    {
        try (ChildJvm server = startServer("sleep", 1);
            SchemeConnection store = SchemeConnection.connect("store", clientOptions()))
        {
            assertEquals(server.pid(), store.serverPid());
            final Ring ring = store.ring();
            final BufferPool pool = store.pool();
            final long path = ServeTestSupport.put(pool, "store:greeting");
            final long text = ServeTestSupport.put(pool, "hello, other process");
            final long back = pool.allocate(64, 64);
            ring.getSqe().prepOpen(path, 14, io.ringwork.VerbFlags.OPEN_READ | io.ringwork.VerbFlags.OPEN_WRITE |
                io.ringwork.VerbFlags.OPEN_CREATE, 0).flags(Sqe.LINK).saveResult(0).userData(1);
            ring.getSqe().prepWrite(0, text, 20, 0).loadArg(0, 0).flags(Sqe.LINK).userData(2);
            ring.getSqe().prepRead(0, back, 64, 0).loadArg(0, 0).flags(Sqe.LINK).saveResult(1).userData(3);
            ring.getSqe().prepUser(StoreScheme.PEER, 0, 0, 0, 0, 0).loadArg(0, 0).flags(Sqe.LINK).userData(4);
            ring.getSqe().prepClose(0).loadArg(0, 0).userData(5);
            assertEquals(5, ring.enter(Integer.MAX_VALUE, 5, 10 * SECOND), server.output());
            for (int i = 0; i < 5; i++)
            {
                final Cqe cqe = ring.cqeAt(i);
                assertEquals(i + 1, cqe.userData());
                assertEquals(0, cqe.error(), "CQE " + (i + 1) + " " + Errno.of(cqe.error()));
                if (4 == cqe.userData())
                {
                    assertEquals(ProcessHandle.current().pid(), cqe.result(), "the scheme sees our pid");
                }
            }
            ring.advanceCq(5);
            assertEquals(20, ring.register(1));
            final byte[] read = pool.slice(back, 20).toArray(ValueLayout.JAVA_BYTE);
            assertEquals("hello, other process", new String(read, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldServeEightRingsHammeringAtOnceFromTwoServerThreads() throws Exception
    {
        final int rings = 8;
        final int rounds = 5_000;
        try (ChildJvm server = startServer("sleep", 2);
            ExecutorService clients = Executors.newFixedThreadPool(rings))
        {
            final List<Future<Integer>> results = new ArrayList<>();
            for (int r = 0; r < rings; r++)
            {
                final int id = r;
                results.add(clients.submit(() -> hammer(id, rounds)));
            }
            for (final Future<Integer> result : results)
            {
                assertEquals(rounds, result.get(120, TimeUnit.SECONDS), server.output());
            }
        }
    }

    /**
     * Writes a distinct 8-byte value and reads it back, {@code rounds} times, on a ring of its own.
     */
    private int hammer(final int id, final int rounds)
    {
        try (SchemeConnection store = SchemeConnection.connect("store", clientOptions()))
        {
            final long handle = ServeTestSupport.open(store, "store:ring-" + id);
            final Ring ring = store.ring();
            final BufferPool pool = store.pool();
            final long out = pool.allocate(8, 8);
            final long in = pool.allocate(8, 8);
            final MemorySegment outView = pool.slice(out, 8);
            final MemorySegment inView = pool.slice(in, 8);
            int good = 0;
            for (int i = 0; i < rounds; i++)
            {
                final long value = ((long)id << 40) | i;
                outView.set(ValueLayout.JAVA_LONG, 0, value);
                ring.getSqe().prepWrite(handle, out, 8, 0).flags(Sqe.LINK).userData(1);
                ring.getSqe().prepRead(handle, in, 8, 0).userData(2);
                if (2 != ring.enter(Integer.MAX_VALUE, 2, 10 * SECOND))
                {
                    return good;
                }
                final boolean ok = 0 == ring.cqeAt(0).error() && 0 == ring.cqeAt(1).error() &&
                    8 == ring.cqeAt(1).result() && value == inView.get(ValueLayout.JAVA_LONG, 0);
                ring.advanceCq(2);
                if (ok)
                {
                    good++;
                }
            }
            return good;
        }
    }

    @Test
    void shouldFailEveryOperationInFlightWithEpipeWhenTheServerIsKilled() throws Exception
    {
        final ChildJvm server = startServer("sleep", 1);
        try (SchemeConnection store = SchemeConnection.connect("store", clientOptions()
            .withRing(RingOptions.defaults().withEntries(4096, 16384))))
        {
            final long handle = ServeTestSupport.open(store, "store:parking");
            final RingFutures futures = store.futures();
            final List<CompletableFuture<Completion>> parked = new ArrayList<>();
            while (parked.size() < IN_FLIGHT)
            {
                final Sqe sqe = futures.sqe();
                if (null == sqe)
                {
                    futures.enter(0, 0);
                    store.ring().awaitSqSpace(1, SECOND);
                    continue;
                }
                parked.add(futures.submit(sqe.prepUser(StoreScheme.PARK, handle, 0, 0, 0, 0)));
            }
            futures.enter(0, 0);
            final long deadline = System.nanoTime() + 30 * SECOND;
            while (store.ring().counters().taken() < IN_FLIGHT + 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(IN_FLIGHT + 1, store.ring().counters().taken(), "the server took every SQE");
            assertEquals(IN_FLIGHT, futures.inFlight());

            server.kill();
            final long killed = System.nanoTime();
            while (futures.inFlight() > 0 && System.nanoTime() - killed < 10 * SECOND)
            {
                futures.enter(1, SECOND);
            }
            final long tookMillis = (System.nanoTime() - killed) / 1_000_000;
            assertEquals(0, futures.inFlight(), "every operation completed");
            assertTrue(tookMillis < 5_000, "completed in " + tookMillis + " ms");
            for (final CompletableFuture<Completion> future : parked)
            {
                assertTrue(future.isDone());
                assertEquals(Errno.EPIPE, future.join().errno());
            }
            assertTrue(store.isServerGone());
            final CompletableFuture<Completion> late = futures.submit(futures.sqe().prepNop());
            assertEquals(Errno.EPIPE, late.join().errno(), "a submission after the server died fails at once");
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldCancelTheWorkOfAKilledClientAndRemoveItsFiles() throws Exception
    {
        final StoreScheme scheme = new StoreScheme();
        try (SchemeServer server = SchemeServer.publish("store", scheme, serverOptions()))
        {
            final ChildJvm client = ChildJvm.start(ParkingClientMain.class, dir.path().toString(), "store",
                Integer.toString(IN_FLIGHT));
            try
            {
                client.awaitOutput("submitted", 60, TimeUnit.SECONDS);
                final long deadline = System.nanoTime() + 30 * SECOND;
                while (scheme.parkedCount.get() < IN_FLIGHT && System.nanoTime() < deadline)
                {
                    Thread.sleep(10);
                }
                assertEquals(IN_FLIGHT, scheme.parkedCount.get(), client.output());
                assertEquals(1, server.clientCount());
                assertTrue(hasClientFiles(client.pid()), "the client's ring and pool are in " + dir.path());
            }
            finally
            {
                client.kill();
                client.close();
            }
            final long killed = System.nanoTime();
            while ((server.clientCount() > 0 || hasClientFiles(client.pid())) &&
                System.nanoTime() - killed < 10 * SECOND)
            {
                Thread.sleep(10);
            }
            assertEquals(0, server.clientCount(), "the dead client was detached");
            assertFalse(hasClientFiles(client.pid()), "its files were removed");
            assertEquals(0, scheme.releaseAll(), "nothing of the dead client's is still live");
            assertEquals(IN_FLIGHT, scheme.refused.get(), "every parked operation was cancelled");
        }
    }

    private boolean hasClientFiles(final long pid) throws Exception
    {
        try (var files = Files.list(dir.path()))
        {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("store." + pid + "."));
        }
    }

    @Test
    void shouldRefuseAnUnpublishedSchemeAndAUserThePolicyRejects()
    {
        final RingworkException missing = assertThrows(RingworkException.class,
            () -> SchemeConnection.connect("nothing", clientOptions()));
        assertEquals(Errno.ENOENT, missing.errno());

        try (SchemeServer ignored = SchemeServer.publish("store", new StoreScheme(),
            serverOptions().withAllowedUsers(user -> false)))
        {
            final RingworkException refused = assertThrows(RingworkException.class,
                () -> SchemeConnection.connect("store", clientOptions()));
            assertEquals(Errno.EACCES, refused.errno());
        }
        try (var files = Files.list(dir.path()))
        {
            assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString).toList(),
                "a refused client leaves no file behind");
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldRefuseASecondServerForTheSameName()
    {
        try (SchemeServer ignored = SchemeServer.publish("store", new StoreScheme(), serverOptions()))
        {
            final RingworkException taken = assertThrows(RingworkException.class,
                () -> SchemeServer.publish("store", new StoreScheme(), serverOptions()));
            assertEquals(Errno.EADDRINUSE, taken.errno());
        }
    }

    @Test
    void shouldDrainOnGracefulCloseThenFailLaterSubmissionsWithEpipe() throws Exception
    {
        final StoreScheme scheme = new StoreScheme();
        final SchemeServer server = SchemeServer.publish("store", scheme, serverOptions());
        try (SchemeConnection store = SchemeConnection.connect("store", clientOptions()))
        {
            final long handle = ServeTestSupport.open(store, "store:drain");
            final RingFutures futures = store.futures();
            final List<CompletableFuture<Completion>> parked = new ArrayList<>();
            for (int i = 0; i < 100; i++)
            {
                parked.add(futures.submit(futures.sqe().prepUser(StoreScheme.PARK, handle, 0, 0, 0, 0)));
            }
            futures.enter(0, 0);
            while (scheme.parkedCount.get() < 100)
            {
                Thread.sleep(1);
            }
            server.close();
            ServeTestSupport.assertParkedCancelledThenPipe(store, parked);
            assertFalse(Files.exists(dir.resolve("store.sock")), "the socket file is removed");
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldDetachAClientThatCorruptsItsRingAndKeepServingTheOthers() throws Exception
    {
        try (SchemeServer server = SchemeServer.publish("store", new StoreScheme(), serverOptions());
            SchemeConnection good = SchemeConnection.connect("store", clientOptions());
            SchemeConnection bad = SchemeConnection.connect("store", clientOptions()))
        {
            final long goodHandle = ServeTestSupport.open(good, "store:good");
            final long badHandle = ServeTestSupport.open(bad, "store:bad");

            // Garbage SQEs get error CQEs: an unknown verb, a buffer outside the pool, a handle never opened.
            final Ring ring = bad.ring();
            ring.getSqe().prep(100, badHandle, 0, 0, 0, 0).userData(1);
            ring.getSqe().prepWrite(badHandle, 0x7FFF_0000_0000L, 4096, 0).userData(2);
            ring.getSqe().prepRead(987_654, bad.pool().allocate(8, 8), 8, 0).userData(3);
            assertEquals(3, ring.enter(Integer.MAX_VALUE, 3, 10 * SECOND));
            assertEquals(Errno.ENOSYS, Errno.of(ring.cqeAt(0).error()));
            assertEquals(Errno.EFAULT, Errno.of(ring.cqeAt(1).error()));
            assertEquals(Errno.EBADF, Errno.of(ring.cqeAt(2).error()));
            ring.advanceCq(3);
            assertEquals(2, server.clientCount());

            // An SQ tail far beyond the queue's size is impossible: the server marks the ring broken and detaches.
            final Path ringFile = bad.ring().path().orElseThrow();
            try (var channel = java.nio.channels.FileChannel.open(ringFile, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE))
            {
                final var tail = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder());
                tail.putInt(0, 1_000_000);
                channel.write(tail, io.ringwork.internal.layout.RingDescriptor.SQ_TAIL_OFFSET);
            }
            final long deadline = System.nanoTime() + 10 * SECOND;
            while (server.clientCount() > 1 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(1, server.clientCount(), "the corrupting client is detached");
            assertTrue(bad.ring().isBroken());
            assertEquals(Ring.BROKEN, bad.ring().awaitCqes(1, SECOND));

            final Ring other = good.ring();
            other.getSqe().prepNop().userData(9);
            other.getSqe().prepUser(StoreScheme.PEER, goodHandle, 0, 0, 0, 0).userData(10);
            assertEquals(2, other.enter(Integer.MAX_VALUE, 2, 10 * SECOND));
            assertEquals(0, other.cqeAt(0).error());
            assertEquals(ProcessHandle.current().pid(), other.cqeAt(1).result());
            other.advanceCq(2);
        }
    }

    @Test
    void shouldSleepWhenIdleAndWakeOnASubmission() throws Exception
    {
        try (SchemeServer server = SchemeServer.publish("store", new StoreScheme(), serverOptions());
            SchemeConnection store = SchemeConnection.connect("store", clientOptions()))
        {
            final Ring ring = store.ring();
            for (int i = 0; i < 5; i++)
            {
                Thread.sleep(20);
                ring.getSqe().prepNop().userData(i);
                assertEquals(1, ring.enter(1, 1, 10 * SECOND), server.toString());
                assertEquals(i, ring.peekCqe().userData());
                ring.advanceCq(1);
            }
            assertTrue(ring.counters().serverSleeps() >= 5, "the server thread slept between requests: " +
                ring.counters().serverSleeps());
            assertTrue(ring.counters().clientWakeups() >= 5, "and each submission woke it: " +
                ring.counters().clientWakeups());
        }
    }

    @Test
    void shouldServeOneOpcodeAsAnErrorAndTheRestNormally()
    {
        try (SchemeServer ignored = SchemeServer.publish("store", new StoreScheme(), serverOptions());
            SchemeConnection store = SchemeConnection.connect("store", clientOptions()))
        {
            final Ring ring = store.ring();
            final long missing = ServeTestSupport.put(store.pool(), "file:/etc/passwd");
            ring.getSqe().prepOpen(missing, 16, io.ringwork.VerbFlags.OPEN_READ, 0).userData(1);
            ring.getSqe().prepNop().userData(2);
            assertEquals(2, ring.enter(Integer.MAX_VALUE, 2, 10 * SECOND));
            assertEquals(Errno.ENOENT, Errno.of(ring.cqeAt(0).error()), "only store: is served here");
            assertEquals(Opcode.NOP.code(), ring.cqeAt(1).opcode());
            ring.advanceCq(2);
        }
    }
}
