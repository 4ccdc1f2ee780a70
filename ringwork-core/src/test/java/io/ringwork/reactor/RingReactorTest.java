package io.ringwork.reactor;

import io.ringwork.AsyncIo;
import io.ringwork.CqeHandler;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.IoChain;
import io.ringwork.RingReactor;
import io.ringwork.Ring;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reactor over an in-process runtime: typed futures, chains with leased registers, cancel, the blocking calls on
 * many virtual threads, and the raw path that allocates nothing.
 */
class RingReactorTest
{
    private static final long SECONDS = 10;

    @TempDir
    Path root;

    private Ringwork runtime()
    {
        return Ringwork.start(RingworkOptions.defaults().withFileRoot(root));
    }

    @Test
    void shouldRunTypedOperationsAsFutures() throws Exception
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final AsyncIo io = reactor.io();
            final String path = "file:/typed.txt";
            final long handle = io.open(path, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE)
                .get(SECONDS, TimeUnit.SECONDS);
            final ByteBuffer text = ByteBuffer.wrap("written through futures".getBytes(StandardCharsets.UTF_8));
            assertEquals(23L, io.write(handle, text, 0).get(SECONDS, TimeUnit.SECONDS));
            assertEquals(0, text.remaining(), "the source was consumed");
            final ByteBuffer back = ByteBuffer.allocateDirect(64);
            assertEquals(23L, io.read(handle, back, 0).get(SECONDS, TimeUnit.SECONDS));
            assertEquals(23, back.position());
            assertEquals(23L, io.seek(handle, 0, VerbFlags.SEEK_END).get(SECONDS, TimeUnit.SECONDS));
            final FileStat stat = io.stat(handle).get(SECONDS, TimeUnit.SECONDS);
            assertEquals(23, stat.size());
            assertEquals(0L, io.fsync(handle, true).get(SECONDS, TimeUnit.SECONDS));
            assertEquals(0L, io.close(handle).get(SECONDS, TimeUnit.SECONDS));
            assertEquals("written through futures", Files.readString(root.resolve("typed.txt")));

