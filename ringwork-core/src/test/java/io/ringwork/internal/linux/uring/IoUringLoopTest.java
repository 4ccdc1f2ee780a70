package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.IoUringOptions;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.SchemeHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The loop against the real kernel, with reads of a FIFO nobody writes: they stay in the kernel until cancelled, so
 * the tests control exactly what is in flight. Cancel by request, close with an op in the kernel, and a ring that
 * breaks (a CQE nobody asked for) must all complete the read exactly once and only after its own CQE arrived.
 */
@Timeout(60)
class IoUringLoopTest
{
    @TempDir
    Path dir;

    private final Arena arena = Arena.ofShared();
    private int fifo = -1;

    @BeforeEach
    void openFifo() throws Exception
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
        final Path path = dir.resolve("fifo");
        final Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        // O_RDWR: the open does not wait for a writer, and the FIFO keeps one, so a read waits instead of EOF.
        fifo = Syscalls.openat(Syscalls.allocateCapture(arena), IoUringConstants.AT_FDCWD,
            arena.allocateFrom(path.toString()), IoUringConstants.O_RDWR | IoUringConstants.O_CLOEXEC, 0);
        assertTrue(fifo >= 0, () -> "open fifo: " + Syscalls.errnoOf(fifo));
    }

    @AfterEach
    void closeFifo()
    {
        if (fifo >= 0)
        {
            Syscalls.close(Syscalls.allocateCapture(arena), fifo);
        }
        arena.close();
    }

    @Test
    void shouldCancelAReadInTheKernelAndCompleteItOnceWithTheReason() throws InterruptedException
    {
        try (IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults()))
        {
            final FifoRead read = waitingRead(loop);
            assertTrue(loop.cancel(read.request, Errno.ETIMEDOUT));
            assertTrue(read.request.done.await(10, TimeUnit.SECONDS));
            assertEquals(-Errno.ECANCELED.number(), read.kernelResult, "the kernel stopped it");
            assertEquals(Errno.ETIMEDOUT, read.request.failure, "completed with the cancel's reason");
            Thread.sleep(20);
            assertEquals(1, read.request.completions.get());
        }
    }

    @Test
    void shouldIgnoreACancelOfARequestThatIsNotInTheLoop() throws InterruptedException
    {
        try (IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults()))
        {
            final FifoRead read = new FifoRead(fifo, arena.allocate(64));
            loop.execute(read);
            assertTrue(read.prepared.await(10, TimeUnit.SECONDS));
            assertTrue(loop.cancel(new RecordingRequest(), Errno.ECANCELED));
            Thread.sleep(50);
            assertEquals(0, read.request.completions.get(), "another request's cancel must not touch this one");
        }
    }

    @Test
    void shouldCancelAndReapOpsInTheKernelWhenClosed() throws InterruptedException
    {
        final FifoRead read = new FifoRead(fifo, arena.allocate(64));
        final IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults());
        loop.execute(read);
        assertTrue(read.prepared.await(10, TimeUnit.SECONDS));
        loop.close();
        assertEquals(1, read.request.completions.get(), "close returns after the op completed");
        assertEquals(-Errno.ECANCELED.number(), read.kernelResult, "its CQE arrived before it completed");
        assertEquals(Errno.ECANCELED, read.request.failure);
        final FifoRead late = new FifoRead(fifo, arena.allocate(64));
        loop.execute(late);
        assertEquals(Errno.ECANCELED, late.request.failure, "a closed loop refuses new ops");
        assertFalse(late.prepared.getCount() == 0, "never submitted");
        loop.close();
    }

    @Test
    void shouldReapEveryOpOfABrokenRingBeforeFailingItAndGiveUpOnOpsWithoutACqe() throws InterruptedException
    {
        final IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults(), null, 1_000_000_000L);
        final FifoRead read = new FifoRead(fifo, arena.allocate(64));
        loop.execute(read);
        assertTrue(read.prepared.await(10, TimeUnit.SECONDS));
        final Nop stray = new Nop(new RecordingRequest(), false, 1L << 40);
        loop.execute(stray);
        assertTrue(read.request.done.await(10, TimeUnit.SECONDS), "the broken loop cancels and reaps the read");
        assertEquals(-Errno.ECANCELED.number(), read.kernelResult, "its CQE arrived before it failed");
        assertEquals(Errno.EIO, read.request.failure, "a broken ring fails what it stopped with EIO");
        final FifoRead late = new FifoRead(fifo, arena.allocate(64));
        loop.execute(late);
        assertEquals(Errno.ECANCELED, late.request.failure, "a broken loop refuses new ops");
        loop.close();
        assertEquals(0, stray.request.completions.get(),
            "an op whose CQE never came is never completed: its buffers stay guarded");
    }

    @Test
    void shouldFailAnOpWhoseResultThrowsAloneAndGoOnServing() throws InterruptedException
    {
        try (IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults()))
        {
            final Nop throwing = new Nop(new RecordingRequest(), true);
            loop.execute(throwing);
            assertTrue(throwing.request.done.await(10, TimeUnit.SECONDS));
            assertEquals(Errno.EIO, throwing.request.failure, "the op whose result could not be read fails alone");
            assertLoopStillServes(loop);
        }
    }

    @Test
    void shouldGoOnServingWhenCompletingARequestThrows() throws InterruptedException
    {
        try (IoUringLoop loop = new IoUringLoop("test-iouring", IoUringOptions.defaults()))
        {
            final RecordingRequest refusing = new RecordingRequest();
            refusing.refuseSuccess = true;
            final Nop nop = new Nop(refusing, false);
            loop.execute(nop);
            assertTrue(refusing.refused.await(10, TimeUnit.SECONDS), "the loop tried to complete it");
            assertLoopStillServes(loop);
            assertEquals(0, refusing.completions.get(), "no second try: the request may have moved on");
        }
    }

    /** A NOP completes, and a FIFO read waits in the kernel until cancelled: the loop neither broke nor stopped. */
    private void assertLoopStillServes(final IoUringLoop loop) throws InterruptedException
    {
        final Nop nop = new Nop(new RecordingRequest(), false);
        loop.execute(nop);
        assertTrue(nop.request.done.await(10, TimeUnit.SECONDS));
        assertEquals(0, nop.request.result);
        assertEquals(null, nop.request.failure);
        final FifoRead read = waitingRead(loop);
        assertTrue(loop.cancel(read.request, Errno.ECANCELED));
        assertTrue(read.request.done.await(10, TimeUnit.SECONDS));
        assertEquals(-Errno.ECANCELED.number(), read.kernelResult);
    }

    /** A read of the FIFO handed to the loop, in the kernel and, with no writer, still waiting there. */
    private FifoRead waitingRead(final IoUringLoop loop) throws InterruptedException
    {
        final FifoRead read = new FifoRead(fifo, arena.allocate(64));
        loop.execute(read);
        assertTrue(read.prepared.await(10, TimeUnit.SECONDS));
        Thread.sleep(20);
        assertEquals(0, read.request.completions.get(), "a FIFO read with no writer must still be waiting");
        return read;
    }

    /**
     * An {@code IORING_OP_NOP}. With {@code throwing}, reading its result throws, as a bug there would; with
     * {@code forgedUserData} other than 0, its CQE carries user data the loop never handed out, so the ring is broken
     * from the loop's view.
     */
    private static final class Nop extends UringOp
    {
        final RecordingRequest request;
        final boolean throwing;
        final long forgedUserData;

        Nop(final RecordingRequest request, final boolean throwing)
        {
            this(request, throwing, 0);
        }

        Nop(final RecordingRequest request, final boolean throwing, final long forgedUserData)
        {
            this.request = request;
            this.throwing = throwing;
            this.forgedUserData = forgedUserData;
            use(request);
        }

        @Override
        void prepare(final IoUring ring, final long sqe, final long userData)
        {
            ring.prep(sqe, IoUringConstants.IORING_OP_NOP, -1, 0, 0, 0, 0, 0 != forgedUserData ? forgedUserData :
                userData);
        }

        @Override
        boolean complete(final int res)
        {
            if (throwing)
            {
                throw new IllegalStateException("a result this op cannot read: " + res);
            }
            succeed(res);
            return true;
        }
    }

    /** A read of the FIFO, recording the kernel's result. */
    private static final class FifoRead extends UringOp
    {
        final CountDownLatch prepared = new CountDownLatch(1);
        final RecordingRequest request = new RecordingRequest();
        final int fd;
        final MemorySegment buffer;
        volatile int kernelResult = Integer.MIN_VALUE;

        FifoRead(final int fd, final MemorySegment buffer)
        {
            this.fd = fd;
            this.buffer = buffer;
            use(request);
        }

        @Override
        void prepare(final IoUring ring, final long sqe, final long userData)
        {
            ring.prep(sqe, IoUringConstants.IORING_OP_READ, fd, buffer.address(), (int)buffer.byteSize(), -1L, 0,
                userData);
            prepared.countDown();
        }

        @Override
        boolean complete(final int res)
        {
            kernelResult = res;
            if (res < 0)
            {
                fail(Syscalls.errnoOf(res));
            }
            else
            {
                succeed(res);
            }
            return true;
        }
    }

    /** A request that records how it completed. */
    static final class RecordingRequest implements Request
    {
        final AtomicInteger completions = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Errno failure;
        volatile long result = -1;
        /** Whether a success throws instead of completing, as a bug in what completing runs would. */
        volatile boolean refuseSuccess;
        final CountDownLatch refused = new CountDownLatch(1);
        private Object attachment;

        @Override
        public int opcode()
        {
            return 0;
        }

        @Override
        public long arg(final int n)
        {
            return 0;
        }

        @Override
        public io.ringwork.scheme.Peer peer()
        {
            return io.ringwork.scheme.Peer.self();
        }

        @Override
        public long userData()
        {
            return 0;
        }

        @Override
        public long position()
        {
            return 0;
        }

        @Override
        public int bufferCount()
        {
            return 0;
        }

        @Override
        public MemorySegment buffer(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public long bufferAddress(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public long bufferLength(final int index)
        {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public MemorySegment slice(final long ref, final long length)
        {
            throw new UnsupportedOperationException("no pool in this test");
        }

        @Override
        public Object attachment()
        {
            return attachment;
        }

        @Override
        public void attach(final Object value)
        {
            attachment = value;
        }

        @Override
        public boolean begin()
        {
            return true;
        }

        @Override
        public void complete(final long value)
        {
            if (refuseSuccess)
            {
                refused.countDown();
                throw new IllegalStateException("completing this request throws");
            }
            result = value;
            completions.incrementAndGet();
            done.countDown();
        }

        @Override
        public void complete(final long value, final long extra)
        {
            complete(value);
        }

        @Override
        public void completeOpen(final SchemeHandle handle)
        {
            complete(0);
        }

        @Override
        public void completeStat(final FileStat stat)
        {
            complete(0);
        }

        @Override
        public void fail(final Errno errno)
        {
            failure = errno;
            completions.incrementAndGet();
            done.countDown();
        }
    }
}
