package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveBlockIndexTest
{
    private static final int RECORD_SHIFT = 2;
    private static final int START = 0;
    private static final int RECORDS = 4096;
    private static final long SEGMENT_LENGTH = 4L << 20;

    @Test
    void shouldAgreeWithAHashMapWhenManyBlocksShareChunks()
    {
        final long[] records = new long[RECORDS << RECORD_SHIFT];
        final LiveBlockIndex index = new LiveBlockIndex(1, RECORD_SHIFT, START);
        index.addSegment(0, SEGMENT_LENGTH);
        index.addSegment(1, SEGMENT_LENGTH);
        final int[] mostInOverflow = {0};
        // Starts 64 bytes apart over 3 MiB of two segments: up to 1,024 per chunk, so most chunks hold several live
        // starts and the overflow table fills, empties and refills; keys come back after removal.
        LiveIndexChurn.run(index, records, RECORD_SHIFT, START, LiveBlockIndexTest::randomRef, 11, 200_000,
            () -> mostInOverflow[0] = Math.max(mostInOverflow[0], index.overflowSize()));
        assertTrue(mostInOverflow[0] > 1000, "the overflow table was exercised: " + mostInOverflow[0]);
    }

    @Test
    void shouldKeepAnOverflowedBlockFindableAfterItsChunkSlotIsFreed()
    {
        final long[] records = new long[64 << RECORD_SHIFT];
        final LiveBlockIndex index = new LiveBlockIndex(1, RECORD_SHIFT, START);
        index.addSegment(0, SEGMENT_LENGTH);
        final long first = BufferRef.encode(0, 4096);
        final long second = BufferRef.encode(0, 8192);
        put(index, records, first, 3);
        put(index, records, second, 4);
        assertEquals(3, index.nearestAtOrBefore(0, 0, 1));
        assertEquals(1, index.overflowSize());
        assertEquals(3, index.remove(first, records));
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(0, 0, 1));
        assertEquals(4, index.get(second, records));
        assertEquals(4, index.remove(second, records));
        assertEquals(0, index.size());
        assertEquals(LiveBlockIndex.MISSING, index.remove(second, records));
    }

    @Test
    void shouldWidenTheSlotsForARecordNumberPastSixteenBitsAndKeepWhatTheyHeld()
    {
        final int large = LiveBlockIndex.MAX_SLOT_RECORD + 1;
        final long[] records = new long[(large + 1) << RECORD_SHIFT];
        final LiveBlockIndex index = new LiveBlockIndex(1, RECORD_SHIFT, START);
        index.addSegment(0, SEGMENT_LENGTH);
        final long fits = BufferRef.encode(0, 4096);
        final long sharing = BufferRef.encode(0, 8192);
        final long tooLarge = BufferRef.encode(0, 64L << 10);
        put(index, records, fits, LiveBlockIndex.MAX_SLOT_RECORD);
        put(index, records, sharing, 7);
        assertFalse(index.isWide(), "the largest 16-bit record number still fits");
        put(index, records, tooLarge, large);
        assertTrue(index.isWide());
        // The new record has its chunk's slot, so a walk for an inner reference starts near it; the old slot and the
        // overflow entry survived the widening.
        assertEquals(large, index.nearestAtOrBefore(0, (64L << 10) >>> LiveBlockIndex.CHUNK_SHIFT, 1));
        assertEquals(LiveBlockIndex.MAX_SLOT_RECORD, index.nearestAtOrBefore(0, 0, 1));
        assertEquals(1, index.overflowSize());
        assertEquals(LiveBlockIndex.MAX_SLOT_RECORD, index.get(fits, records));
        assertEquals(7, index.get(sharing, records));
        assertEquals(large, index.get(tooLarge, records));
        index.addSegment(1, SEGMENT_LENGTH);
        final long later = BufferRef.encode(1, 4096);
        put(index, records, later, 3);
        assertEquals(3, index.nearestAtOrBefore(1, 0, 1), "a segment added after widening has wide slots too");
        assertEquals(large, index.remove(tooLarge, records));
        assertEquals(LiveBlockIndex.MISSING, index.get(tooLarge, records));
        assertEquals(7, index.remove(sharing, records));
        assertEquals(LiveBlockIndex.MAX_SLOT_RECORD, index.remove(fits, records));
        assertEquals(3, index.remove(later, records));
        assertEquals(0, index.size());
        assertEquals(LiveBlockIndex.MISSING, index.get(-1L, records));
        assertEquals(LiveBlockIndex.MISSING, index.remove(BufferRef.encode(9, 4096), records));
    }

    @Test
    void shouldAnswerMissingForReferencesOutsideEverySegment()
    {
        final long[] records = new long[64 << RECORD_SHIFT];
        final LiveBlockIndex index = new LiveBlockIndex(1, RECORD_SHIFT, START);
        index.addSegment(0, SEGMENT_LENGTH);
        index.addSegment(2, SEGMENT_LENGTH);
        final long ref = BufferRef.encode(0, 4096);
        put(index, records, ref, 5);
        for (final long foreign : new long[] {BufferRef.encode(1, 4096), BufferRef.encode(3, 4096),
            BufferRef.encode(BufferRef.MAX_SEGMENT_ID, 4096), BufferRef.encode(0, SEGMENT_LENGTH + 4096),
            BufferRef.encode(0, BufferRef.MAX_OFFSET), BufferRef.encode(2, 4096), -1L})
        {
            assertEquals(LiveBlockIndex.MISSING, index.get(foreign, records), BufferRef.toString(foreign));
            assertEquals(LiveBlockIndex.MISSING, index.remove(foreign, records), BufferRef.toString(foreign));
        }
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(1, 0, 1));
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(7, 0, 1));
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(-1, 0, 1));
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(0, -1, 1));
        // Past the end means the last chunk; the scan back finds the block in chunk 0 only if allowed that far.
        final long past = SEGMENT_LENGTH >>> LiveBlockIndex.CHUNK_SHIFT;
        assertEquals(LiveBlockIndex.MISSING, index.nearestAtOrBefore(0, past, 8));
        assertEquals(5, index.nearestAtOrBefore(0, past, (int)past));
        assertEquals(5, index.nearestAtOrBefore(0, Long.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(5, index.get(ref, records));
    }

    @Test
    void shouldNeitherThrowNorLoopWhenARecordNamedByASlotIsOutOfBounds()
    {
        // What a reader racing a writer can see: a slot naming a record past the records array it loaded.
        final long[] records = new long[64 << RECORD_SHIFT];
        final LiveBlockIndex index = new LiveBlockIndex(1, RECORD_SHIFT, START);
        index.addSegment(0, SEGMENT_LENGTH);
        final long ref = BufferRef.encode(0, 4096);
        final long sharing = BufferRef.encode(0, 8192);
        put(index, records, ref, 5);
        put(index, records, sharing, 9);
        final long[] shorter = Arrays.copyOf(records, 4 << RECORD_SHIFT);
        assertEquals(LiveBlockIndex.MISSING, index.get(ref, shorter));
        assertEquals(LiveBlockIndex.MISSING, index.get(sharing, shorter));
        assertEquals(5, index.get(ref, records));
        assertEquals(9, index.get(sharing, records));
    }

    private static void put(final LiveBlockIndex index, final long[] records, final long ref, final int record)
    {
        LiveIndexChurn.put(index, records, RECORD_SHIFT, START, ref, record);
    }

    private static long randomRef(final SplittableRandom random)
    {
        return BufferRef.encode(random.nextInt(2), 4096 + 64L * random.nextInt(48 * 1024));
    }
}
