package io.ringwork.serve;

import io.ringwork.AsyncIo;
import io.ringwork.Completion;
import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingFutures;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.VerbFlags;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ringwork.serve.ServeTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reactor that is a process's whole event loop: it serves a published scheme to clients in other JVMs on its own
 * thread (or the caller's), in the same sleep as its own rings, while the scheme forwards every request to the
 * runtime's {@code file:} through that same reactor.
 */
class ReactorServedSchemeTest
{
    private static final int RECORDS = 500;
    private static final int IN_FLIGHT = 10_000;
    private static final int BATCH = 32;

    private final ShmDirectory dir = ShmDirectory.create();

    @TempDir
    Path root;

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    private Ringwork runtime()
    {
        return Ringwork.start(RingworkOptions.defaults().withFileRoot(root));
    }

    private SchemeServerOptions serverOptions()
    {
        return SchemeServerOptions.defaults().withDirectory(dir.path());
    }

    private SchemeConnectionOptions clientOptions()
    {
        return SchemeConnectionOptions.defaults().withDirectory(dir.path());
    }

    @Test
    void shouldServeAnotherJvmFromTheReactorThreadWhileTheSchemeForwardsToFileThroughTheSameReactor()
        throws Exception
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final FileForwardScheme scheme = new FileForwardScheme(reactor.io());
            try (SchemeServer server = reactor.publish("fwd", scheme, serverOptions()))
            {
                final ChildJvm client = ChildJvm.start(ForwardClientMain.class, dir.path().toString(), "fwd",
                    "data.bin", Integer.toString(RECORDS));
                try
                {
                    // The reactor's own use of file: goes on meanwhile, on the same ring the scheme forwards to.
                    final List<CompletableFuture<Long>> own = ownWrites(reactor.io(), "own.bin", 200);
                    assertEquals(0, client.waitFor(60, TimeUnit.SECONDS), client.output());
                    assertTrue(client.output().contains("verified " + RECORDS), client.output());
                    for (final CompletableFuture<Long> write : own)
                    {
                        assertEquals(8L, write.get(20, TimeUnit.SECONDS));
                    }
                }
                finally
                {
                    client.kill();
                    client.close();
                }
                assertRecords(root.resolve("data.bin"), RECORDS);
                assertEquals(200 * 8, Files.size(root.resolve("own.bin")));
                assertEquals(1, scheme.threads.size(), "one thread served and completed: " + scheme.threads);
                final String thread = scheme.threads.iterator().next();
                assertTrue(thread.startsWith("ringwork-reactor-"), thread);
                assertTrue(scheme.forwarded.get() >= 2 * RECORDS + 2, "requests completed from futures: " +
                    scheme.forwarded.get());
                assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("ringwork-serve-fwd")), "no server thread of fwd");
                awaitNoClients(server);
            }
        }
    }

    @Test
    void shouldServeInTheCallersLoop() throws Exception
    {
        try (Ringwork runtime = runtime();
            Ring ring = runtime.open())
        {
            final RingReactor reactor = RingReactor.create(ring, runtime.pool());
            final FileForwardScheme scheme = new FileForwardScheme(reactor.io());
            final SchemeServer server = reactor.publish("fwd", scheme, serverOptions());
            final ChildJvm client = ChildJvm.start(ForwardClientMain.class, dir.path().toString(), "fwd",
                "loop.bin", Integer.toString(RECORDS));
            try
            {
                final long deadline = System.nanoTime() + 60 * SECOND;
                while (client.process().isAlive() && System.nanoTime() < deadline)
                {
                    reactor.poll(10_000_000L);
                }
                assertEquals(0, client.waitFor(1, TimeUnit.SECONDS), client.output());
                assertTrue(client.output().contains("verified " + RECORDS), client.output());
            }
            finally
            {
                client.kill();
                client.close();
            }
            assertRecords(root.resolve("loop.bin"), RECORDS);
            assertEquals(Set.of(Thread.currentThread().getName()), scheme.threads, "served on the polling thread");
            final long deadline = System.nanoTime() + 10 * SECOND;
            while (server.clientCount() > 0 && System.nanoTime() < deadline)
            {
                reactor.poll(1_000_000L);
            }
            assertEquals(0, server.clientCount(), "the departed client's ring was finished in the loop");
            server.close();
            assertFalse(Files.exists(dir.resolve("fwd.sock")));
            final long after = pollFor(reactor, reactor.io().open("mem:after",
                VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE));
            assertEquals(3L, pollFor(reactor, reactor.io().write(after, bytes("abc"), 0)), "the reactor goes on");
            reactor.close();
        }
    }

    private static long pollFor(final RingReactor reactor, final CompletableFuture<Long> future)
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (!future.isDone() && System.nanoTime() < deadline)
        {
            reactor.poll(1_000_000L);
        }
        return future.join();
    }

    @Test
    void shouldSleepWhenIdleAndWakeForAClientAndForItsOwnCompletions() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final FileForwardScheme scheme = new FileForwardScheme(reactor.io());
            try (SchemeServer ignored = reactor.publish("fwd", scheme, serverOptions());
                SchemeConnection client = SchemeConnection.connect("fwd", clientOptions()))
            {
                final long handle = ServeTestSupport.open(client, "fwd:idle.bin");
                final Thread reactorThread = reactorThread(reactor);
                Thread.sleep(100);
                final long cpuBefore = threads.getThreadCpuTime(reactorThread.threadId());
                Thread.sleep(500);
                final long cpuNanos = threads.getThreadCpuTime(reactorThread.threadId()) - cpuBefore;
                // A thread that polled instead of sleeping would have used most of the 500 ms.
                assertTrue(cpuNanos < 100_000_000L, "the idle reactor used " + cpuNanos / 1000 +
                    " us of CPU in 500 ms");

                final Ring ring = client.ring();
                final long sleepsBefore = ring.counters().serverSleeps();
                final long data = ServeTestSupport.put(client.pool(), "8 bytes!");
                for (int i = 0; i < 5; i++)
                {
                    Thread.sleep(20);
                    ring.getSqe().prepWrite(handle, data, 8, i * 8L).userData(i);
                    assertEquals(1, ring.enter(1, 1, 10 * SECOND));
                    final Cqe cqe = ring.peekCqe();
                    assertEquals(i, cqe.userData());
                    assertEquals(0, cqe.error(), Errno.of(cqe.error()).toString());
                    assertEquals(8, cqe.result());
                    ring.advanceCq(1);
                }
                assertTrue(ring.counters().serverSleeps() - sleepsBefore >= 5,
                    "the reactor slept between requests: " + (ring.counters().serverSleeps() - sleepsBefore));
                assertEquals(40, Files.size(root.resolve("idle.bin")), "each write went through to file:");
            }
        }
    }

    @Test
    void shouldCancelTheWorkOfAClientKilledWhileTheReactorServesItAndGoOn() throws Exception
    {
        final StoreScheme scheme = new StoreScheme();
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime);
            SchemeServer server = reactor.publish("store", scheme, serverOptions()))
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
            }
            finally
            {
                client.kill();
                client.close();
            }
            final long killed = System.nanoTime();
            while ((server.clientCount() > 0 || hasClientFiles("store", client.pid())) &&
                System.nanoTime() - killed < 10 * SECOND)
            {
                Thread.sleep(10);
            }
            assertEquals(0, server.clientCount(), "the dead client was detached");
            assertFalse(hasClientFiles("store", client.pid()), "its files were removed");
            assertEquals(0, scheme.releaseAll(), "nothing of the dead client's is still live");
            assertEquals(IN_FLIGHT, scheme.refused.get(), "every parked operation was cancelled");

            final AsyncIo io = reactor.io();
            final long mem = io.open("mem:still", VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE)
                .get(10, TimeUnit.SECONDS);
            assertEquals(5L, io.write(mem, bytes("alive"), 0).get(10, TimeUnit.SECONDS), "the reactor goes on");
            try (SchemeConnection next = SchemeConnection.connect("store", clientOptions()))
            {
                final long handle = ServeTestSupport.open(next, "store:next");
                final Ring ring = next.ring();
                ring.getSqe().prepUser(StoreScheme.PEER, handle, 0, 0, 0, 0).userData(1);
                assertEquals(1, ring.enter(1, 1, 10 * SECOND));
                assertEquals(ProcessHandle.current().pid(), ring.peekCqe().result(), "and serves a new client");
                ring.advanceCq(1);
            }
        }
    }

    /**
     * A client dies while the scheme waits for the reactor's own futures on its behalf: its ring ends over the
     * reactor's next rounds, which go on reaping, so every begun request completes before the ring closes and the
     * reactor never blocks for the shutdown grace period (5 s).
     */
    @Test
    void shouldEndADeadClientsRingWhileItsRequestsWaitForTheReactorsOwnFutures() throws Exception
    {
        final int count = 1000;
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final AtomicInteger begun = new AtomicInteger();
            final AtomicInteger completed = new AtomicInteger();
            final AsyncIo io = reactor.io();
            final io.ringwork.scheme.Scheme delay = (request, path, flags, mode) ->
                request.completeOpen(new DelayHandle(io, begun, completed));
            try (SchemeServer server = reactor.publish("delay", delay, serverOptions()))
            {
                final ChildJvm client = ChildJvm.start(ParkingClientMain.class, dir.path().toString(), "delay",
                    Integer.toString(count));
                final long killed;
                try
                {
                    client.awaitOutput("submitted", 60, TimeUnit.SECONDS);
                    final long deadline = System.nanoTime() + 30 * SECOND;
                    while (begun.get() < count && System.nanoTime() < deadline)
                    {
                        Thread.sleep(1);
                    }
                    assertEquals(count, begun.get(), client.output());
                }
                finally
                {
                    client.kill();
                    killed = System.nanoTime();
                    client.close();
                }
                while (server.clientCount() > 0 && System.nanoTime() - killed < 10 * SECOND)
                {
                    Thread.sleep(1);
                }
                final int completedAtDetach = completed.get();
                final long detachMillis = (System.nanoTime() - killed) / 1_000_000;
                assertEquals(0, server.clientCount(), "the dead client was detached");
                assertEquals(count, completedAtDetach, "its begun requests completed before its ring closed");
                assertTrue(detachMillis < 4_000, "detached in " + detachMillis + " ms, not after the 5 s grace");
                assertEquals(0L, io.nop().get(10, TimeUnit.SECONDS), "the reactor goes on");
            }
        }
    }

    /**
     * Completes each call when a 300 ms sleep of the serving reactor's ring ends.
     */
    private static final class DelayHandle implements io.ringwork.scheme.SchemeHandle
    {
        private final AsyncIo io;
        private final AtomicInteger begun;
        private final AtomicInteger completed;

        DelayHandle(final AsyncIo io, final AtomicInteger begun, final AtomicInteger completed)
        {
            this.io = io;
            this.begun = begun;
            this.completed = completed;
        }

        @Override
        public void call(final io.ringwork.scheme.Request request)
        {
            if (request.begin())
            {
                begun.incrementAndGet();
                io.sleep(Duration.ofMillis(300)).whenComplete((ignored, failure) ->
                {
                    completed.incrementAndGet();
                    request.complete(1);
                });
            }
        }

        @Override
        public void read(final io.ringwork.scheme.Request request)
        {
            request.fail(Errno.ENOSYS);
        }

        @Override
        public void write(final io.ringwork.scheme.Request request)
        {
            request.fail(Errno.ENOSYS);
        }

        @Override
        public long size()
        {
            return 0;
        }

        @Override
        public void stat(final io.ringwork.scheme.Request request)
        {
            request.fail(Errno.ENOSYS);
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void shouldStopServingWhenTheReactorClosesAndFailLaterSubmissionsWithEpipe() throws Exception
    {
        final StoreScheme scheme = new StoreScheme();
        try (Ringwork runtime = runtime())
        {
            final RingReactor reactor = RingReactor.start(runtime);
            final SchemeServer server = reactor.publish("store", scheme, serverOptions());
            try (SchemeConnection connection = SchemeConnection.connect("store", clientOptions()))
            {
                final long handle = ServeTestSupport.open(connection, "store:drain");
                final RingFutures futures = connection.futures();
                final List<CompletableFuture<Completion>> parked = new ArrayList<>();
                for (int i = 0; i < 100; i++)
                {
                    parked.add(futures.submit(futures.sqe().prepUser(StoreScheme.PARK, handle, 0, 0, 0, 0)));
                }
                futures.enter(0, 0);
                final long deadline = System.nanoTime() + 10 * SECOND;
                while (scheme.parkedCount.get() < 100 && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                assertEquals(100, scheme.parkedCount.get());
                reactor.close();
                ServeTestSupport.assertParkedCancelledThenPipe(connection, parked);
                assertFalse(Files.exists(dir.resolve("store.sock")), "closing the reactor closed the server");
                assertEquals(0, server.clientCount());
                final RingworkException refused = assertThrows(RingworkException.class,
                    () -> reactor.publish("late", new StoreScheme(), serverOptions()));
                assertEquals(Errno.ESHUTDOWN, refused.errno());
            }
            finally
            {
                reactor.close();
            }
        }
    }

    @Test
    void shouldRefuseABlockingWaitOnTheReactorThreadInsteadOfHanging() throws Exception
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final io.ringwork.scheme.Scheme blocking = (request, path, flags, mode) ->
                reactor.sync().open("mem:" + path, VerbFlags.OPEN_READ | VerbFlags.OPEN_CREATE);
            try (SchemeServer ignored = reactor.publish("waits", blocking, serverOptions());
                SchemeConnection client = SchemeConnection.connect("waits", clientOptions()))
            {
                final RingworkException refused = assertThrows(RingworkException.class,
                    () -> ServeTestSupport.open(client, "waits:x"));
                assertEquals(Errno.EDEADLK, refused.errno(), "the scheme's SyncIo call fails at once");
                final long handle = reactor.io().open("mem:ok", VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE)
                    .get(10, TimeUnit.SECONDS);
                assertEquals(2L, reactor.io().write(handle, bytes("ok"), 0).get(10, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void shouldServeABlockingSchemeWhoseWorkersCompleteOnOtherThreads() throws Exception
    {
        final java.util.Map<String, byte[]> values = new java.util.concurrent.ConcurrentHashMap<>();
        final io.ringwork.scheme.BlockingScheme blocking = (path, flags, mode) ->
            new io.ringwork.scheme.BlockingHandle()
        {
            @Override
            public int read(final long position, final java.lang.foreign.MemorySegment dst)
            {
                final byte[] value = values.getOrDefault(path, new byte[0]);
                final int n = (int)Math.max(0, Math.min(dst.byteSize(), value.length - position));
                java.lang.foreign.MemorySegment.copy(value, (int)position, dst,
                    java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
                return n;
            }

            @Override
            public int write(final long position, final java.lang.foreign.MemorySegment src)
            {
                values.put(path, src.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                return (int)src.byteSize();
            }

            @Override
            public void close()
            {
            }
        };
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime);
            SchemeServer ignored = reactor.publishBlocking("blk", blocking, serverOptions().withWorkers(2));
            SchemeConnection client = SchemeConnection.connect("blk", clientOptions()))
        {
            final long handle = ServeTestSupport.open(client, "blk:k");
            final Ring ring = client.ring();
            final long data = ServeTestSupport.put(client.pool(), "worker");
            ring.getSqe().prepWrite(handle, data, 6, 0).userData(1);
            assertEquals(1, ring.enter(1, 1, 10 * SECOND));
            assertEquals(6, ring.peekCqe().result(), Errno.of(ring.peekCqe().error()).toString());
            ring.advanceCq(1);
            final long dst = client.pool().allocate(16, 8);
            ring.getSqe().prepRead(handle, dst, 16, 0).userData(2);
            assertEquals(1, ring.enter(1, 1, 10 * SECOND));
            assertEquals(6, ring.peekCqe().result());
            ring.advanceCq(1);
            assertEquals("worker", new String(client.pool().slice(dst, 6).toArray(
                java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("ringwork-blk-worker-")), "the workers ran the calls");
        }
    }

    /**
     * In the caller's loop one thread is both a client and the reactor serving it, and neither side sleeps: what is
     * measured is the served path alone.
     */
    @Test
    void shouldAllocateNothingPerRequestOnTheServedPath() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Ringwork runtime = runtime();
            Ring own = runtime.open())
        {
            final RingReactor reactor = RingReactor.create(own, runtime.pool());
            try (SchemeServer ignored = reactor.publish("store", new StoreScheme(), serverOptions());
                SchemeConnection client = SchemeConnection.connect("store", clientOptions()))
            {
                final Ring ring = client.ring();
                final long path = ServeTestSupport.put(client.pool(), "store:zero");
                ring.getSqe().prepOpen(path, 10, VerbFlags.OPEN_READ | VerbFlags.OPEN_CREATE, 0).userData(1);
                ring.submit();
                awaitCqes(reactor, ring, 1);
                final long handle = ring.peekCqe().result();
                assertEquals(0, ring.peekCqe().error());
                ring.advanceCq(1);
                final long pid = ProcessHandle.current().pid();
                runPeerCalls(reactor, ring, handle, pid, 20_000);
                final long before = threads.getCurrentThreadAllocatedBytes();
                final int batches = 20_000;
                runPeerCalls(reactor, ring, handle, pid, batches);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes over " + batches * BATCH +
                    " requests served, client and reactor on one thread");
            }
            reactor.close();
        }
    }

    private static void awaitCqes(final RingReactor reactor, final Ring ring, final int count)
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (ring.cqReady() < count)
        {
            assertTrue(System.nanoTime() < deadline, "ring stalled");
            reactor.poll(0);
        }
    }

    private static void runPeerCalls(final RingReactor reactor, final Ring ring, final long handle, final long pid,
        final int batches)
    {
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                ring.getSqe().prepUser(StoreScheme.PEER, handle, 0, 0, 0, 0).userData(i);
            }
            ring.submit();
            int reaped = 0;
            while (reaped < BATCH)
            {
                reactor.poll(0);
                final int ready = ring.cqReady();
                for (int i = 0; i < ready; i++)
                {
                    final Cqe cqe = ring.cqeAt(i);
                    if (pid != cqe.result())
                    {
                        throw new AssertionError("PEER answered " + cqe.result() + ", error " + cqe.error());
                    }
                }
                if (ready > 0)
                {
                    ring.advanceCq(ready);
                    reaped += ready;
                }
            }
        }
    }

    /**
     * The reactor's thread, as the one its futures complete on (a sleep makes sure the callback is registered
     * before the completion).
     */
    private static Thread reactorThread(final RingReactor reactor) throws Exception
    {
        final CompletableFuture<Thread> thread = new CompletableFuture<>();
        reactor.io().sleep(Duration.ofMillis(50)).whenComplete((ignored, failure) ->
            thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    private static List<CompletableFuture<Long>> ownWrites(final AsyncIo io, final String file, final int count)
        throws Exception
    {
        final long handle = io.open("file:/" + file, VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE)
            .get(10, TimeUnit.SECONDS);
        final List<CompletableFuture<Long>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            writes.add(io.write(handle, bytes(String.format("own-%03d\n", i)), i * 8L));
        }
        return writes;
    }

    private static void assertRecords(final Path file, final int count) throws Exception
    {
        final byte[] data = Files.readAllBytes(file);
        assertEquals(count * ForwardClientMain.RECORD, data.length, "the client's records reached " + file);
        for (int i = 0; i < count; i++)
        {
            assertEquals(ForwardClientMain.record(i), new String(data, i * ForwardClientMain.RECORD,
                ForwardClientMain.RECORD, StandardCharsets.US_ASCII));
        }
    }

    private static void awaitNoClients(final SchemeServer server) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10 * SECOND;
        while (server.clientCount() > 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(0, server.clientCount(), "the client that exited was detached");
    }

    private boolean hasClientFiles(final String name, final long pid) throws Exception
    {
        try (var files = Files.list(dir.path()))
        {
            return files.anyMatch(file -> file.getFileName().toString().startsWith(name + "." + pid + "."));
        }
    }

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
