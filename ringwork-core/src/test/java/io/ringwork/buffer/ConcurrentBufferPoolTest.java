package io.ringwork.buffer;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Threads allocate, write a signature over, check and free their own buffers in one pool while others slice theirs
 * (the optimistic-read path) and the pool grows: no buffer is ever handed to two threads at once, and the pool is
 * consistent at the end.
 */
class ConcurrentBufferPoolTest
{
    @Test
    void shouldNeverHandTheSameBytesToTwoThreads() throws Exception
    {
        final BufferPoolOptions options = BufferPoolOptions.defaults().withSegmentSize(1 << 20).withMaxSegments(16);
        try (BufferPool pool = BufferPool.create(options))
        {
            final int threads = 4;
            final AtomicLong corrupted = new AtomicLong();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final long signature = 0x0101010101010101L * (t + 1);
                final long seed = t;
                workers.add(Thread.ofPlatform().start(() ->
                {
                    try
                    {
                        final SplittableRandom random = new SplittableRandom(seed);
                        final long[] mine = new long[32];
                        final long[] sizes = new long[32];
                        for (int i = 0; i < 20_000; i++)
                        {
                            final int slot = random.nextInt(mine.length);
                            if (BufferRef.NULL != mine[slot])
                            {
                                final MemorySegment memory = pool.slice(mine[slot], sizes[slot]);
                                for (long off = 0; off + 8 <= sizes[slot]; off += 8)
                                {
                                    if (memory.get(ValueLayout.JAVA_LONG, off) != signature)
                                    {
                                        corrupted.incrementAndGet();
                                    }
                                }
                                pool.free(mine[slot]);
                                mine[slot] = BufferRef.NULL;
                            }
                            else
                            {
                                sizes[slot] = 8 * (1 + random.nextInt(4096));
                                mine[slot] = pool.allocate(sizes[slot], 8);
                                pool.slice(mine[slot], sizes[slot]).fill((byte)(signature & 0xFF));
                            }
                        }
                        for (final long ref : mine)
                        {
                            if (BufferRef.NULL != ref)
                            {
                                pool.free(ref);
                            }
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                }));
            }
            for (final Thread worker : workers)
            {
                worker.join();
            }
            assertNull(failure.get());
            assertEquals(0, corrupted.get(), "bytes another thread overwrote");
            assertNull(pool.checkInvariants());
            assertEquals(0, pool.liveAllocations());
            assertEquals(pool.totalBytes(), pool.freeBytes());
        }
    }
}
