package io.ringwork.internal.buffer;

/**
 * The live blocks {@link LiveBlockIndex} cannot give a chunk slot of their own, found by their start reference: an
 * open-addressing hash table whose slots hold only record indices (plus one; 0 is empty). A slot's key is not stored:
 * it is the {@code START} field of the record it names, which the caller reads anyway. So a slot costs 4 bytes
 * instead of a key and a value's 16, and the table can be kept at most 1/8 full: a lookup then nearly always ends at
 * its first or second slot, and a removal rarely has entries to shift back, each of which would cost a branch the CPU
 * cannot predict and a record read. Linear probing with backward-shift deletion, so there are no tombstones and a
 * lookup stops at the first empty slot.
 * <p>
 * The records array is passed to every call because the allocator replaces it when it grows. Not thread-safe,
 * except that {@link #get} never throws or loops forever when it races a writer (it bounds every index it reads), so
 * it may run under an optimistic read stamp whose result is validated afterwards.
 */
final class LiveBlockHash implements LiveBlockMap
{
    private static final int MIN_CAPACITY = 64;
    private static final int MAX_LOAD_SHIFT = 3;

    private final int recordShift;
    private final int startField;
    private int[] table;
    private int size;
    private int resizeAt;

    /**
     * An empty index.
     *
     * @param expected    entries it should hold before it first grows.
     * @param recordShift log2 of the longs per record.
     * @param startField  the index of the start reference within a record.
     */
    LiveBlockHash(final int expected, final int recordShift, final int startField)
    {
        this.recordShift = recordShift;
        this.startField = startField;
        final int capacity = Math.max(MIN_CAPACITY,
            Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << MAX_LOAD_SHIFT);
        table = new int[capacity];
        resizeAt = capacity >> MAX_LOAD_SHIFT;
    }

    private static int slot(final long key, final int mask)
    {
        // Fibonacci hashing: the top bits of the product depend on every bit of the key (the low bits only on the
        // key's low bits, which are all zero for aligned offsets), so take the top log2(capacity) bits.
        return (int)((key * 0x9E3779B97F4A7C15L) >>> Long.numberOfLeadingZeros(mask)) & mask;
    }

    /**
     * The record of the live block starting at {@code ref}.
     *
     * @param ref     a reference.
     * @param records the allocator's records.
     * @return the record index, or {@link #MISSING}.
     */
    @Override
    public int get(final long ref, final long[] records)
    {
        final int[] t = table;
        final int mask = t.length - 1;
        int i = slot(ref, mask);
        for (int probes = 0; probes < t.length; probes++)
        {
            final int record = t[i] - 1;
            if (record < 0)
            {
                return MISSING;
            }
            final int start = (record << recordShift) + startField;
            if (start >= 0 && start < records.length && records[start] == ref)
            {
                return record;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Adds a record whose start is not yet in the index.
     *
     * @param ref     the record's start.
     * @param record  its index.
     * @param records the allocator's records, {@code record}'s start already written.
     */
    @Override
    public void put(final long ref, final int record, final long[] records)
    {
        final int[] t = table;
        final int mask = t.length - 1;
        int i = slot(ref, mask);
        while (0 != t[i])
        {
            i = (i + 1) & mask;
        }
        t[i] = record + 1;
        if (++size > resizeAt)
        {
            rehash(records);
        }
    }

    /**
     * Removes the record of the live block starting at {@code ref}.
     *
     * @param ref     a reference.
     * @param records the allocator's records.
     * @return the record index, or {@link #MISSING}.
     */
    @Override
    public int remove(final long ref, final long[] records)
    {
        final int[] t = table;
        final int mask = t.length - 1;
        int i = slot(ref, mask);
        int record;
        while (true)
        {
            record = t[i] - 1;
            if (record < 0)
            {
                return MISSING;
            }
            if (records[(record << recordShift) + startField] == ref)
            {
                break;
            }
            i = (i + 1) & mask;
        }
        size--;
        // Backward shift: move later entries of the probe run into the hole, so lookups need no tombstones.
        int hole = i;
        int j = (i + 1) & mask;
        int moving;
        while (0 != (moving = t[j]))
        {
            final int home = slot(records[((moving - 1) << recordShift) + startField], mask);
            final boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable)
            {
                t[hole] = moving;
                hole = j;
            }
            j = (j + 1) & mask;
        }
        t[hole] = 0;
        return record;
    }

    /**
     * Entries present.
     *
     * @return the count.
     */
    @Override
    public int size()
    {
        return size;
    }

    private void rehash(final long[] records)
    {
        final int[] old = table;
        final int capacity = old.length * 2;
        final int[] t = new int[capacity];
        final int mask = capacity - 1;
        for (final int entry : old)
        {
            if (0 != entry)
            {
                int j = slot(records[((entry - 1) << recordShift) + startField], mask);
                while (0 != t[j])
                {
                    j = (j + 1) & mask;
                }
                t[j] = entry;
            }
        }
        // A racing optimistic get sees either the old or the new array, each self-consistent in length, so it never
        // reads out of bounds; its stamp validation discards whatever it found.
        table = t;
        resizeAt = capacity >> MAX_LOAD_SHIFT;
    }
}