            final CompletionException closed = assertThrows(CompletionException.class, () -> io.close(handle).join());
            assertEquals(Errno.EBADF, assertInstanceOf(RingworkException.class, closed.getCause()).errno());
            final long before = System.nanoTime();
            io.sleep(Duration.ofMillis(20)).get(SECONDS, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - before >= 19_000_000L, "slept on the ring");
            assertEquals(0, reactor.pending());
        }
    }

    @Test
    void shouldRunAChainWithRegistersAndStopItAtTheFirstFailure() throws Exception
    {
        Files.writeString(root.resolve("in.txt"), "chained bytes");
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final AsyncIo io = reactor.io();
            final long buffer = io.pool().allocate(64, 64);
            final IoChain.Submitted chain = io.chain()
                .open("file:/in.txt", VerbFlags.OPEN_READ).saveTo(3)
                .read(0, buffer, 64, 0).handleFrom(3).saveTo(5)
                .stat(0).handleFrom(3)
                .close(0).handleFrom(3)
                .submit();
            assertEquals(0L, chain.done().get(SECONDS, TimeUnit.SECONDS));
            assertEquals(13L, chain.<Long>step(1).join());
            assertEquals(13, chain.<FileStat>step(2).join().size());
            assertEquals("chained bytes", new String(io.pool().slice(buffer, 13).toArray(
                java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));

            final IoChain.Submitted broken = io.chain()
                .open("file:/missing.txt", VerbFlags.OPEN_READ).saveTo(0)
                .read(0, buffer, 64, 0).handleFrom(0)
                .close(0).handleFrom(0)
                .submit();
            assertErrno(Errno.ENOENT, broken.step(0));
            assertErrno(Errno.ECANCELED, broken.step(1));
            assertErrno(Errno.ECANCELED, broken.step(2));
            assertTrue(broken.done().isCompletedExceptionally());
        }
    }

    private static void assertErrno(final Errno expected, final CompletableFuture<?> future)
    {
        final CompletionException failed = assertThrows(CompletionException.class, future::join);
        assertEquals(expected, assertInstanceOf(RingworkException.class, failed.getCause()).errno());
    }

    @Test
    void shouldKeepTheRegistersOfConcurrentChainsApart() throws Exception
    {
        final int threads = 8;
        final int chains = 300;
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime);
            ExecutorService pool = Executors.newFixedThreadPool(threads))
        {
            final AsyncIo io = reactor.io();
            final List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int id = t;
                results.add(CompletableFuture.supplyAsync(() -> chainsOf(io, id, chains), pool));
            }
            for (final CompletableFuture<Integer> result : results)
            {
                assertEquals(chains, result.get(60, TimeUnit.SECONDS));
            }
        }
    }

    /**
     * Each chain writes its own length of bytes to its own file, saves the count in a register and writes that many
     * bytes again, at that offset, both from the register: a register mixed up with another chain's shows as a
     * wrong length.
     */
    private static int chainsOf(final AsyncIo io, final int id, final int chains)
    {
        final long buffer = io.pool().allocate(4096, 64);
        int good = 0;
        for (int i = 0; i < chains; i++)
        {
            final int length = 1 + ((id * 977 + i * 131) % 4000);
            final IoChain.Submitted chain = io.chain()
                .open("mem:chain-" + id + "-" + i, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE |
                    VerbFlags.OPEN_CREATE).saveTo(0)
                .write(0, buffer, length, 0).handleFrom(0).saveTo(1)
                .write(0, buffer, 0, 0).handleFrom(0).load(2, 1).load(3, 1).saveTo(2)
                .seek(0, 0, VerbFlags.SEEK_END).handleFrom(0)
                .close(0).handleFrom(0)
                .submit();
            chain.done().join();
            if (length * 2L == chain.<Long>step(3).join() && length == chain.<Long>step(2).join())
            {
                good++;
            }
        }
        return good;
    }

    @Test
    void shouldCompleteACancelledFutureExactlyOnceAndReleaseWhatItHeld() throws Exception
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final AsyncIo io = reactor.io();
            final CompletableFuture<Long> sleep = io.sleep(Duration.ofSeconds(60));
            Thread.sleep(20);
            assertTrue(sleep.cancel(true));
            assertTrue(sleep.isCancelled());
            assertThrows(CancellationException.class, sleep::join);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            while (reactor.pending() > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(0, reactor.pending(), "the CANCEL reached the runtime and the sleep's CQE came back");

            final int races = 10_000;
            final long freeBefore = io.pool().freeBytes();
            final List<CompletableFuture<Long>> futures = new ArrayList<>(races);
            final long sink = io.open("null:", VerbFlags.OPEN_WRITE).join();
            final AtomicInteger completions = new AtomicInteger();
            for (int i = 0; i < races; i++)
            {
                final CompletableFuture<Long> future = 0 == (i & 1) ?
                    io.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1, 200_000))) :
                    io.write(sink, ByteBuffer.allocate(16), 0);
                future.whenComplete((value, failure) -> completions.incrementAndGet());
                futures.add(future);
                if (ThreadLocalRandom.current().nextBoolean())
                {
                    future.cancel(false);
                }
            }
            for (final CompletableFuture<Long> future : futures)
            {
                try
                {
                    future.get(SECONDS, TimeUnit.SECONDS);
                }
                catch (final java.util.concurrent.ExecutionException | CancellationException ignored)
                {
                    // Either outcome is fine; what matters is that it completed once.
                }
            }
            while (reactor.pending() > 0 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(30))
            {
                Thread.sleep(1);
            }
            assertEquals(races, completions.get(), "each future completed exactly once");
            assertEquals(0, reactor.pending());
            assertEquals(freeBefore, io.pool().freeBytes(), "every bounce buffer went back to the pool");
        }
    }

    @Test
    void shouldServeTenThousandVirtualThreadsReadingThroughOneRing() throws Exception
    {
        final int size = 1 << 20;
        final byte[] content = new byte[size];
        ThreadLocalRandom.current().nextBytes(content);
        Files.write(root.resolve("random.bin"), content);
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final SyncIo io = reactor.sync();
            final long handle = io.open("file:/random.bin", VerbFlags.OPEN_READ);
            final AtomicInteger wrong = new AtomicInteger();
            final AtomicInteger done = new AtomicInteger();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor())
            {
                for (int t = 0; t < 10_000; t++)
                {
                    threads.submit(() ->
                    {
                        final ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int r = 0; r < 4; r++)
                        {
                            final int offset = random.nextInt(size - 4096);
                            final ByteBuffer dst = ByteBuffer.allocate(4096);
                            final long n = io.read(handle, dst, offset);
                            final byte[] expected = java.util.Arrays.copyOfRange(content, offset, offset + 4096);
                            if (4096 != n || !java.util.Arrays.equals(expected, dst.array()))
                            {
                                wrong.incrementAndGet();
                            }
                        }
                        done.incrementAndGet();
                    });
                }
            }
            assertEquals(10_000, done.get());
            assertEquals(0, wrong.get(), "every read returned the file's bytes");
            io.close(handle);
        }
    }

    @Test
    void shouldThrowTheErrnoFromTheBlockingCalls()
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final RingworkException missing = assertThrows(RingworkException.class,
                () -> reactor.sync().open("file:/nothing", VerbFlags.OPEN_READ));
            assertEquals(Errno.ENOENT, missing.errno());
            final RingworkException unknown = assertThrows(RingworkException.class,
                () -> reactor.sync().open("nowhere:x", VerbFlags.OPEN_READ));
            assertEquals(Errno.ENOENT, unknown.errno());
        }
    }

    @Test
    void shouldSurviveAnAttachedRingClosedUnderIt() throws Exception
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final Ring attached = runtime.open();
            final AsyncIo io = reactor.attach(attached, runtime.pool());
            final CompletableFuture<Long> sleeping = io.sleep(Duration.ofSeconds(60));
            Thread.sleep(20);
            attached.close();
            // A bounded wait: the completion used to be lost when the ring's memory went away while its CQE was read.
            final ExecutionException ended = assertThrows(ExecutionException.class,
                () -> sleeping.get(30, TimeUnit.SECONDS));
            final Errno errno = assertInstanceOf(RingworkException.class, ended.getCause()).errno();
            assertTrue(Errno.ECANCELED == errno || Errno.EPIPE == errno,
                "cancelled by the runtime as the ring closed, or failed by the reactor: " + errno);
            assertEquals(0L, reactor.io().nop().get(SECONDS, TimeUnit.SECONDS),
                "the reactor and its other rings go on");
            assertErrno(Errno.EPIPE, io.nop());
        }
    }

    @Test
    void shouldGiveARawHandlerOneErrorCompletionWhenItsRingGoesOrTheReactorCloses() throws Exception
    {
        final io.ringwork.SqeWriter sleep = sqe -> sqe.prepTimeout(Duration.ofSeconds(60).toNanos(), 0, 0);
        try (Ringwork runtime = runtime();
            Ring ring = runtime.open())
        {
            final RingReactor reactor = RingReactor.create(ring, runtime.pool());
            final AsyncIo io = reactor.io();
            final List<Integer> errors = new ArrayList<>();
            final boolean[] resubmitted = {true};
            assertTrue(io.submitRaw(sleep, cqe ->
            {
                errors.add(cqe.error());
                resubmitted[0] = io.submitRaw(sleep, ignored -> errors.add(-1));
            }));
            // A handler against its contract, throwing on its final CQE, does not keep the others from theirs.
            assertTrue(io.submitRaw(sleep, cqe ->
            {
                throw new IllegalStateException("a handler that throws on errors");
            }));
            final CompletableFuture<Long> future = io.sleep(Duration.ofSeconds(60));
            reactor.poll(0);
            reactor.close();
            assertEquals(List.of(Errno.ECANCELED.number()), errors, "closing the reactor answers the raw handler");
            assertFalse(resubmitted[0], "a closing reactor takes no raw submission");
            assertTrue(future.isCompletedExceptionally(), "and the future behind the throwing handler");
        }
        try (Ringwork runtime = runtime();
            Ring ring = runtime.open())
        {
            final RingReactor reactor = RingReactor.create(ring, runtime.pool());
            final List<Integer> errors = new ArrayList<>();
            assertTrue(reactor.io().submitRaw(sleep, cqe -> errors.add(cqe.error())));
            reactor.poll(0);
            ring.close();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (errors.isEmpty() && System.nanoTime() < deadline)
            {
                reactor.poll(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertEquals(1, errors.size(), "one final completion for the raw submission: " + errors);
            final int error = errors.get(0);
            assertTrue(Errno.ECANCELED.number() == error || Errno.EPIPE.number() == error,
                "cancelled by the runtime as the ring closed, or failed by the reactor: " + error);
            reactor.close();
            assertEquals(1, errors.size(), "and only one");
        }
    }

    @Test
    void shouldFailWhatIsLeftWhenClosed() throws Exception
    {
        try (Ringwork runtime = runtime())
        {
            final RingReactor reactor = RingReactor.start(runtime);
            final CompletableFuture<Long> sleeping = reactor.io().sleep(Duration.ofSeconds(60));
            Thread.sleep(20);
            reactor.close();
            assertErrno(Errno.ECANCELED, sleeping);
            assertErrno(Errno.ESHUTDOWN, reactor.io().sleep(Duration.ofMillis(1)));
        }
    }

    @Test
    void shouldAllocateNothingOnTheRawPathOfAnOwnedReactor() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Ringwork runtime = runtime();
            Ring ring = runtime.open())
        {
            final RingReactor reactor = RingReactor.create(ring, runtime.pool());
            final long[] completed = new long[1];
            final CqeHandler handler = cqe -> completed[0] += 1 + cqe.error();
            final io.ringwork.SqeWriter nop = sqe -> sqe.prepNop();
            final AsyncIo io = reactor.io();
            runRaw(reactor, io, nop, handler, completed, 200_000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            runRaw(reactor, io, nop, handler, completed, 200_000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes over 200,000 raw NOPs");
            reactor.close();
        }
    }

    private static void runRaw(final RingReactor reactor, final AsyncIo io, final io.ringwork.SqeWriter nop,
        final CqeHandler handler, final long[] completed, final int count)
    {
        final long target = completed[0] + count;
        int submitted = 0;
        while (completed[0] < target)
        {
            while (submitted < count && io.submitRaw(nop, handler))
            {
                submitted++;
            }
            // Polls without sleeping: the measured path is submit and reap.
            reactor.poll(0);
        }
        assertArrayEquals(new long[] {target}, completed);
    }
}
