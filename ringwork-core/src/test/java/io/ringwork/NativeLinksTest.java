package io.ringwork;

import io.ringwork.buffer.BufferPool;
import io.ringwork.internal.linux.uring.IoUringFileScheme;
import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Native link chains on the io_uring {@code file:} (liburing's {@code test/link.c} in spirit): a chain's consecutive
 * transfers at explicit positions and FSYNCs go to the kernel as one run of {@code IOSQE_IO_LINK}/{@code HARDLINK}
 * SQEs, with exactly the results of the step-by-step path: a short read in the middle of a {@code LINK} chain does
 * not stop it (the loop resubmits what the kernel cancelled), an error does, a {@code HARDLINK} goes on, a cancel
 * reaches a member queued behind a slow one, and random chains give the same CQEs, buffers and file on the native
 * path, the step-by-step io_uring path and the NIO backend.
 */
class NativeLinksTest
{
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    /**
     * The ways to serve a chain of {@code file:} operations: native runs with every read through the ring, the
     * defaults (native runs, but a READ that the inline NOWAIT path serves does not lead one), step by step, NIO.
     */
    enum Backend
    {
        NATIVE, DEFAULTS, STEPWISE, NIO;

        RingworkOptions options()
        {
            return switch (this)
            {
                case NATIVE -> RingworkOptions.defaults().withIoUring(IoUringOptions.defaults().withNativeLinks(true)
                    .withNowaitReads(false));
                case DEFAULTS -> RingworkOptions.defaults();
                case STEPWISE -> RingworkOptions.defaults()
                    .withIoUring(IoUringOptions.defaults().withNativeLinks(false));
                case NIO -> RingworkOptions.defaults().withPortableFiles(true);
            };
        }
    }

    @BeforeEach
    void requireIoUring()
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
    }

    private static long block(final RuntimeFixture f, final int fill)
    {
        final long ref = f.pool.allocate(BLOCK, BLOCK);
        f.pool.slice(ref, BLOCK).fill((byte)fill);
        return ref;
    }

    private static List<Errno> errnos(final List<Completion> done)
    {
        return done.stream().map(Completion::errno).toList();
    }

    private static List<Long> results(final List<Completion> done)
    {
        return done.stream().map(Completion::result).toList();
    }

    private static List<Long> order(final List<Completion> done)
    {
        return done.stream().map(Completion::userData).toList();
    }

    @Test
    void shouldSubmitExplicitOffsetWritesAndFsyncAsOneLinkedRun() throws IOException
    {
        final Path file = dir.resolve("writes.bin");
        try (RuntimeFixture f = new RuntimeFixture(Backend.NATIVE.options(), RingOptions.defaults()))
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long h = f.open("file:" + file, VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            final long runs = scheme.nativeRunsSubmitted();
            final long sqes = scheme.nativeSqesSubmitted();
            f.sqe().prepWrite(h, block(f, 'a'), BLOCK, 0).flags(Sqe.LINK).userData(1);
            f.sqe().prepWrite(h, block(f, 'b'), BLOCK, BLOCK).flags(Sqe.LINK).userData(2);
            f.sqe().prepWrite(h, block(f, 'c'), BLOCK, 2 * BLOCK).flags(Sqe.LINK).userData(3);
            f.sqe().prepFsync(h, 0).userData(4);
            final List<Completion> done = f.submitAndWait(4);
            assertEquals(List.of(1L, 2L, 3L, 4L), order(done));
            assertEquals(List.of((long)BLOCK, (long)BLOCK, (long)BLOCK, 0L), results(done));
            assertEquals(runs + 1, scheme.nativeRunsSubmitted(), "one run");
            assertEquals(sqes + 4, scheme.nativeSqesSubmitted(), "of four linked SQEs");
            final byte[] content = Files.readAllBytes(file);
            assertEquals(3 * BLOCK, content.length);
            assertEquals('a', content[0]);
            assertEquals('b', content[BLOCK]);
            assertEquals('c', content[3 * BLOCK - 1]);
            assertEquals(0, f.pool.activeGuards(), "every buffer let go");
        }
    }

    @Test
    void shouldStayStepwiseWhenSwitchedOffOrWhenAMemberNeedsThePosition() throws IOException
    {
        final Path file = dir.resolve("stepwise.bin");
        Files.write(file, new byte[4 * BLOCK]);
        try (RuntimeFixture f = new RuntimeFixture(Backend.STEPWISE.options(), RingOptions.defaults()))
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ);
            f.sqe().prepRead(h, block(f, 0), BLOCK, 0).flags(Sqe.LINK);
            f.sqe().prepRead(h, block(f, 0), BLOCK, BLOCK);
            assertEquals(List.of(Errno.EOK, Errno.EOK), errnos(f.submitAndWait(2)));
            assertEquals(0, scheme.nativeRunsSubmitted(), "nativeLinks=false");
        }
        try (RuntimeFixture f = new RuntimeFixture(Backend.NATIVE.options(), RingOptions.defaults()))
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ);
            f.sqe().prepRead(h, block(f, 0), BLOCK, Sqe.CURRENT_POSITION).flags(Sqe.LINK);
            f.sqe().prepRead(h, block(f, 0), BLOCK, Sqe.CURRENT_POSITION).flags(Sqe.LINK);
            f.sqe().prepRead(h, block(f, 0), BLOCK, Sqe.CURRENT_POSITION);
            assertEquals(List.of((long)BLOCK, (long)BLOCK, (long)BLOCK), results(f.submitAndWait(3)));
            assertEquals(0, scheme.nativeRunsSubmitted(), "reads at the current position run step by step");
            f.sqe().prepSeek(h, 0, VerbFlags.SEEK_CUR);
            assertEquals(3 * BLOCK, f.one().result(), "each read moved the position by its result");
        }
        try (RuntimeFixture f = new RuntimeFixture(Backend.DEFAULTS.options(), RingOptions.defaults()))
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            f.sqe().prepRead(h, block(f, 0), BLOCK, 0).flags(Sqe.LINK);
            f.sqe().prepRead(h, block(f, 0), BLOCK, BLOCK);
            assertEquals(List.of((long)BLOCK, (long)BLOCK), results(f.submitAndWait(2)));
            assertEquals(0, scheme.nativeRunsSubmitted(), "cached reads go inline, step by step");
            f.sqe().prepWrite(h, block(f, 1), BLOCK, 0).flags(Sqe.LINK);
            f.sqe().prepRead(h, block(f, 0), BLOCK, BLOCK);
            assertEquals(List.of((long)BLOCK, (long)BLOCK), results(f.submitAndWait(2)));
            assertEquals(1, scheme.nativeRunsSubmitted(), "a write leads a run, the read behind it joins");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NATIVE", "DEFAULTS", "STEPWISE", "NIO"})
    void shouldGoOnAfterAShortReadInTheMiddleOfALinkChain(final String backend) throws IOException
    {
        final byte[] content = new byte[BLOCK + 1000];
        new Random(7).nextBytes(content);
        final Path file = dir.resolve("short.bin");
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture(Backend.valueOf(backend).options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long first = block(f, 0);
            final long shortOne = block(f, 0);
            final long past = block(f, 0);
            final long again = block(f, 0);
            f.sqe().prepRead(h, first, BLOCK, 0).flags(Sqe.LINK).userData(1);
            f.sqe().prepRead(h, shortOne, BLOCK, BLOCK).flags(Sqe.LINK).userData(2);
            f.sqe().prepRead(h, past, BLOCK, 4 * BLOCK).flags(Sqe.LINK).userData(3);
            f.sqe().prepWrite(h, first, BLOCK, 2 * BLOCK).flags(Sqe.LINK).userData(4);
            f.sqe().prepRead(h, again, BLOCK, 2 * BLOCK).userData(5);
            final List<Completion> done = f.submitAndWait(5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), order(done));
            assertEquals(List.of((long)BLOCK, 1000L, 0L, (long)BLOCK, (long)BLOCK), results(done),
                () -> "short and empty reads are successes: " + done);
            assertArrayEquals(Arrays.copyOf(content, BLOCK), f.pool.slice(again, BLOCK).toArray(JAVA_BYTE),
                "the members after the short read ran, in order");
            assertArrayEquals(Arrays.copyOfRange(content, BLOCK, BLOCK + 1000),
                f.pool.slice(shortOne, 1000).toArray(JAVA_BYTE));
            assertEquals(3 * BLOCK, Files.size(file));
            assertEquals(0, f.pool.activeGuards());
            if (Backend.NATIVE == Backend.valueOf(backend))
            {
                assertTrue(RuntimeFixture.fileScheme(f.runtime).nativeRunsSubmitted() >= 2,
                    "the rest after the short read was resubmitted");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NATIVE", "STEPWISE"})
    void shouldCancelTheRestOfALinkChainAfterAKernelError(final String backend) throws IOException
    {
        final Path file = dir.resolve("error.bin");
        Files.write(file, new byte[BLOCK]);
        final Path directory = Files.createDirectories(dir.resolve("a-directory"));
        try (RuntimeFixture f = new RuntimeFixture(Backend.valueOf(backend).options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long d = f.open("file:" + directory, VerbFlags.OPEN_READ);
            f.sqe().prepWrite(h, block(f, 'x'), BLOCK, 0).flags(Sqe.LINK).userData(1);
            f.sqe().prepRead(d, block(f, 0), BLOCK, 0).flags(Sqe.LINK).userData(2);
            f.sqe().prepWrite(h, block(f, 'y'), BLOCK, BLOCK).flags(Sqe.LINK).userData(3);
            f.sqe().prepFsync(h, 0).userData(4);
            final List<Completion> done = f.submitAndWait(4);
            assertEquals(List.of(1L, 2L, 3L, 4L), order(done));
            assertEquals(List.of(Errno.EOK, Errno.EISDIR, Errno.ECANCELED, Errno.ECANCELED), errnos(done));
            assertEquals(BLOCK, Files.size(file), "the cancelled write never ran");
            assertEquals('x', Files.readAllBytes(file)[0]);
            assertEquals(0, f.pool.activeGuards());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NATIVE", "STEPWISE"})
    void shouldCancelTheRestOfALinkChainAfterAMemberTheDispatcherRefuses(final String backend) throws IOException
    {
        final Path file = dir.resolve("refused.bin");
        Files.write(file, new byte[BLOCK]);
        try (RuntimeFixture f = new RuntimeFixture(Backend.valueOf(backend).options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long readOnly = f.open("file:" + file, VerbFlags.OPEN_READ);
            f.sqe().prepRead(h, block(f, 0), BLOCK, 0).flags(Sqe.LINK).userData(1);
            f.sqe().prepWrite(h, block(f, 'w'), BLOCK, 0).flags(Sqe.LINK).userData(2);
            f.sqe().prepWrite(readOnly, block(f, 'r'), BLOCK, BLOCK).flags(Sqe.LINK).userData(3);
            f.sqe().prepWrite(h, block(f, 'z'), BLOCK, 2 * BLOCK).userData(4);
            final List<Completion> done = f.submitAndWait(4);
            assertEquals(List.of(1L, 2L, 3L, 4L), order(done));
            assertEquals(List.of(Errno.EOK, Errno.EOK, Errno.EBADF, Errno.ECANCELED), errnos(done));
            assertEquals(BLOCK, Files.size(file));
            assertEquals('w', Files.readAllBytes(file)[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NATIVE", "STEPWISE"})
    void shouldGoOnAfterAnErrorUnderHardlink(final String backend) throws IOException
    {
        final Path file = dir.resolve("hard.bin");
        final Path directory = Files.createDirectories(dir.resolve("hard-directory"));
        try (RuntimeFixture f = new RuntimeFixture(Backend.valueOf(backend).options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            final long d = f.open("file:" + directory, VerbFlags.OPEN_READ);
            f.sqe().prepRead(d, block(f, 0), BLOCK, 0).flags(Sqe.HARDLINK).userData(1);
            f.sqe().prepWrite(h, block(f, 'h'), BLOCK, 0).flags(Sqe.HARDLINK).userData(2);
            f.sqe().prepRead(d, block(f, 0), BLOCK, 0).flags(Sqe.HARDLINK).userData(3);
            f.sqe().prepFsync(h, VerbFlags.FSYNC_DATA_ONLY).flags(Sqe.LINK).userData(4);
            f.sqe().prepWrite(h, block(f, 'i'), BLOCK, BLOCK).userData(5);
            final List<Completion> done = f.submitAndWait(5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), order(done));
            assertEquals(List.of(Errno.EISDIR, Errno.EOK, Errno.EISDIR, Errno.EOK, Errno.EOK), errnos(done));
            final byte[] content = Files.readAllBytes(file);
            assertEquals(2 * BLOCK, content.length);
            assertEquals('h', content[0]);
            assertEquals('i', content[BLOCK]);
        }
    }

    /**
     * A member queued in the kernel behind slow O_DIRECT reads is cancelled by a CANCEL of its user data: it counts
     * as cancelled, and it either stopped (ECANCELED, the rest of its LINK chain cancelled and its write never made)
     * or had finished (its own result, the chain went on) — exactly one CQE each, in chain order, nothing leaked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NATIVE", "STEPWISE"})
    void shouldCancelAMemberQueuedBehindASlowOne(final String backend) throws IOException
    {
        final int slowBytes = 8 << 20;
        final Path big = dir.resolve("slow.bin");
        final byte[] content = new byte[slowBytes];
        new Random(11).nextBytes(content);
        Files.write(big, content);
        final Path target = dir.resolve("target.bin");
        Files.write(target, new byte[BLOCK]);
        try (RuntimeFixture f = new RuntimeFixture(Backend.valueOf(backend).options(), RingOptions.defaults()))
        {
            final long direct = f.open("file:" + big, VerbFlags.OPEN_READ | VerbFlags.OPEN_DIRECT);
            final long h = f.open("file:" + target, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long slowBuffer = f.pool.allocate(slowBytes, BLOCK);
            f.sqe().prepRead(direct, slowBuffer, slowBytes, 0).flags(Sqe.LINK).userData(1);
            f.sqe().prepRead(direct, slowBuffer, slowBytes, 0).flags(Sqe.LINK).userData(2);
            f.sqe().prepRead(h, block(f, 0), BLOCK, 0).flags(Sqe.LINK).userData(3);
            f.sqe().prepWrite(h, block(f, 'c'), BLOCK, BLOCK).userData(4);
            f.ring.enter(Integer.MAX_VALUE, 0, 0);
            f.sqe().prepCancel(3, 0).userData(99);
            final List<Completion> done = f.submitAndWait(5);
            final Completion cancel = done.stream().filter(c -> 99 == c.userData()).findFirst().orElseThrow();
            final List<Completion> chain = done.stream().filter(c -> 99 != c.userData()).toList();
            assertEquals(List.of(1L, 2L, 3L, 4L), order(chain));
            assertEquals(slowBytes, chain.get(0).result(), () -> "the slow one is not the one cancelled: " + done);
            if (Errno.ECANCELED == chain.get(2).errno())
            {
                assertEquals(1, cancel.result(), cancel::toString);
                assertEquals(Errno.ECANCELED, chain.get(3).errno(), "the rest of the LINK chain");
                assertEquals(BLOCK, Files.size(target), "the write after the cancelled member never ran");
            }
            else
            {
                assertEquals(BLOCK, chain.get(2).result(), () -> "finished before the cancel reached it: " + done);
                assertEquals(BLOCK, chain.get(3).result());
            }
            assertEquals(0, f.pool.activeGuards());
        }
    }

    /**
     * Closing the runtime with a native run in the kernel (slow O_DIRECT reads) reaps every CQE before the ring goes:
     * the close returns, and the client saw one CQE per SQE or none at all, never a second.
     */
    @Test
    void shouldReapANativeRunInFlightWhenTheRuntimeCloses() throws IOException
    {
        final int slowBytes = 8 << 20;
        final Path big = dir.resolve("close.bin");
        Files.write(big, new byte[slowBytes]);
        final RuntimeFixture f = new RuntimeFixture(Backend.NATIVE.options(), RingOptions.defaults());
        final long direct = f.open("file:" + big, VerbFlags.OPEN_READ | VerbFlags.OPEN_DIRECT);
        final long buffer = f.pool.allocate(slowBytes, BLOCK);
        for (int i = 0; i < 4; i++)
        {
            f.sqe().prepRead(direct, buffer, slowBytes, 0).flags(3 == i ? 0 : Sqe.LINK).userData(i);
        }
        f.ring.enter(Integer.MAX_VALUE, 0, 0);
        final long start = System.nanoTime();
        f.runtime.close();
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "close finished");
        assertEquals(0, f.pool.activeGuards(), "every member's buffer let go: each one's CQE was reaped");
        f.ring.close();
    }

    /**
     * The client goes away (its ring closed, as a dead process's would be) with a native run in the kernel: the
     * dispatcher's shutdown waits for every member's result from the loop, in chain order, and lets every buffer go;
     * the runtime then closes as usual.
     */
    @Test
    void shouldLetGoOfANativeRunInFlightWhenTheClientGoesAway() throws IOException, InterruptedException
    {
        final int slowBytes = 8 << 20;
        final Path big = dir.resolve("gone.bin");
        Files.write(big, new byte[slowBytes]);
        try (Ringwork runtime = Ringwork.start(Backend.NATIVE.options()))
        {
            final Ring ring = runtime.open();
            final BufferPool pool = runtime.pool();
            final byte[] path = ("file:" + big).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            final long pathRef = pool.allocate(path.length, 64);
            pool.slice(pathRef, path.length).copyFrom(java.lang.foreign.MemorySegment.ofArray(path));
            ring.getSqe().prepOpen(pathRef, path.length, VerbFlags.OPEN_READ | VerbFlags.OPEN_DIRECT, 0);
            ring.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS);
            final Completion opened = Completion.of(ring.peekCqe());
            assertEquals(Errno.EOK, opened.errno(), opened::toString);
            ring.advanceCq(1);
            final long buffer = pool.allocate(slowBytes, BLOCK);
            for (int i = 0; i < 4; i++)
            {
                ring.getSqe().prepRead(opened.result(), buffer, slowBytes, 0).flags(3 == i ? 0 : Sqe.LINK);
            }
            ring.enter(Integer.MAX_VALUE, 0, 0);
            ring.close();
            final long deadline = System.nanoTime() + RuntimeFixture.WAIT_NANOS;
            while (0 != pool.activeGuards() && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(0, pool.activeGuards(), "the dispatcher let go of every member");
        }
    }

    /**
     * Random chains of reads (some short, some past the end), writes and FSYNCs at explicit offsets, joined by LINK
     * and HARDLINK, with reads of a directory (EISDIR) and bad buffers (EFAULT) in between: the native path, the
     * step-by-step io_uring path and (without the directory) the NIO backend give the same CQEs in the same order,
     * the same bytes in every read buffer, and the same file.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldGiveTheSameResultsOnEveryBackend(final long seed) throws IOException
    {
        final List<Member> kernelErrors = chains(seed, true);
        final Outcome nativeRun = run(Backend.NATIVE, kernelErrors, seed);
        final Outcome stepwise = run(Backend.STEPWISE, kernelErrors, seed);
        final Outcome defaults = run(Backend.DEFAULTS, kernelErrors, seed);
        assertEquals(stepwise.completions, nativeRun.completions, "native against step by step");
        assertArrayEquals(stepwise.file, nativeRun.file);
        assertEquals(stepwise.reads, nativeRun.reads);
        assertEquals(stepwise.completions, defaults.completions, "defaults against step by step");
        assertArrayEquals(stepwise.file, defaults.file);
        assertEquals(stepwise.reads, defaults.reads);
        assertTrue(nativeRun.runs > 0, "some runs were native");
        assertEquals(0, stepwise.runs, "none with nativeLinks=false");
        final List<Member> portable = chains(seed, false);
        final Outcome nio = run(Backend.NIO, portable, seed);
        final Outcome nativeAgain = run(Backend.NATIVE, portable, seed);
        assertEquals(nio.completions, nativeAgain.completions, "native against NIO");
        assertArrayEquals(nio.file, nativeAgain.file);
        assertEquals(nio.reads, nativeAgain.reads);
    }

    /** One SQE of a random chain; {@code link} joins it to the next, {@code end} ends its chain. */
    record Member(char kind, long offset, int link, boolean end)
    {
    }

    record Outcome(List<String> completions, byte[] file, List<String> reads, long runs)
    {
    }

    private static List<Member> chains(final long seed, final boolean kernelErrors)
    {
        final Random random = new Random(seed);
        final List<Member> members = new ArrayList<>();
        for (int chain = 0; chain < 12; chain++)
        {
            final int length = 2 + random.nextInt(7);
            for (int i = 0; i < length; i++)
            {
                final int pick = random.nextInt(20);
                final char kind = pick < 9 ? 'r' : pick < 15 ? 'w' : pick < 17 ? 'f' : pick < 18 ? 'e' :
                    kernelErrors ? 'd' : 'r';
                // Offsets up to past the end of the file (3.5 blocks at the start): short and empty reads.
                final long offset = random.nextInt(6) * (long)BLOCK + (random.nextBoolean() ? 0 : 512);
                final boolean last = i == length - 1;
                final int link = last ? 0 : random.nextInt(4) == 0 ? Sqe.HARDLINK : Sqe.LINK;
                members.add(new Member(kind, offset, link, last));
            }
        }
        return members;
    }

    private Outcome run(final Backend backend, final List<Member> members, final long seed) throws IOException
    {
        final Path file = dir.resolve(backend + "-" + seed + "-" + members.size() + ".bin");
        final byte[] initial = new byte[3 * BLOCK + BLOCK / 2];
        new Random(seed * 31).nextBytes(initial);
        Files.write(file, initial);
        final Path directory = Files.createDirectories(dir.resolve("dir-" + seed));
        final List<String> completions = new ArrayList<>();
        final List<String> reads = new ArrayList<>();
        try (RuntimeFixture f = new RuntimeFixture(backend.options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE);
            final long d = members.stream().anyMatch(m -> 'd' == m.kind()) ?
                f.open("file:" + directory, VerbFlags.OPEN_READ) : 0;
            final long[] buffers = new long[members.size()];
            int pending = 0;
            for (int i = 0; i < members.size(); i++)
            {
                final Member m = members.get(i);
                buffers[i] = block(f, 'A' + i % 26);
                final Sqe sqe = f.sqe();
                switch (m.kind())
                {
                    case 'r' -> sqe.prepRead(h, buffers[i], BLOCK, m.offset());
                    case 'w' -> sqe.prepWrite(h, buffers[i], BLOCK, m.offset());
                    case 'f' -> sqe.prepFsync(h, 0);
                    case 'd' -> sqe.prepRead(d, buffers[i], BLOCK, m.offset());
                    default -> sqe.prepRead(h, 12345, BLOCK, m.offset());
                }
                sqe.flags(m.link()).userData(i);
                pending++;
                if (m.end())
                {
                    // One chain at a time: chains side by side on one file would race.
                    for (final Completion c : f.submitAndWait(pending))
                    {
                        completions.add(c.userData() + ":" + c.errno() + ":" + c.result());
                    }
                    pending = 0;
                }
            }
            for (int i = 0; i < members.size(); i++)
            {
                if ('r' == members.get(i).kind())
                {
                    reads.add(Arrays.toString(f.pool.slice(buffers[i], BLOCK).toArray(JAVA_BYTE)));
                }
            }
            assertEquals(0, f.pool.activeGuards(), backend + " let every buffer go");
            final long runs = Backend.NIO == backend ? 0 : RuntimeFixture.fileScheme(f.runtime).nativeRunsSubmitted();
            return new Outcome(completions, Files.readAllBytes(file), reads, runs);
        }
    }

    /**
     * A native chain of four cached reads allocates nothing in steady state, on the client, the dispatcher and the
     * loop thread (per-thread allocation counters, as {@code IoUringZeroAllocationTest}).
     */
    @Test
    void shouldAllocateNothingPerNativeChain() throws IOException
    {
        final int chains = 8;
        final int length = 4;
        final Path file = dir.resolve("alloc.bin");
        Files.write(file, new byte[64 * BLOCK]);
        try (RuntimeFixture f = new RuntimeFixture(Backend.NATIVE.options(), RingOptions.defaults()))
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long h = f.open("file:" + file, VerbFlags.OPEN_READ);
            final long[] buffers = new long[chains * length];
            for (int i = 0; i < buffers.length; i++)
            {
                buffers[i] = f.buffer(BLOCK);
            }
            final int[] failures = new int[1];
            final CqeHandler check = cqe ->
            {
                if (cqe.result() != BLOCK)
                {
                    failures[0]++;
                }
            };
            runChains(f, h, buffers, length, check, 3_000);
            final int batches = 2_000;
            final ServingAllocation.Windows windows = ServingAllocation.leastOfThree(f.runtime, () ->
            {
                final long runsBefore = scheme.nativeRunsSubmitted();
                runChains(f, h, buffers, length, check, batches);
                assertEquals(runsBefore + (long)batches * chains, scheme.nativeRunsSubmitted(), "every chain native");
            });
            assertEquals(0, failures[0], "every read returns a whole block");
            assertTrue(windows.least() < 16 * 1024, "allocated over " + batches * chains + " chains:" +
                windows.windows());
        }
    }

    private static void runChains(final RuntimeFixture f, final long handle, final long[] buffers, final int length,
        final CqeHandler check, final int batches)
    {
        final Ring ring = f.ring;
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < buffers.length; i++)
            {
                ring.getSqe().prepRead(handle, buffers[i], BLOCK, (long)((b + i) % 64) * BLOCK)
                    .flags(length - 1 == i % length ? 0 : Sqe.LINK).userData(i);
            }
            int reaped = 0;
            ring.enter(buffers.length, 0, 0);
            while (reaped < buffers.length)
            {
                assertTrue(ring.awaitCqes(1, RuntimeFixture.WAIT_NANOS) > 0, "ring stalled");
                reaped += ring.forEachCqe(check, buffers.length - reaped);
            }
        }
    }
}
