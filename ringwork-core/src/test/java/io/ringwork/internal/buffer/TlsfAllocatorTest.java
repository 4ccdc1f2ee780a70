package io.ringwork.internal.buffer;

import io.ringwork.buffer.AllocationStrategy;
import io.ringwork.buffer.BufferRef;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TlsfAllocatorTest
{
    private static final long GRANULE = 64;
    private static final long HEADER = 4096;
    // Blocks of 128 to 131 granules share one class (four granules wide); 132 granules is the next class.
    private static final long SMALL = 128 * GRANULE;
    private static final long LARGE = 131 * GRANULE;
    private static final long BETWEEN = 130 * GRANULE;

    /**
     * A segment laid out as [large][separator][small][separator][rest], both class-sharing blocks freed, the small
     * one last so that it heads its list.
     */
    private static TlsfAllocator twoFreeBlocksOfOneClass(final long rest)
    {
        final TlsfAllocator allocator = new TlsfAllocator(GRANULE, GRANULE, AllocationStrategy.BEST_FIT);
        allocator.addSegment(0, HEADER, HEADER + LARGE + SMALL + 2 * GRANULE + rest);
        final long large = allocator.allocate(LARGE, GRANULE, false);
        assertNotEquals(BufferRef.NULL, allocator.allocate(GRANULE, GRANULE, false));
        final long small = allocator.allocate(SMALL, GRANULE, false);
        assertNotEquals(BufferRef.NULL, allocator.allocate(GRANULE, GRANULE, false));
        if (rest > 0)
        {
            assertNotEquals(BufferRef.NULL, allocator.allocate(GRANULE, GRANULE, false));
        }
        assertEquals(BufferRef.encode(0, HEADER), large);
        assertEquals(BufferRef.encode(0, HEADER + LARGE + GRANULE), small);
        assertEquals(TlsfAllocator.FREED, allocator.free(large));
        assertEquals(TlsfAllocator.FREED, allocator.free(small));
        assertNull(allocator.checkInvariants());
        return allocator;
    }

    @Test
    void shouldTakeTheHeadOfTheRequestsOwnClassWhenItFits()
    {
        final TlsfAllocator allocator = twoFreeBlocksOfOneClass(1 << 20);
        // The small block was freed last, so it heads the class; a request it fits takes it, not the top of the
        // segment, which would split a large free block.
        assertEquals(BufferRef.encode(0, HEADER + LARGE + GRANULE), allocator.allocate(SMALL - 100, 8, false));
        assertNull(allocator.checkInvariants());
    }

    @Test
    void shouldTakeTheFirstClassThatSurelyFitsWhenTheOwnHeadIsTooSmall()
    {
        final TlsfAllocator allocator = twoFreeBlocksOfOneClass(1 << 20);
        // The head (128 granules) is too small for 130; best fit looks at one block per list, so it goes to the
        // first class whose every block fits: the rest of the segment, after the third separator.
        final long rest = HEADER + LARGE + SMALL + 3 * GRANULE;
        assertEquals(BufferRef.encode(0, rest), allocator.allocate(BETWEEN, GRANULE, false));
        assertEquals(LARGE, allocator.freeSizeAt(BufferRef.encode(0, HEADER)));
        assertNull(allocator.checkInvariants());
    }

    @Test
    void shouldFindAFittingBlockBehindTheHeadWhenNoClassSurelyFits()
    {
        // No space after the blocks: only the large block, second in its list, can hold the request, and an
        // allocation must not fail while a free block fits it.
        final TlsfAllocator allocator = twoFreeBlocksOfOneClass(0);
        assertEquals(LARGE + SMALL, allocator.freeBytes());
        assertEquals(BufferRef.encode(0, HEADER), allocator.allocate(BETWEEN, GRANULE, false));
        assertEquals(BufferRef.NULL, allocator.allocate(LARGE, GRANULE, false));
        assertNull(allocator.checkInvariants());
    }

    @Test
    void shouldKeepListsBitmapsAndAccountsConsistentThroughRandomChurn()
    {
        // Lists empty and refill constantly here, which is where the bitmap update without a branch could go wrong;
        // checkInvariants compares every class bit and first-level bit with its list.
        for (final AllocationStrategy strategy : AllocationStrategy.values())
        {
            final SplittableRandom random = new SplittableRandom(11);
            final TlsfAllocator allocator = new TlsfAllocator(GRANULE, GRANULE, strategy);
            allocator.addSegment(0, HEADER, 8L << 20);
            allocator.addSegment(1, HEADER, 8L << 20);
            final long[] live = new long[256];
            long liveBytes = 0;
            final long[] liveSizes = new long[live.length];
            for (int step = 0; step < 100_000; step++)
            {
                final int slot = random.nextInt(live.length);
                if (BufferRef.NULL != live[slot])
                {
                    assertEquals(TlsfAllocator.FREED, allocator.free(live[slot]));
                    assertEquals(TlsfAllocator.NOT_LIVE, allocator.free(live[slot]));
                    liveBytes -= liveSizes[slot];
                    live[slot] = BufferRef.NULL;
                }
                else
                {
                    final long size = 1 + random.nextLong(random.nextBoolean() ? 4096 : 128 << 10);
                    final long alignment = 1L << random.nextInt(3, 14);
                    final long ref = allocator.allocate(size, alignment, random.nextInt(8) == 0);
                    if (BufferRef.NULL != ref)
                    {
                        assertEquals(0, BufferRef.offset(ref) & (Math.max(alignment, GRANULE) - 1));
                        live[slot] = ref;
                        liveSizes[slot] = allocator.liveSize(ref);
                        liveBytes += liveSizes[slot];
                    }
                }
                if (0 == step % 500)
                {
                    assertNull(allocator.checkInvariants(), "step " + step + " " + strategy);
                    assertEquals(liveBytes, allocator.usedBytes());
                }
            }
            for (final long ref : live)
            {
                if (BufferRef.NULL != ref)
                {
                    assertEquals(TlsfAllocator.FREED, allocator.free(ref));
                }
            }
            assertNull(allocator.checkInvariants());
            assertEquals(2, allocator.freeBlockCount(), "each segment one free block again");
        }
    }

    @Test
    void shouldFindTheBlockContainingAnInnerReferenceFromTheChunkSlots()
    {
        // Small and large blocks mixed, so some starts share a 64 KiB chunk (only one of them holds its slot, the
        // rest sit in the overflow table) and some blocks span many chunks: every inner reference must still lead
        // to its block, and every free block must be found by its start.
        final SplittableRandom random = new SplittableRandom(5);
        final TlsfAllocator allocator = new TlsfAllocator(GRANULE, GRANULE, AllocationStrategy.BEST_FIT);
        allocator.addSegment(0, HEADER, 64L << 20);
        allocator.addSegment(1, HEADER, 64L << 20);
        final long[] live = new long[128];
        final long[] freeStarts = new long[4096];
        for (int step = 0; step < 20_000; step++)
        {
            final int slot = random.nextInt(live.length);
            if (BufferRef.NULL != live[slot])
            {
                assertEquals(TlsfAllocator.FREED, allocator.free(live[slot]));
                live[slot] = BufferRef.NULL;
            }
            else
            {
                final long size = 1 + random.nextLong(random.nextBoolean() ? 2048 : 4L << 20);
                live[slot] = allocator.allocate(size, GRANULE, false);
            }
            if (0 != step % 1000)
            {
                continue;
            }
            for (final long ref : live)
            {
                if (BufferRef.NULL == ref)
                {
                    continue;
                }
                final long size = allocator.liveSize(ref);
                final long inner = ref + (size > 1 ? 1 + random.nextLong(size - 1) : 0);
                assertEquals(ref, allocator.liveStart(inner));
                assertEquals(ref + size - inner, allocator.liveExtent(inner));
                assertEquals(ref, allocator.liveStart(ref + size - 1));
                if (inner != ref)
                {
                    assertEquals(TlsfAllocator.NOT_LIVE, allocator.free(inner));
                }
            }
            final int count = allocator.largestFreeBlocks(false, 1, freeStarts);
            long free = 0;
            for (int i = 0; i < count; i++)
            {
                assertEquals(BufferRef.NULL, allocator.liveStart(freeStarts[i]));
                free += allocator.freeSizeAt(freeStarts[i]);
            }
            assertEquals(allocator.freeBytes(), free);
            assertNull(allocator.checkInvariants());
        }
    }
}
