package io.ringwork.bench.file;

import com.sun.nio.file.ExtendedOpenOption;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's {@code AsynchronousFileChannel} with {@code depth} reads outstanding: each completion issues the next
 * read until the time is up. On Linux the JDK runs these as blocking reads on a thread pool.
 */
public final class AsyncFileChannelEngine implements ReadEngine
{
    @Override
    public String name()
    {
        return "afc";
    }

    @Override
    public double run(final Job job) throws Exception
    {
        final Set<OpenOption> options = new HashSet<>(Set.of(StandardOpenOption.READ));
        if (job.direct())
        {
            options.add(ExtendedOpenOption.DIRECT);
        }
        try (AsynchronousFileChannel channel = AsynchronousFileChannel.open(job.file(), options, null))
        {
            final AtomicLong reads = new AtomicLong();
            final CountDownLatch done = new CountDownLatch(job.depth());
            final long start = System.nanoTime();
            final long deadline = start + job.durationNanos();
            for (int i = 0; i < job.depth(); i++)
            {
                new Reader(channel, job, deadline, reads, done, i + 1).next();
            }
            if (!done.await(job.durationNanos() / 1_000_000 + 30_000, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("AsynchronousFileChannel reads did not finish");
            }
            return reads.get() * 1e9 / (System.nanoTime() - start);
        }
    }

    private static final class Reader implements CompletionHandler<Integer, Void>
    {
        private final AsynchronousFileChannel channel;
        private final Job job;
        private final long deadline;
        private final AtomicLong reads;
        private final CountDownLatch done;
        private final ByteBuffer buffer;
        private final SplittableRandom random;

        Reader(final AsynchronousFileChannel channel, final Job job, final long deadline, final AtomicLong reads,
            final CountDownLatch done, final int seed)
        {
            this.channel = channel;
            this.job = job;
            this.deadline = deadline;
            this.reads = reads;
            this.done = done;
            this.buffer = FileChannelEngine.alignedBuffer(job.blockSize());
            this.random = new SplittableRandom(seed * 0xBF58476D1CE4E5B9L);
        }

        void next()
        {
            buffer.clear();
            channel.read(buffer, job.randomOffset(random), null, this);
        }

        @Override
        public void completed(final Integer result, final Void attachment)
        {
            reads.incrementAndGet();
            if (System.nanoTime() < deadline)
            {
                next();
            }
            else
            {
                done.countDown();
            }
        }

        @Override
        public void failed(final Throwable ex, final Void attachment)
        {
            done.countDown();
        }
    }
}
