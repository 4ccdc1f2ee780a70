package io.ringwork;

import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The io_uring {@code file:} path allocates nothing per READ in steady state, through the ring and through the inline
 * {@code RWF_NOWAIT} read: measured with the JVM's per-thread allocation counters on the client, the dispatcher and
 * the loop thread, over 32-read batches of a cached file.
 */
class IoUringZeroAllocationTest
{
    private static final int BATCH = 32;
    private static final int BLOCK = 4096;
    private static final int FILE_BLOCKS = 64;

    @TempDir
    Path dir;

    private int failures;
    private final CqeHandler check = cqe ->
    {
        if (cqe.result() != BLOCK)
        {
            failures++;
        }
    };

    @BeforeEach
    void requireIoUring()
    {
        assumeTrue(IoUringSupport.isAvailable(), IoUringSupport::describe);
    }

    @ParameterizedTest(name = "nowaitReads={0}")
    @ValueSource(booleans = {false, true})
    void shouldAllocateNothingPerRead(final boolean nowait) throws IOException
    {
        final Path file = dir.resolve("blocks.bin");
        Files.write(file, new byte[FILE_BLOCKS * BLOCK]);
        final RingworkOptions options = RingworkOptions.defaults()
            .withIoUring(IoUringOptions.defaults().withNowaitReads(nowait));
        try (RuntimeFixture f = new RuntimeFixture(options, RingOptions.defaults()))
        {
            assertEquals("io_uring", f.runtime.fileBackend());
            final long handle = f.open("file:" + file, VerbFlags.OPEN_READ);
            final long[] buffers = new long[BATCH];
            for (int i = 0; i < BATCH; i++)
            {
                buffers[i] = f.buffer(BLOCK);
            }
            run(f, handle, buffers, 5_000);
            final int batches = 2_000;
            final ServingAllocation.Windows windows = ServingAllocation.leastOfThree(f.runtime,
                () -> run(f, handle, buffers, batches));
            final long reads = (long)batches * BATCH;
            assertTrue(windows.least() < 16 * 1024, "allocated over " + reads + " reads:" + windows.windows());
        }
    }

    private void run(final RuntimeFixture f, final long handle, final long[] buffers, final int batches)
    {
        final Ring ring = f.ring;
        long sink = 0;
        for (int b = 0; b < batches; b++)
        {
            for (int i = 0; i < BATCH; i++)
            {
                ring.getSqe().prepRead(handle, buffers[i], BLOCK, (long)((b + i) % FILE_BLOCKS) * BLOCK).userData(i);
            }
            int reaped = 0;
            ring.enter(BATCH, 0, 0);
            while (reaped < BATCH)
            {
                final int ready = ring.awaitCqes(1, RuntimeFixture.WAIT_NANOS);
                assertTrue(ready > 0, "ring stalled");
                reaped += ring.forEachCqe(check, BATCH - reaped);
            }
            sink += reaped;
        }
        assertEquals((long)batches * BATCH, sink);
        assertEquals(0, failures, "every read returns a whole block");
    }
}
