package io.ringwork.bench.file;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shape every blocking-read engine shares: at depth 1 the calling platform thread reads (the {@code pread}
 * baseline); at depth N, N virtual threads each read one block at a time. Each reader has its own random offsets and
 * stops on a multiple of 64 reads after the deadline, so the clock is read once per 64 reads at most.
 */
final class BlockingReaders
{
    /** One reader's loop body: read one block at {@code offset}. */
    @FunctionalInterface
    interface BlockRead
    {
        void read(long offset) throws Exception;
    }

    /** Makes one reader's {@link BlockRead}, on the reader's own thread (so its buffers are its own). */
    @FunctionalInterface
    interface ReaderFactory
    {
        BlockRead create() throws Exception;
    }

    private BlockingReaders()
    {
    }

    /**
     * Runs the readers for {@code nanos}.
     *
     * @return blocks read per second.
     */
    static double run(final ReadEngine.Job job, final long nanos, final ReaderFactory readers) throws Exception
    {
        final LongAdder reads = new LongAdder();
        final long start = System.nanoTime();
        final long deadline = start + nanos;
        if (1 == job.depth())
        {
            loop(job, deadline, reads, 1, readers);
        }
        else
        {
            final List<Thread> threads = new ArrayList<>();
            final List<Throwable> failures = new ArrayList<>();
            for (int i = 0; i < job.depth(); i++)
            {
                final int seed = i + 1;
                threads.add(Thread.ofVirtual().start(() ->
                {
                    try
                    {
                        loop(job, deadline, reads, seed, readers);
                    }
                    catch (final Exception ex)
                    {
                        synchronized (failures)
                        {
                            failures.add(ex);
                        }
                    }
                }));
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            if (!failures.isEmpty())
            {
                throw new IllegalStateException("a reader failed", failures.getFirst());
            }
        }
        return reads.sum() * 1e9 / (System.nanoTime() - start);
    }

    private static void loop(final ReadEngine.Job job, final long deadline, final LongAdder reads, final int seed,
        final ReaderFactory readers) throws Exception
    {
        final BlockRead reader = readers.create();
        final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
        long done = 0;
        try
        {
            while ((done & 63) != 0 || System.nanoTime() < deadline)
            {
                reader.read(job.randomOffset(random));
                done++;
            }
        }
        finally
        {
            reads.add(done);
        }
    }
}
