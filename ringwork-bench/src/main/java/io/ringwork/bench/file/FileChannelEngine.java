package io.ringwork.bench.file;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code FileChannel} positional reads: one platform thread for depth 1 ({@code pread}, the "psync" baseline), or
 * {@code depth} virtual threads each doing blocking reads.
 */
public final class FileChannelEngine implements ReadEngine
{
    @Override
    public String name()
    {
        return "filechannel";
    }

    @Override
    public double run(final Job job) throws Exception
    {
        try (FileChannel channel = open(job))
        {
            final LongAdder reads = new LongAdder();
            final long start = System.nanoTime();
            final long deadline = start + job.durationNanos();
            if (1 == job.depth())
            {
                readLoop(channel, job, deadline, reads, 1);
            }
            else
            {
                final List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < job.depth(); i++)
                {
                    final int seed = i + 1;
                    threads.add(Thread.ofVirtual().start(() -> readLoop(channel, job, deadline, reads, seed)));
                }
                for (final Thread thread : threads)
                {
                    thread.join();
                }
            }
            return reads.sum() * 1e9 / (System.nanoTime() - start);
        }
    }

    static FileChannel open(final Job job) throws IOException
    {
        final List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ));
        if (job.direct())
        {
            options.add(ExtendedOpenOption.DIRECT);
        }
        return FileChannel.open(job.file(), options.toArray(new OpenOption[0]));
    }

    static ByteBuffer alignedBuffer(final int size)
    {
        return ByteBuffer.allocateDirect(size + 4096).alignedSlice(4096).limit(size);
    }

    private static void readLoop(final FileChannel channel, final Job job, final long deadline,
        final LongAdder reads, final int seed)
    {
        final ByteBuffer buffer = alignedBuffer(job.blockSize());
        final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
        long done = 0;
        try
        {
            while ((done & 63) != 0 || System.nanoTime() < deadline)
            {
                buffer.clear();
                channel.read(buffer, job.randomOffset(random));
                done++;
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        finally
        {
            reads.add(done);
        }
    }
}
