package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ring core against the real kernel. Skipped where the probe finds io_uring unavailable (the cause is printed).
 */
class IoUringTest
{
    @TempDir
    Path dir;

    record Done(long userData, int res)
    {
    }

    @BeforeEach
    void requireIoUring()
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
    }

    private static List<Done> reap(final IoUring ring, final int count)
    {
        final List<Done> out = new ArrayList<>();
        while (out.size() < count)
        {
            if (0 == ring.forEachCqe((userData, res, flags) -> out.add(new Done(userData, res)), count - out.size()))
            {
                final int result = ring.submitAndWait(1);
                assertTrue(result >= 0 || -Errno.EINTR.number() == result, () -> "enter: " + result);
            }
        }
        return out;
    }

    @Test
    void shouldRoundTripANop()
    {
        try (IoUring ring = IoUring.create(8, 0))
        {
            assertEquals(8, ring.sqEntries());
            final long sqe = ring.nextSqe();
            ring.prep(sqe, IoUringConstants.IORING_OP_NOP, -1, 0, 0, 0, 0, 42);
            assertEquals(1, ring.submitAndWait(1));
            assertEquals(List.of(new Done(42, 0)), reap(ring, 1));
            assertEquals(0, ring.cqReady());
            assertEquals(8, ring.sqSpaceLeft());
        }
    }

    @Test
    void shouldReturnNoSqeWhenTheQueueIsFull()
    {
        try (IoUring ring = IoUring.create(4, 0))
        {
            for (int i = 0; i < 4; i++)
            {
                assertTrue(ring.nextSqe() >= 0);
            }
            assertEquals(-1, ring.nextSqe());
        }
    }

    @Test
    void shouldWriteAndReadARealFileThroughTheKernel() throws IOException
    {
        final Path file = dir.resolve("data.bin");
        try (IoUring ring = IoUring.create(8, 0);
            Arena arena = Arena.ofConfined())
        {
            final int fd = Syscalls.openat(ring.capture(), IoUringConstants.AT_FDCWD, arena.allocateFrom(
                file.toString()), IoUringConstants.O_RDWR | IoUringConstants.O_CREAT, 0600);
            assertTrue(fd >= 0, () -> "openat: " + Syscalls.errnoOf(fd));
            final MemorySegment text = arena.allocateFrom("hello, kernel", StandardCharsets.US_ASCII);
            final long write = ring.nextSqe();
            ring.prep(write, IoUringConstants.IORING_OP_WRITE, fd, text.address(), 13, 0, 0, 1);
            ring.sqeFlags(write, IoUringConstants.IOSQE_IO_LINK);
            final long fsync = ring.nextSqe();
            ring.prep(fsync, IoUringConstants.IORING_OP_FSYNC, fd, 0, 0, 0, IoUringConstants.IORING_FSYNC_DATASYNC, 2);
            ring.sqeFlags(fsync, IoUringConstants.IOSQE_IO_LINK);
            final MemorySegment back = arena.allocate(64);
            ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_READ, fd, back.address(), 64, 7, 0, 3);
            assertEquals(3, ring.submitAndWait(3), "three SQEs in one enter");
            assertEquals(List.of(new Done(1, 13), new Done(2, 0), new Done(3, 6)), reap(ring, 3));
            assertEquals("kernel", new String(back.asSlice(0, 6).toArray(JAVA_BYTE), StandardCharsets.US_ASCII));
            assertEquals("hello, kernel", Files.readString(file));
            assertEquals(0, Syscalls.close(ring.capture(), fd));
        }
    }

    @Test
    void shouldMapAKernelErrorOntoErrno()
    {
        try (IoUring ring = IoUring.create(4, 0);
            Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(8);
            ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_READ, 1_000_000, buffer.address(), 8, 0, 0, 9);
            ring.submitAndWait(1);
            final Done done = reap(ring, 1).get(0);
            assertEquals(Errno.EBADF, Syscalls.errnoOf(done.res()));
            assertEquals(Errno.EBADF, Syscalls.errnoOf(Syscalls.close(ring.capture(), 1_000_000)));
        }
    }

    @Test
    void shouldKeepEveryCompletionWhenTheCqOverflows()
    {
        try (IoUring ring = IoUring.create(4, 4, 0))
        {
            assumeTrue(0 != (ring.features() & IoUringConstants.IORING_FEAT_NODROP), "kernel without FEAT_NODROP");
            final int rounds = 6;
            final List<Done> out = new ArrayList<>();
            long next = 0;
            int busy = 0;
            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < 4; i++)
                {
                    ring.prep(ring.nextSqe(), IoUringConstants.IORING_OP_NOP, -1, 0, 0, 0, 0, next++);
                }
                int result = ring.submit();
                while (result < 0)
                {
                    assertTrue(-Errno.EBUSY.number() == result || -Errno.EAGAIN.number() == result,
                        "only EBUSY/EAGAIN expected, got " + Syscalls.errnoOf(result));
                    busy++;
                    ring.forEachCqe((userData, res, flags) -> out.add(new Done(userData, res)), Integer.MAX_VALUE);
                    result = ring.submit();
                }
            }
            assertTrue(ring.cqOverflowPending() || !out.isEmpty(), "24 completions cannot fit a CQ of 4");
            while (out.size() < 4 * rounds)
            {
                if (0 == ring.forEachCqe((userData, res, flags) -> out.add(new Done(userData, res)), 64))
                {
                    assertTrue(ring.submit() >= 0, "flushing the overflow list");
                }
            }
            final TreeSet<Long> seen = new TreeSet<>();
            out.forEach(done -> seen.add(done.userData()));
            assertEquals(4 * rounds, seen.size(), "no completion lost or duplicated, EBUSY retries: " + busy);
            assertEquals(0L, seen.first());
            assertEquals(4L * rounds - 1, seen.last());
        }
    }

    @Test
    void shouldCloseOnceAndProbeTheKernel()
    {
        final IoUring ring = IoUring.create(2, 0);
        ring.close();
        ring.close();
        assertTrue(IoUringSupport.isSupported(IoUringConstants.IORING_OP_READ));
        assertTrue(IoUringSupport.describe().startsWith("io_uring available"));
    }

    @Test
    void shouldSetUpTheFileRingForOneSubmitterAndStopCleanly()
    {
        final IoUringFileScheme scheme = IoUringFileScheme.open(Path.of("/"));
        // TASKRUN_FLAG rides along with either task-run mode; what matters here is the mode.
        final int flags = scheme.setupFlags() & ~IoUringConstants.IORING_SETUP_TASKRUN_FLAG;
        scheme.close();
        assertTrue(List.of(IoUringConstants.IORING_SETUP_SINGLE_ISSUER | IoUringConstants.IORING_SETUP_DEFER_TASKRUN,
            IoUringConstants.IORING_SETUP_COOP_TASKRUN, 0).contains(flags), "setup flags 0x" +
            Integer.toHexString(flags));
    }
}
