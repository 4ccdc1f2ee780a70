package io.ringwork;

import io.ringwork.internal.dispatch.Dispatcher;
import io.ringwork.internal.linux.uring.IoUringFileScheme;
import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Rings that {@link Ringwork#open} hands to the io_uring thread ({@link IoUringOptions#hostRings()}): served there,
 * woken from {@code io_uring_enter} by a client's doorbell through {@code IORING_OP_FUTEX_WAITV}, timers kept while
 * asleep, rings beyond what one thread can wait on served by threads of their own, nothing burnt while idle.
 */
class HostedRingsTest
{
    private static final long WAIT_NANOS = RuntimeFixture.WAIT_NANOS;
    /** Longer than the loop's longest poll, so that it sleeps in between. */
    private static final long PAUSE_MILLIS = 5;

    @TempDir
    Path dir;

    @BeforeEach
    void requireIoUring()
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
        assumeTrue(IoUringSupport.isSupported(53), "IORING_OP_FUTEX_WAITV needs Linux 6.7");
    }

    @Test
    void shouldServeARingOnTheIoUringThreadUnlessTold()
    {
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults());
            Ring ring = runtime.open())
        {
            nop(ring, 1);
            assertTrue(servingThread(runtime).getName().startsWith("ringwork-iouring"),
                servingThread(runtime).getName());
        }
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults());
            Ring ring = runtime.open(RingOptions.defaults().spinning()))
        {
            nop(ring, 1);
            assertTrue(servingThread(runtime).getName().startsWith("ringwork-dispatch"),
                "a ring that asks for a spinning server gets a thread of its own: " + servingThread(runtime).getName());
        }
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults().withIoUring(
            IoUringOptions.defaults().withHostRings(false)));
            Ring ring = runtime.open())
        {
            nop(ring, 1);
            assertTrue(servingThread(runtime).getName().startsWith("ringwork-dispatch"),
                servingThread(runtime).getName());
        }
    }

    @Test
    void shouldWakeFromItsSleepForEverySubmissionAndRead() throws Exception
    {
        final Path file = dir.resolve("text.txt");
        Files.writeString(file, "hosted by the io_uring thread");
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long handle = f.open("file:" + file, VerbFlags.OPEN_READ);
            final long buffer = f.buffer(64);
            final long sleepsBefore = f.ring.counters().serverSleeps();
            final long wakesBefore = scheme.hostDoorbellWakes();
            for (int i = 0; i < 20; i++)
            {
                Thread.sleep(PAUSE_MILLIS);
                f.sqe().prepRead(handle, buffer, 64, 0).userData(100 + i);
                final List<Completion> done = f.submitAndWait(1);
                assertEquals(List.of(100L + i), done.stream().map(Completion::userData).toList());
                assertEquals("hosted by the io_uring thread".length(), done.getFirst().result(),
                    done.getFirst()::toString);
                assertEquals("hosted by the io_uring", f.read(buffer, 22));
            }
            assertTrue(f.ring.counters().serverSleeps() - sleepsBefore >= 10,
                "the thread slept between the reads: " + (f.ring.counters().serverSleeps() - sleepsBefore));
            assertTrue(wakesBefore >= 0 && scheme.hostDoorbellWakes() - wakesBefore >= 10,
                "the submissions woke it through its FUTEX_WAITV: " + scheme.hostDoorbellWakes());
        }
    }

    @Test
    void shouldReadALoneCachedReadInlineAndABatchThroughTheKernel() throws Exception
    {
        final int blocks = 64;
        final byte[] content = new byte[blocks * 4096];
        for (int i = 0; i < content.length; i++)
        {
            content[i] = (byte)(i / 4096);
        }
        final Path file = dir.resolve("blocks.bin");
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(f.runtime);
            final long handle = f.open("file:" + file, VerbFlags.OPEN_READ);
            final long[] buffers = new long[32];
            for (int i = 0; i < buffers.length; i++)
            {
                buffers[i] = f.buffer(4096);
            }
            // A lone read, after a pause: the rounds before it had none.
            Thread.sleep(PAUSE_MILLIS);
            final long inlineBefore = scheme.hostedReads(true);
            f.sqe().prepRead(handle, buffers[0], 4096, 5 * 4096).userData(1);
            assertEquals(4096, f.submitAndWait(1).getFirst().result());
            assertEquals(5, f.pool.slice(buffers[0], 1).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            assertEquals(1, scheme.hostedReads(true) - inlineBefore, "a lone cached read is read inline");
            // 32 reads in one submission reach the loop in one round: two inline at most, the rest in one enter.
            Thread.sleep(PAUSE_MILLIS);
            final long ringBefore = scheme.hostedReads(false);
            for (int i = 0; i < buffers.length; i++)
            {
                f.sqe().prepRead(handle, buffers[i], 4096, (long)i * 4096).userData(100 + i);
            }
            final List<Completion> done = f.submitAndWait(buffers.length);
            for (final Completion c : done)
            {
                assertEquals(4096, c.result(), c::toString);
                final int block = (int)(c.userData() - 100);
                assertEquals((byte)block, f.pool.slice(buffers[block], 1).get(java.lang.foreign.ValueLayout.JAVA_BYTE,
                    0));
            }
            assertTrue(scheme.hostedReads(false) - ringBefore >= buffers.length - 2,
                "a batch goes through the kernel: " + (scheme.hostedReads(false) - ringBefore));
        }
    }

    @Test
    void shouldFireATimerWhileAsleep()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            nop(f.ring, 1);
            final long start = System.nanoTime();
            f.sqe().prepTimeout(TimeUnit.MILLISECONDS.toNanos(30), 0, 0).userData(7);
            final List<Completion> done = f.submitAndWait(1);
            final long elapsed = System.nanoTime() - start;
            assertEquals(Errno.ETIMEDOUT, done.getFirst().errno(), done.getFirst()::toString);
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(30), "fired after " + elapsed + " ns");
            assertTrue(elapsed < TimeUnit.SECONDS.toNanos(5), "fired after " + elapsed + " ns");
        }
    }

    @Test
    void shouldAdmitARingOpenedWhileTheThreadSleeps() throws Exception
    {
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults());
            Ring first = runtime.open())
        {
            final IoUringFileScheme scheme = RuntimeFixture.fileScheme(runtime);
            nop(first, 1);
            Thread.sleep(50);
            try (Ring second = runtime.open())
            {
                nop(second, 2);
                Thread.sleep(50);
                nop(first, 3);
                nop(second, 4);
            }
            Thread.sleep(50);
            assertEquals(1, runtime.dispatchers().size(), "the closed ring left the thread");
            // The set of doorbells changed twice (a ring joined, a ring left): each time the FUTEX_WAITV in the
            // kernel was replaced, and the one waiting now still covers the first ring.
            for (int i = 0; i < 5; i++)
            {
                final long wakes = scheme.hostDoorbellWakes();
                Thread.sleep(PAUSE_MILLIS);
                nop(first, 10 + i);
                assertTrue(scheme.hostDoorbellWakes() > wakes, "woken through the FUTEX_WAITV: " + wakes + " then " +
                    scheme.hostDoorbellWakes());
            }
        }
    }

    @Test
    void shouldServeRingsBeyondWhatOneThreadWaitsOnWithThreadsOfTheirOwn()
    {
        final int rings = 127 + 3;
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults()))
        {
            final List<Ring> open = new ArrayList<>();
            try
            {
                for (int i = 0; i < rings; i++)
                {
                    open.add(runtime.open(RingOptions.defaults().withEntries(4, 8)));
                }
                for (int i = 0; i < rings; i++)
                {
                    nop(open.get(i), i);
                }
                final List<Thread> threads = runtime.dispatchers().stream().map(Dispatcher::thread).toList();
                assertEquals(rings, threads.size());
                assertEquals(127, threads.stream().filter(t -> t.getName().startsWith("ringwork-iouring")).count());
                assertEquals(3, threads.stream().filter(t -> t.getName().startsWith("ringwork-dispatch")).count());
            }
            finally
            {
                open.forEach(Ring::close);
            }
        }
    }

    @Test
    void shouldBurnNoCpuWhileIdle() throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults());
            Ring ring = runtime.open())
        {
            nop(ring, 1);
            final Thread loop = servingThread(runtime);
            Thread.sleep(50);
            final long before = threads.getThreadCpuTime(loop.threadId());
            Thread.sleep(300);
            final long burnt = threads.getThreadCpuTime(loop.threadId()) - before;
            assertTrue(burnt < TimeUnit.MILLISECONDS.toNanos(30), "the idle io_uring thread used " + burnt + " ns");
            nop(ring, 2);
        }
    }

    private static void nop(final Ring ring, final long userData)
    {
        ring.getSqe().prepNop().userData(userData);
        assertEquals(1, ring.enter(Integer.MAX_VALUE, 1, WAIT_NANOS), "a NOP completes");
        final Cqe cqe = ring.peekCqe();
        assertEquals(userData, cqe.userData());
        assertEquals(Errno.EOK, cqe.errno());
        ring.advanceCq(1);
    }

    private static Thread servingThread(final Ringwork runtime)
    {
        final List<Dispatcher> dispatchers = runtime.dispatchers();
        assertEquals(1, dispatchers.size());
        return dispatchers.getFirst().thread();
    }
}
