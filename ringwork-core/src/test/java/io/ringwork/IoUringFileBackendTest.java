package io.ringwork;

import io.ringwork.internal.linux.uring.IoUringSupport;
import io.ringwork.testsupport.ChildJvm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The io_uring {@code file:} backend under load: several rings, each on its own thread and dispatcher, keep more
 * reads in flight than the kernel ring's CQ holds, so the loop's backlog, batching and slot reuse are all exercised,
 * and every byte read is checked against the file.
 */
class IoUringFileBackendTest
{
    private static final int RINGS = 3;
    private static final int READS_PER_RING = 700;
    private static final int BLOCK = 4096;
    private static final int FILE_BLOCKS = 256;

    @TempDir
    Path dir;

    @BeforeEach
    void requireIoUring()
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
    }

    @Test
    void shouldCompleteEveryReadOfSeveralRingsWhenMoreAreInFlightThanTheKernelCqHolds() throws Exception
    {
        final byte[] content = new byte[FILE_BLOCKS * BLOCK];
        new Random(7).nextBytes(content);
        final Path file = dir.resolve("blocks.bin");
        Files.write(file, content);
        try (Ringwork runtime = Ringwork.start())
        {
            assertEquals("io_uring", runtime.fileBackend());
            final List<CompletableFuture<Integer>> rings = new ArrayList<>();
            for (int r = 0; r < RINGS; r++)
            {
                final int seed = r;
                rings.add(CompletableFuture.supplyAsync(() -> readAll(runtime, file, content, seed)));
            }
            for (final CompletableFuture<Integer> ring : rings)
            {
                assertEquals(READS_PER_RING, ring.get());
            }
        }
    }

    @Test
    void shouldReadIntoFixedBuffersAndRegisterSegmentsThePoolAddsLater() throws Exception
    {
        final byte[] content = new byte[FILE_BLOCKS * BLOCK];
        new Random(9).nextBytes(content);
        final Path file = dir.resolve("fixed.bin");
        Files.write(file, content);
        final io.ringwork.buffer.BufferPoolOptions small = io.ringwork.buffer.BufferPoolOptions.defaults()
            .withSegmentSize(1L << 20).withMaxSegments(8).withAllocationSizes(64, 1L << 16);
        final RingworkOptions options = RingworkOptions.defaults().withPool(small)
            .withIoUring(IoUringOptions.defaults().withNowaitReads(false));
        {
            try (RuntimeFixture f = new RuntimeFixture(options, RingOptions.defaults()))
            {
                final Ringwork runtime = f.runtime;
                assertEquals("io_uring", runtime.fileBackend());
                final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
                final List<Long> buffers = new ArrayList<>();
                // 1 MiB segments: 600 KiB of buffers fill the first, the rest make the pool grow into new ones.
                for (int i = 0; i < 600; i++)
                {
                    buffers.add(f.pool.allocate(BLOCK, BLOCK));
                }
                assertTrue(f.pool.segmentCount() >= 3, "the pool grew: " + f.pool.segmentCount());
                for (int i = 0; i < buffers.size(); i += 7)
                {
                    final int block = i % FILE_BLOCKS;
                    f.sqe().prepRead(h, buffers.get(i), BLOCK, (long)block * BLOCK);
                    assertEquals(BLOCK, f.one().result());
                    assertArrayEquals(java.util.Arrays.copyOfRange(content, block * BLOCK, (block + 1) * BLOCK),
                        f.pool.slice(buffers.get(i), BLOCK).toArray(JAVA_BYTE), "block " + block);
                }
                final long last = buffers.get(buffers.size() - 1);
                f.pool.slice(last, BLOCK).fill((byte)5);
                f.sqe().prepWrite(h, last, BLOCK, 0);
                assertEquals(BLOCK, f.one().result(), "WRITE_FIXED from a segment added later");
                assertEquals(5, Files.readAllBytes(file)[BLOCK - 1]);
                final io.ringwork.internal.linux.uring.IoUringFileScheme scheme = RuntimeFixture.fileScheme(runtime);
                assertTrue(scheme.fixedBuffersRegistered() >= 3, "segments registered: " +
                    scheme.fixedBuffersRegistered());
            }
        }
    }

    @Test
    void shouldExitCleanlyWithReadsInFlightWithAndWithoutClosingTheRuntime() throws Exception
    {
        final Path file = dir.resolve("exit.bin");
        Files.write(file, new byte[256 * BLOCK]);
        for (final String mode : List.of("exit", "hook"))
        {
            try (ChildJvm child = ChildJvm.start(ExitWithReadsInFlight.class, file.toString(), mode))
            {
                assertEquals(0, child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), child::output);
                assertTrue(child.output().contains("submitted io_uring"), child::output);
                assertEquals("hook".equals(mode), child.output().contains("closed"), child::output);
                assertTrue(!child.output().contains("Exception") && !child.output().contains("SIGSEGV"),
                    child::output);
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"defer", "coop", "none", "sqpoll", "small"})
    void shouldServeReadsAndWritesWithEverySetupOption(final String setup) throws Exception
    {
        final IoUringOptions base = IoUringOptions.defaults().withNowaitReads(false);
        final IoUringOptions options = switch (setup)
        {
            case "coop" -> base.withTaskrun(false, false, true);
            case "none" -> base.withTaskrun(false, false, false);
            case "sqpoll" -> base.withSqpoll(5);
            case "small" -> base.withEntries(4, 8);
            default -> base;
        };
        final byte[] content = new byte[FILE_BLOCKS * BLOCK];
        new Random(3).nextBytes(content);
        final Path file = dir.resolve("setup-" + setup + ".bin");
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults().withIoUring(options),
            RingOptions.defaults().withEntries(64, 128)))
        {
            assertEquals("io_uring", f.runtime.fileBackend());
            final io.ringwork.internal.linux.uring.IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final int flags = scheme.setupFlags();
            assertEquals("sqpoll".equals(setup), 0 != (flags & 2), "SQPOLL as asked: flags=0x" +
                Integer.toHexString(flags));
            assertEquals("coop".equals(setup), 0 != (flags & (1 << 8)), "COOP_TASKRUN as asked");
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long[] buffers = new long[40];
            for (int i = 0; i < buffers.length; i++)
            {
                buffers[i] = f.pool.allocate(BLOCK, BLOCK);
                f.sqe().prepRead(h, buffers[i], BLOCK, (long)(i * 5 % FILE_BLOCKS) * BLOCK).userData(i);
            }
            final List<Completion> done = f.submitAndWait(buffers.length);
            for (final Completion c : done)
            {
                assertEquals(BLOCK, c.result(), c::toString);
                final int block = (int)(c.userData() * 5 % FILE_BLOCKS);
                assertArrayEquals(java.util.Arrays.copyOfRange(content, block * BLOCK, (block + 1) * BLOCK),
                    f.pool.slice(buffers[(int)c.userData()], BLOCK).toArray(JAVA_BYTE));
            }
            f.pool.slice(buffers[0], BLOCK).fill((byte)9);
            f.sqe().prepWrite(h, buffers[0], BLOCK, 0);
            assertEquals(BLOCK, f.one().result());
            assertEquals(9, Files.readAllBytes(file)[0]);
        }
    }

    @Test
    void shouldFinishInTheRingAReadThatThePageCacheHoldsOnlyPartly() throws Exception
    {
        final int blocks = 64;
        final byte[] content = new byte[blocks * BLOCK];
        new Random(21).nextBytes(content);
        final Path file = dir.resolve("partly-cached.bin");
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults(), RingOptions.defaults()))
        {
            // Rewrite the second half with O_DIRECT: the kernel drops those pages from the page cache, so an inline
            // RWF_NOWAIT read of the whole file stops where they begin and the ring reads the rest.
            final long direct = f.open("file:" + file, VerbFlags.OPEN_WRITE | VerbFlags.OPEN_DIRECT);
            final long half = f.pool.allocate((long)blocks / 2 * BLOCK, BLOCK);
            MemorySegment.copy(MemorySegment.ofArray(content), (long)blocks / 2 * BLOCK, f.pool.slice(half,
                (long)blocks / 2 * BLOCK), 0, (long)blocks / 2 * BLOCK);
            f.sqe().prepWrite(direct, half, (long)blocks / 2 * BLOCK, (long)blocks / 2 * BLOCK);
            assertEquals((long)blocks / 2 * BLOCK, f.one().result());
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ);
            final long all = f.pool.allocate((long)blocks * BLOCK + BLOCK, BLOCK);
            f.sqe().prepRead(h, all, (long)blocks * BLOCK + BLOCK, 0);
            assertEquals((long)blocks * BLOCK, f.one().result(), "the whole file, then its end");
            assertArrayEquals(content, f.pool.slice(all, (long)blocks * BLOCK).toArray(JAVA_BYTE));
        }
    }

    @Test
    void shouldRegisterOpenFilesAsFixedFilesAndEmptyTheirSlotsOnClose() throws Exception
    {
        final Path file = dir.resolve("fixed-file.bin");
        final byte[] content = new byte[4 * BLOCK];
        new Random(4).nextBytes(content);
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults()
            .withIoUring(IoUringOptions.defaults().withNowaitReads(false)), RingOptions.defaults()))
        {
            final io.ringwork.internal.linux.uring.IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final int before = scheme.fixedFilesRegistered();
            final long a = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long b = f.open("file:" + file, VerbFlags.OPEN_READ);
            assertEquals(before + 2, scheme.fixedFilesRegistered(), "each open file has a slot");
            final long buffer = f.buffer(BLOCK);
            f.sqe().prepRead(b, buffer, BLOCK, BLOCK);
            assertEquals(BLOCK, f.one().result());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, BLOCK, 2 * BLOCK),
                f.pool.slice(buffer, BLOCK).toArray(JAVA_BYTE));
            f.sqe().prepWrite(a, buffer, BLOCK, 0);
            assertEquals(BLOCK, f.one().result());
            f.sqe().prepFsync(a, 0);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepStat(a, f.buffer(FileStat.BUFFER_LENGTH), FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EOK, f.errno(), "STATX uses the plain descriptor");
            f.sqe().prepClose(a);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepClose(b);
            assertEquals(Errno.EOK, f.errno());
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (scheme.fixedFilesRegistered() != before && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(before, scheme.fixedFilesRegistered(), "closed files give their slots back");
            final long c = f.open("file:" + file, VerbFlags.OPEN_READ);
            f.sqe().prepRead(c, buffer, BLOCK, 0);
            assertEquals(BLOCK, f.one().result(), "a reused slot serves the new file");
            assertArrayEquals(java.util.Arrays.copyOfRange(content, BLOCK, 2 * BLOCK),
                f.pool.slice(buffer, BLOCK).toArray(JAVA_BYTE), "block 1 was written at 0");
        }
    }

    private static int readAll(final Ringwork runtime, final Path file, final byte[] content, final int seed)
    {
        final RingOptions options = RingOptions.defaults().withEntries(1024, 1024);
        try (Ring ring = runtime.open(options))
        {
            final long path = text(runtime, "file:" + file);
            ring.getSqe().prepOpen(path, ("file:" + file).length(), VerbFlags.OPEN_READ, 0).userData(-1);
            ring.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS);
            final Completion opened = Completion.of(ring.peekCqe());
            ring.advanceCq(1);
            assertEquals(0, opened.error(), opened::toString);
            final long handle = opened.result();
            final long[] buffers = new long[READS_PER_RING];
            final int[] blocks = new int[READS_PER_RING];
            final Random random = new Random(seed);
            for (int i = 0; i < READS_PER_RING; i++)
            {
                buffers[i] = runtime.pool().allocate(BLOCK, 64);
                blocks[i] = random.nextInt(FILE_BLOCKS);
                ring.getSqe().prepRead(handle, buffers[i], BLOCK, (long)blocks[i] * BLOCK).userData(i);
            }
            ring.enter(Integer.MAX_VALUE, 0, 0);
            final List<Completion> done = new ArrayList<>();
            final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
            while (done.size() < READS_PER_RING && System.nanoTime() < deadline)
            {
                if (ring.awaitCqes(1, deadline - System.nanoTime()) > 0)
                {
                    ring.forEachCqe(cqe -> done.add(Completion.of(cqe)), READS_PER_RING);
                }
            }
            assertEquals(READS_PER_RING, done.size());
            for (final Completion completion : done)
            {
                final int i = (int)completion.userData();
                assertEquals(BLOCK, completion.result(), completion::toString);
                final byte[] expected = new byte[BLOCK];
                System.arraycopy(content, blocks[i] * BLOCK, expected, 0, BLOCK);
                final MemorySegment read = runtime.pool().slice(buffers[i], BLOCK);
                assertArrayEquals(expected, read.toArray(JAVA_BYTE), "read " + i + " of block " + blocks[i]);
                runtime.pool().free(buffers[i]);
            }
            return done.size();
        }
    }

    private static long text(final Ringwork runtime, final String text)
    {
        final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final long ref = runtime.pool().allocate(bytes.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, runtime.pool().slice(ref, bytes.length), 0, bytes.length);
        return ref;
    }

    @Test
    void shouldWriteAndReadBackAFileLargerThanOneTransferSlot() throws IOException
    {
        final Path file = dir.resolve("large.bin");
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final int size = 1 << 20;
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            final long out = f.buffer(size);
            f.pool.slice(out, size).fill((byte)'q');
            f.sqe().prepWrite(h, out, size, 0);
            assertEquals(size, f.one().result());
            final long back = f.buffer(size + 100);
            f.sqe().prepRead(h, back, size + 100, 0);
            assertEquals(size, f.one().result(), "a short read is the end of the file");
            assertEquals(size, Files.size(file));
            assertEquals('q', f.pool.slice(back, size).get(JAVA_BYTE, size - 1));
        }
    }
}
