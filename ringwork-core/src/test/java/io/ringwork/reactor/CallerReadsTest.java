package io.ringwork.reactor;

import io.ringwork.AsyncIo;
import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.IoUringOptions;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.linux.uring.IoUringSupport;
import io.ringwork.nio.RingAsynchronousFileChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads on the caller's thread ({@code IoUringOptions.callerReads}): a READ at an explicit position on an io_uring
 * {@code file:} handle of an in-process runtime is served from the page cache by {@code preadv2(RWF_NOWAIT)} on the
 * calling thread, writing no SQE; everything else (data not cached, the handle's own position, bad input, other
 * schemes, the option off) goes through the ring with the ring's answers. The ring's own counters prove which path
 * a read took.
 */
class CallerReadsTest
{
    private static final int BLOCK = 4096;
    private static final int FILE_BLOCKS = 256;
    private static final int POSIX_FADV_DONTNEED = 4;

    @TempDir
    Path root;

    private byte[] content;
    private Path file;

    @BeforeEach
    void createFile() throws Exception
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
        content = new byte[FILE_BLOCKS * BLOCK];
        new SplittableRandom(11).nextBytes(content);
        file = root.resolve("data.bin");
        Files.write(file, content);
    }

    private Ringwork runtime(final boolean callerReads)
    {
        return Ringwork.start(RingworkOptions.defaults().withFileRoot(root)
            .withIoUring(IoUringOptions.defaults().withCallerReads(callerReads)));
    }

    private byte[] slice(final long offset, final int length)
    {
        final byte[] expected = new byte[length];
        System.arraycopy(content, (int)offset, expected, 0, length);
        return expected;
    }

    private static byte[] bytes(final BufferPool pool, final long ref, final long length)
    {
        final byte[] out = new byte[(int)length];
        MemorySegment.ofArray(out).copyFrom(pool.slice(ref, length));
        return out;
    }

    @Test
    void shouldServeCachedReadsOnTheCallersThreadWithoutAnSqe()
    {
        try (Ringwork runtime = runtime(true);
            Ring ring = runtime.open();
            RingReactor reactor = RingReactor.start(ring, runtime.pool()))
        {
            assertEquals("io_uring", runtime.fileBackend());
            final SyncIo io = reactor.sync();
            assertTrue(reactor.io().callerReads());
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            final long submittedBefore = ring.counters().submitted();
            final SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 1_000; i++)
            {
                final long offset = random.nextInt(FILE_BLOCKS * BLOCK - BLOCK);
                assertEquals(BLOCK, io.read(handle, buffer, BLOCK, offset));
                assertArrayEquals(slice(offset, BLOCK), bytes(runtime.pool(), buffer, BLOCK));
            }
            assertEquals(submittedBefore, ring.counters().submitted(), "a cached read wrote an SQE");

            // The end of the file: a short count, then 0, still without the ring.
            final long tail = content.length - 100;
            assertEquals(100, io.read(handle, buffer, BLOCK, tail));
            assertArrayEquals(slice(tail, 100), bytes(runtime.pool(), buffer, 100));
            assertEquals(0, io.read(handle, buffer, BLOCK, content.length));
            assertEquals(submittedBefore, ring.counters().submitted());

            // A future for a cached read is complete when read returns.
            final CompletableFuture<Long> future = reactor.io().read(handle, buffer, BLOCK, BLOCK);
            assertTrue(future.isDone());
            assertEquals(BLOCK, future.join());

            assertEquals(1_003, ring.callerReads());

            // The handle's own position needs the dispatcher, so it goes through the ring and advances it.
            assertEquals(BLOCK, io.read(handle, buffer, BLOCK, -1));
            assertEquals(BLOCK, io.read(handle, buffer, BLOCK, -1));
            assertArrayEquals(slice(BLOCK, BLOCK), bytes(runtime.pool(), buffer, BLOCK));
            assertEquals(submittedBefore + 2, ring.counters().submitted());
            io.close(handle);
        }
    }

    @Test
    void shouldReadNowIntoByteBuffersAndRefuseWhatItCannotReadNow()
    {
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime))
        {
            final AsyncIo io = reactor.io();
            final long handle = reactor.sync().open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            for (final ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocate(BLOCK + 8), ByteBuffer.allocateDirect(
                BLOCK + 8)})
            {
                dst.position(8);
                assertEquals(BLOCK, io.readNow(handle, dst, 5 * BLOCK));
                assertEquals(BLOCK + 8, dst.position());
                final byte[] got = new byte[BLOCK];
                dst.position(8);
                dst.get(got);
                assertArrayEquals(slice(5 * BLOCK, BLOCK), got);
                dst.clear();
                assertEquals(0, io.readNow(handle, dst, content.length));
                assertEquals(0, dst.position());
            }
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            // Not now: the handle's own position, a negative length, a handle that is not open.
            assertEquals(AsyncIo.NOT_NOW, io.readNow(handle, buffer, BLOCK, -1));
            assertEquals(AsyncIo.NOT_NOW, io.readNow(handle, buffer, -1, 0));
            assertEquals(AsyncIo.NOT_NOW, io.readNow(handle + 100, buffer, BLOCK, 0));
            // Not now: another scheme, whose handles always take the ring.
            final long mem = reactor.sync().open("mem:notes", VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE |
                VerbFlags.OPEN_CREATE);
            assertEquals(AsyncIo.NOT_NOW, io.readNow(mem, buffer, BLOCK, 0));
            reactor.sync().close(mem);
            reactor.sync().close(handle);
        }
    }

    @Test
    void shouldSendEveryReadThroughTheRingWhenTurnedOff()
    {
        try (Ringwork runtime = runtime(false);
            Ring ring = runtime.open();
            RingReactor reactor = RingReactor.start(ring, runtime.pool()))
        {
            final SyncIo io = reactor.sync();
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            final long before = ring.counters().submitted();
            for (int i = 0; i < 10; i++)
            {
                assertEquals(BLOCK, io.read(handle, buffer, BLOCK, (long)i * BLOCK));
                assertArrayEquals(slice((long)i * BLOCK, BLOCK), bytes(runtime.pool(), buffer, BLOCK));
            }
            assertEquals(before + 10, ring.counters().submitted());
            assertEquals(0, ring.callerReads());
            io.close(handle);
        }
        try (Ringwork runtime = runtime(true);
            Ring ring = runtime.open();
            RingReactor reactor = RingReactor.start(ring, runtime.pool()))
        {
            // The per-view switch: a view without caller reads writes an SQE for every read.
            final AsyncIo queued = reactor.io().withCallerReads(false);
            assertFalse(queued.callerReads());
            final long handle = reactor.sync().open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            final long before = ring.counters().submitted();
            assertEquals(BLOCK, queued.read(handle, buffer, BLOCK, 0).join());
            assertEquals(before + 1, ring.counters().submitted());
            reactor.sync().close(handle);
        }
    }

    @Test
    void shouldReadThroughTheRingWhatThePageCacheDoesNotHold() throws Throwable
    {
        try (Ringwork runtime = runtime(true);
            Ring ring = runtime.open();
            RingReactor reactor = RingReactor.start(ring, runtime.pool()))
        {
            final SyncIo io = reactor.sync();
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final long buffer = runtime.pool().allocate(BLOCK * 4, BLOCK);
            final long before = ring.counters().submitted();
            assumeTrue(dropFromPageCache(file),
                "the kernel kept the whole file in the page cache after 10 POSIX_FADV_DONTNEED");
            for (int i = 0; i < FILE_BLOCKS; i += 4)
            {
                final long offset = (long)i * BLOCK;
                assertEquals(BLOCK * 4, io.read(handle, buffer, BLOCK * 4, offset));
                assertArrayEquals(slice(offset, BLOCK * 4), bytes(runtime.pool(), buffer, BLOCK * 4));
            }
            assertTrue(ring.counters().submitted() > before, "no read went to the disk through the ring");
            io.close(handle);
        }
    }

    @Test
    void shouldAnswerBadReadsAsTheRingDoes()
    {
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime))
        {
            final SyncIo io = reactor.sync();
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            final long writeOnly = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_WRITE);
            assertEquals(Errno.EBADF, assertThrows(RingworkException.class,
                () -> io.read(writeOnly, buffer, BLOCK, 0)).errno());
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            assertEquals(Errno.EFAULT, assertThrows(RingworkException.class,
                () -> io.read(handle, buffer + (1L << 40), BLOCK, 0)).errno());
            assertEquals(Errno.EINVAL, assertThrows(RingworkException.class,
                () -> io.read(handle, buffer, BLOCK, -7)).errno());
            io.close(handle);
            assertEquals(Errno.EBADF, assertThrows(RingworkException.class,
                () -> io.read(handle, buffer, BLOCK, 0)).errno());
            io.close(writeOnly);
        }
    }

    @Test
    void shouldKeepADuplicatedHandleReadableAfterTheOriginalCloses()
    {
        try (Ringwork runtime = runtime(true);
            Ring ring = runtime.open())
        {
            // OPEN and DUP on the bare ring first (the reactor has no DUP), then the reactor takes the ring over.
            final BufferPool pool = runtime.pool();
            final byte[] path = ("file:/" + file.getFileName()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final long pathRef = pool.allocate(path.length, Long.BYTES);
            pool.slice(pathRef, path.length).copyFrom(MemorySegment.ofArray(path));
            ring.getSqe().prepOpen(pathRef, path.length, VerbFlags.OPEN_READ, 0);
            final long handle = oneResult(ring);
            ring.getSqe().prep(Opcode.DUP.code(), handle, 0, 0, 0, 0);
            final long dup = oneResult(ring);
            assertTrue(dup > 0 && dup != handle, "DUP gave " + dup);
            try (RingReactor reactor = RingReactor.start(ring, pool))
            {
                final SyncIo io = reactor.sync();
                io.close(handle);
                final long buffer = pool.allocate(BLOCK, BLOCK);
                final long before = ring.counters().submitted();
                assertEquals(BLOCK, io.read(dup, buffer, BLOCK, 3 * BLOCK));
                assertArrayEquals(slice(3 * BLOCK, BLOCK), bytes(pool, buffer, BLOCK));
                assertEquals(before, ring.counters().submitted());
                assertEquals(Errno.EBADF, assertThrows(RingworkException.class,
                    () -> io.read(handle, buffer, BLOCK, 0)).errno());
                io.close(dup);
            }
        }
    }

    private static long oneResult(final Ring ring)
    {
        ring.submitAndWait(1, TimeUnit.SECONDS.toNanos(10));
        final Cqe cqe = ring.peekCqe();
        final long result = cqe.result();
        final Errno errno = cqe.errno();
        ring.advanceCq(1);
        assertTrue(result > 0, "result " + result + ", " + errno);
        return result;
    }

    /**
     * Readers hammer a handle number while it is closed and the number reused for another file: every read returns
     * a whole block of the one file or the other, or EBADF, and never touches a descriptor that was closed.
     */
    @Test
    void shouldNeverReadThroughAClosedDescriptor() throws Exception
    {
        final Path other = root.resolve("other.bin");
        final byte[] otherContent = new byte[FILE_BLOCKS * BLOCK];
        Arrays.fill(otherContent, (byte)0x5a);
        Files.write(other, otherContent);
        final long fdsBefore = openDescriptors();
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime))
        {
            final SyncIo io = reactor.sync();
            final AtomicLong current = new AtomicLong(io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ));
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<String> wrong = new AtomicReference<>();
            final AtomicInteger reads = new AtomicInteger();
            final Thread[] readers = new Thread[3];
            for (int t = 0; t < readers.length; t++)
            {
                readers[t] = Thread.ofPlatform().start(() ->
                {
                    final BufferPool pool = runtime.pool();
                    final long buffer = pool.allocate(BLOCK, BLOCK);
                    final SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
                    while (!stop.get())
                    {
                        final long block = random.nextInt(FILE_BLOCKS);
                        try
                        {
                            final long n = io.read(current.get(), buffer, BLOCK, block * BLOCK);
                            final byte[] got = bytes(pool, buffer, BLOCK);
                            if (BLOCK != n || !(Arrays.equals(got, slice(block * BLOCK, BLOCK)) ||
                                Arrays.equals(got, 0, BLOCK, otherContent, 0, BLOCK)))
                            {
                                wrong.compareAndSet(null, "block " + block + " read " + n + " bytes of neither file");
                            }
                            reads.incrementAndGet();
                        }
                        catch (final RingworkException ex)
                        {
                            if (Errno.EBADF != ex.errno())
                            {
                                wrong.compareAndSet(null, ex.toString());
                            }
                        }
                    }
                    pool.free(buffer);
                });
            }
            for (int i = 0; i < 300; i++)
            {
                io.close(current.get());
                current.set(io.open("file:/" + (0 == (i & 1) ? other : file).getFileName(), VerbFlags.OPEN_READ));
                Thread.sleep(0, 200_000);
            }
            stop.set(true);
            for (final Thread reader : readers)
            {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertNull(wrong.get());
            assertTrue(reads.get() > 300, "readers made too little progress: " + reads.get());
            io.close(current.get());
        }
        // Every descriptor the 301 opens made is closed again (other tests' threads may hold a few of their own).
        assertTrue(openDescriptors() <= fdsBefore + 4, "descriptors leaked: " + fdsBefore + " -> " + openDescriptors());
    }

    @Test
    void shouldAllocateNothingPerCachedSyncRead()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime))
        {
            final SyncIo io = reactor.sync();
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            long sum = 0;
            for (int i = 0; i < 50_000; i++)
            {
                sum += io.read(handle, buffer, BLOCK, (long)(i % FILE_BLOCKS) * BLOCK);
            }
            final int reads = 20_000;
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < reads; i++)
            {
                sum += io.read(handle, buffer, BLOCK, (long)(i % FILE_BLOCKS) * BLOCK);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals((50_000L + reads) * BLOCK, sum);
            // Far below one object per read: what little there is comes from the JIT's first calls, not the path.
            assertTrue(allocated < reads / 4, allocated + " bytes allocated over " + reads + " reads");
            io.close(handle);
        }
    }

    /**
     * A read on the caller's thread never parks, so virtual threads reading cached data in a loop would never give
     * their carriers up; they yield now and then, and every one of many more threads than carriers gets to read.
     */
    @Test
    void shouldLetEveryVirtualThreadReadWhenAllReadCachedData() throws Exception
    {
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime))
        {
            final SyncIo io = reactor.sync();
            final long handle = io.open("file:/" + file.getFileName(), VerbFlags.OPEN_READ);
            final int threads = 64;
            final AtomicLongArray reads = new AtomicLongArray(threads);
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread[] readers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final int me = t;
                readers[t] = Thread.ofVirtual().start(() ->
                {
                    final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
                    long n = 0;
                    while (!stop.get())
                    {
                        io.read(handle, buffer, BLOCK, (n % FILE_BLOCKS) * BLOCK);
                        reads.lazySet(me, ++n);
                    }
                    runtime.pool().free(buffer);
                });
            }
            // Without the occasional park, the first two threads would keep both carriers and the others would
            // never read, however long this waits.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int waiting = threads;
            while (waiting > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
                waiting = 0;
                for (int t = 0; t < threads; t++)
                {
                    waiting += 0 == reads.get(t) ? 1 : 0;
                }
            }
            stop.set(true);
            for (final Thread reader : readers)
            {
                assertTrue(reader.join(java.time.Duration.ofSeconds(10)));
            }
            assertEquals(0, waiting, waiting + " of " + threads + " virtual threads never got to read");
            io.close(handle);
        }
    }

    /**
     * The AsynchronousFileChannel adapter with no executor: a handler that starts the next read from inside a read
     * that completed at once does not nest (the next handler runs after it returns), and after the inline budget
     * reads go through the ring, so a long chain of reads neither grows the stack nor keeps the starting call; every
     * byte is right.
     */
    @Test
    void shouldBoundTheNestingOfHandlersOfReadsThatCompleteAtOnce() throws Throwable
    {
        try (Ringwork runtime = runtime(true);
            RingReactor reactor = RingReactor.start(runtime);
            RingAsynchronousFileChannel channel = RingAsynchronousFileChannel.open(reactor,
                "file:/" + file.getFileName(), Set.of(StandardOpenOption.READ), null))
        {
            final int total = 20_000;
            final ByteBuffer dst = ByteBuffer.allocateDirect(BLOCK);
            final AtomicInteger done = new AtomicInteger();
            final AtomicInteger deepest = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch finished = new CountDownLatch(1);
            final Thread starter = Thread.currentThread();
            final AtomicBoolean ranOnStarter = new AtomicBoolean();
            channel.read(dst, 0, null, new CompletionHandler<Integer, Object>()
            {
                @Override
                public void completed(final Integer count, final Object attachment)
                {
                    final int n = done.getAndIncrement();
                    final long offset = (long)(n % FILE_BLOCKS) * BLOCK;
                    final byte[] got = new byte[BLOCK];
                    dst.flip().get(got);
                    if (BLOCK != count || !Arrays.equals(got, slice(offset, BLOCK)))
                    {
                        failure.compareAndSet(null, new AssertionError("read " + n + " is wrong"));
                    }
                    if (Thread.currentThread() == starter)
                    {
                        ranOnStarter.set(true);
                    }
                    deepest.accumulateAndGet(new Throwable().getStackTrace().length, Math::max);
                    if (n + 1 == total)
                    {
                        finished.countDown();
                        return;
                    }
                    dst.clear();
                    channel.read(dst, (long)((n + 1) % FILE_BLOCKS) * BLOCK, null, this);
                }

                @Override
                public void failed(final Throwable ex, final Object attachment)
                {
                    failure.compareAndSet(null, ex);
                    finished.countDown();
                }
            });
            assertTrue(finished.await(30, TimeUnit.SECONDS), "reads stopped at " + done.get());
            if (null != failure.get())
            {
                throw failure.get();
            }
            assertEquals(total, done.get());
            assertTrue(ranOnStarter.get(), "no handler ran on the thread of a read that completed at once");
            assertTrue(deepest.get() < 1_000, "handlers nested " + deepest.get() + " frames deep");
        }
    }

    private static long openDescriptors() throws IOException
    {
        try (var list = Files.list(Path.of("/proc/self/fd")))
        {
            return list.count();
        }
    }

    /** Whether every page of the file is in the page cache ({@code mincore} through a mapping). */
    private static boolean fullyCached(final Path path) throws IOException
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            Arena arena = Arena.ofConfined())
        {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena).isLoaded();
        }
    }

    /**
     * Writes the file back (fsync: dirty pages cannot be dropped) and asks the kernel to drop its pages, again while
     * every page is still resident: DONTNEED is advice, and the kernel has kept them (seen once on this VM).
     *
     * @return false if the whole file stayed cached after 10 tries.
     */
    private static boolean dropFromPageCache(final Path path) throws Throwable
    {
        final Linker linker = Linker.nativeLinker();
        final MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
        final MethodHandle fadvise = linker.downcallHandle(linker.defaultLookup().find("posix_fadvise").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        final MethodHandle fsync = linker.downcallHandle(linker.defaultLookup().find("fsync").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        final MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        try (Arena arena = Arena.ofConfined())
        {
            final int fd = (int)open.invokeExact(arena.allocateFrom(path.toString()), 0);
            assertTrue(fd >= 0, "open " + path);
            assertEquals(0, (int)fsync.invokeExact(fd));
            boolean evicted = false;
            for (int attempt = 0; attempt < 10 && !evicted; attempt++)
            {
                assertEquals(0, (int)fadvise.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED));
                evicted = !fullyCached(path);
            }
            assertEquals(0, (int)close.invokeExact(fd));
            return evicted;
        }
    }
}
