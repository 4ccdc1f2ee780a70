package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LiveBlockHashTest
{
    private static final int RECORD_SHIFT = 2;
    private static final int START = 0;
    private static final int RECORDS = 4096;

    @Test
    void shouldAgreeWithAHashMapThroughGrowthCollisionsAndBackwardShifts()
    {
        // Records as the allocator keeps them: four longs each, the start first. The index stores only record
        // numbers and reads the keys from here.
        final long[] records = new long[RECORDS << RECORD_SHIFT];
        final LiveBlockHash index = new LiveBlockHash(1, RECORD_SHIFT, START);
        final Map<Long, Integer> model = new HashMap<>();
        final List<Integer> unused = new ArrayList<>();
        for (int r = RECORDS - 1; r >= 0; r--)
        {
            unused.add(r);
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++)
        {
            // Starts from a narrow range of two segments, granule 64, so keys come back after removal; the live
            // count climbs into the thousands, so the table, starting at 64 slots, grows several times.
            final long ref = BufferRef.encode(random.nextInt(2), 4096 + 64L * random.nextInt(3000));
            final Integer present = model.get(ref);
            if (null == present && !unused.isEmpty() && random.nextInt(3) > 0)
            {
                final int record = unused.remove(unused.size() - 1);
                records[(record << RECORD_SHIFT) + START] = ref;
                index.put(ref, record, records);
                model.put(ref, record);
            }
            else if (null != present)
            {
                assertEquals(present.intValue(), index.remove(ref, records));
                records[(present << RECORD_SHIFT) + START] = BufferRef.NULL;
                unused.add(present);
                model.remove(ref);
            }
            else
            {
                assertEquals(LiveBlockHash.MISSING, index.remove(ref, records));
            }
            assertEquals(model.size(), index.size());
            final long probe = BufferRef.encode(random.nextInt(2), 4096 + 64L * random.nextInt(3000));
            assertEquals(model.getOrDefault(probe, LiveBlockHash.MISSING).intValue(), index.get(probe, records));
        }
        for (final Map.Entry<Long, Integer> entry : model.entrySet())
        {
            assertEquals(entry.getValue().intValue(), index.get(entry.getKey(), records));
        }
    }

    @Test
    void shouldNeitherThrowNorLoopWhenARecordNamedByASlotIsOutOfBounds()
    {
        // What a reader racing a writer can see: a slot naming a record past the records array it loaded.
        final long[] records = new long[64 << RECORD_SHIFT];
        final LiveBlockHash index = new LiveBlockHash(1, RECORD_SHIFT, START);
        final long ref = BufferRef.encode(0, 4096);
        records[(5 << RECORD_SHIFT) + START] = ref;
        index.put(ref, 5, records);
        final long[] shorter = Arrays.copyOf(records, 4 << RECORD_SHIFT);
        assertEquals(LiveBlockHash.MISSING, index.get(ref, shorter));
        assertEquals(5, index.get(ref, records));
    }
}
