package io.ringwork.buffer;

import io.ringwork.Errno;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static io.ringwork.buffer.BufferPoolTest.assertErrno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * physalloc3-style allocation: one buffer when a block fits, else chunks of at least a minimum size from the free
 * space a fragmented pool has, and nothing at all when even that cannot hold the request.
 */
class ScatterGatherTest
{
    private static final BufferPoolOptions ONE_SEGMENT = BufferPoolOptions.defaults()
        .withSegmentSize(1 << 20).withMaxSegments(1);

    /** Fills the pool with 64 KiB buffers, then frees every other one: 64 KiB holes, none larger. */
    private static List<Long> fragment(final BufferPool pool)
    {
        final List<Long> kept = new ArrayList<>();
        final List<Long> all = new ArrayList<>();
        long ref;
        while (BufferRef.NULL != (ref = pool.tryAllocate(64 << 10, 64, AllocationFlags.NO_GROW)))
        {
            all.add(ref);
        }
        for (int i = 0; i < all.size(); i++)
        {
            if (0 == i % 2)
            {
                pool.free(all.get(i));
            }
            else
            {
                kept.add(all.get(i));
            }
        }
        return kept;
    }

    @Test
    void shouldReturnOneContiguousBufferWhenABlockFits()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT))
        {
            final long[] refs = new long[4];
            final long[] lengths = new long[4];
            assertEquals(1, pool.allocateScatter(300 << 10, 16 << 10, 64, AllocationFlags.NONE, refs, lengths));
            assertEquals(300 << 10, lengths[0]);
            assertEquals(300 << 10, pool.slice(refs[0], 300 << 10).byteSize());
        }
    }

    @Test
    void shouldGatherChunksFromAFragmentedPoolThatSumToTheSize()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT))
        {
            fragment(pool);
            final long largest = pool.largestFreeBlock();
            assertTrue(largest < 128 << 10, "fragmented: largest=" + largest);
            final long[] refs = new long[16];
            final long[] lengths = new long[16];
            final long size = 256 << 10;
            final int count = pool.allocateScatter(size, 32 << 10, 64, AllocationFlags.NONE, refs, lengths);
            assertTrue(count > 1, "chunks=" + count);
            long sum = 0;
            for (int i = 0; i < count; i++)
            {
                assertTrue(lengths[i] >= 32 << 10 || i == count - 1, "chunk " + i + " length=" + lengths[i]);
                pool.slice(refs[i], lengths[i]).fill((byte)i);
                sum += lengths[i];
            }
            assertEquals(size, sum);
            for (int i = 0; i < count; i++)
            {
                assertEquals((byte)i, pool.slice(refs[i], lengths[i]).get(ValueLayout.JAVA_BYTE, lengths[i] - 1));
            }
            assertNull(pool.checkInvariants());
            pool.freeAll(refs, count);
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldFailAsAWholeWhenChunksCannotHoldTheSize()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT))
        {
            fragment(pool);
            final long freeBefore = pool.freeBytes();
            final long[] refs = new long[4];
            final long[] lengths = new long[4];
            assertErrno(Errno.ENOMEM, "in at most 4 chunks",
                () -> pool.allocateScatter(512 << 10, 32 << 10, 64, AllocationFlags.NONE, refs, lengths));
            assertErrno(Errno.ENOMEM, "minChunk=131072",
                () -> pool.allocateScatter(256 << 10, 128 << 10, 64, AllocationFlags.NONE, new long[16],
                    new long[16]));
            assertEquals(freeBefore, pool.freeBytes(), "nothing stays allocated");
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldUseFreeSpaceBeforeGrowingAndGrowForTheRest()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT.withMaxSegments(3)))
        {
            fragment(pool);
            final long free = pool.freeBytes();
            final long[] refs = new long[16];
            final long[] lengths = new long[16];
            final int count = pool.allocateScatter(free + (200 << 10), 64 << 10, 64, AllocationFlags.NONE, refs,
                lengths);
            int inFirst = 0;
            for (int i = 0; i < count; i++)
            {
                inFirst += 0 == BufferRef.segmentId(refs[i]) ? 1 : 0;
            }
            assertTrue(inFirst > 1, "the holes of segment 0 were used: " + inFirst);
            assertEquals(2, pool.segmentCount());
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldKeepLow4gScatterInSegmentZero()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT.withMaxSegments(2)))
        {
            fragment(pool);
            final long[] refs = new long[16];
            final long[] lengths = new long[16];
            final int count = pool.allocateScatter(192 << 10, 64 << 10, 64, AllocationFlags.LOW_4G, refs, lengths);
            for (int i = 0; i < count; i++)
            {
                assertTrue(BufferRef.isLow4G(refs[i]), BufferRef.toString(refs[i]));
            }
            assertEquals(1, pool.segmentCount());
        }
    }

    @Test
    void shouldRefuseBadScatterArgumentsNamingTheValue()
    {
        try (BufferPool pool = BufferPool.create(ONE_SEGMENT))
        {
            assertErrno(Errno.EINVAL, "size=0",
                () -> pool.allocateScatter(0, 64, 64, 0, new long[1], new long[1]));
            assertErrno(Errno.EINVAL, "minChunk=-1",
                () -> pool.allocateScatter(64, -1, 64, 0, new long[1], new long[1]));
            assertErrno(Errno.EINVAL, "refs.length=2",
                () -> pool.allocateScatter(64, 64, 64, 0, new long[2], new long[3]));
            assertErrno(Errno.EINVAL, "alignment=3",
                () -> pool.allocateScatter(64, 64, 3, 0, new long[1], new long[1]));
        }
    }
}
