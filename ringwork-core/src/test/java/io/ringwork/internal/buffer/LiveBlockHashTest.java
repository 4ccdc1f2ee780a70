package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveBlockHashTest
{
    private static final int RECORD_SHIFT = 2;
    private static final int START = 0;
    private static final int RECORDS = 4096;

    @Test
    void shouldAgreeWithAHashMapThroughGrowthCollisionsAndBackwardShifts()
    {
        // The index stores only record numbers and reads the keys from the records.
        final long[] records = new long[RECORDS << RECORD_SHIFT];
        final LiveBlockHash index = new LiveBlockHash(1, RECORD_SHIFT, START);
        // Starts from a narrow range of two segments, granule 64, so keys come back after removal; the live count
        // climbs into the thousands, so the table, starting at 64 slots, grows several times.
        LiveIndexChurn.run(index, records, RECORD_SHIFT, START,
            random -> BufferRef.encode(random.nextInt(2), 4096 + 64L * random.nextInt(3000)), 7, 200_000, () -> { });
    }

    @Test
    void shouldNeitherThrowNorLoopWhenARecordNamedByASlotIsOutOfBounds()
    {
        // What a reader racing a writer can see: a slot naming a record past the records array it loaded.
        final long[] records = new long[64 << RECORD_SHIFT];
        final LiveBlockHash index = new LiveBlockHash(1, RECORD_SHIFT, START);
        final long ref = BufferRef.encode(0, 4096);
        LiveIndexChurn.put(index, records, RECORD_SHIFT, START, ref, 5);
        final long[] shorter = Arrays.copyOf(records, 4 << RECORD_SHIFT);
        assertEquals(LiveBlockHash.MISSING, index.get(ref, shorter));
        assertEquals(5, index.get(ref, records));
    }
}
