package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random puts, removes and lookups on a live-block index, checked step by step against a {@code HashMap}: what
 * {@link LiveBlockHashTest} and {@link LiveBlockIndexTest} both do to their index.
 */
final class LiveIndexChurn
{
    private LiveIndexChurn()
    {
    }

    /**
     * Runs the churn; records are four longs each, the start at {@code start}, as the allocator keeps them.
     *
     * @param index       the index under test.
     * @param records     the records array the index reads keys from.
     * @param shift       log2 of the longs per record.
     * @param start       the start's place in a record.
     * @param refs        draws the next key.
     * @param seed        the random seed.
     * @param steps       how many steps.
     * @param afterStep   runs after every step, for the caller's own checks.
     */
    static void run(final LiveBlockMap index, final long[] records, final int shift, final int start,
        final ToLongFunction<SplittableRandom> refs, final long seed, final int steps,
        final Runnable afterStep)
    {
        final Map<Long, Integer> model = new HashMap<>();
        final List<Integer> unused = new ArrayList<>();
        for (int r = (records.length >> shift) - 1; r >= 0; r--)
        {
            unused.add(r);
        }
        final SplittableRandom random = new SplittableRandom(seed);
        for (int step = 0; step < steps; step++)
        {
            final long ref = refs.applyAsLong(random);
            final Integer present = model.get(ref);
            if (null == present && !unused.isEmpty() && random.nextInt(3) > 0)
            {
                final int record = unused.remove(unused.size() - 1);
                put(index, records, shift, start, ref, record);
                model.put(ref, record);
            }
            else if (null != present)
            {
                assertEquals(present.intValue(), index.remove(ref, records));
                records[(present << shift) + start] = BufferRef.NULL;
                unused.add(present);
                model.remove(ref);
            }
            else
            {
                assertEquals(LiveBlockMap.MISSING, index.remove(ref, records));
            }
            assertEquals(model.size(), index.size());
            final long probe = refs.applyAsLong(random);
            assertEquals(model.getOrDefault(probe, LiveBlockMap.MISSING).intValue(), index.get(probe, records));
            afterStep.run();
        }
        for (final Map.Entry<Long, Integer> entry : model.entrySet())
        {
            assertEquals(entry.getValue().intValue(), index.get(entry.getKey(), records));
        }
    }

    /**
     * Indexes a block as the allocator does: its record's start written first, then the index told.
     *
     * @param index   the index under test.
     * @param records the records array.
     * @param shift   log2 of the longs per record.
     * @param start   the start's place in a record.
     * @param ref     the block's start.
     * @param record  its record.
     */
    static void put(final LiveBlockMap index, final long[] records, final int shift, final int start, final long ref,
        final int record)
    {
        records[(record << shift) + start] = ref;
        index.put(ref, record, records);
    }
}
