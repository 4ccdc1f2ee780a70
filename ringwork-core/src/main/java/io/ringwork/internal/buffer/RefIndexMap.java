package io.ringwork.internal.buffer;

import java.util.Arrays;

/**
 * An open-addressing hash map from a buffer reference to a block record index, in two primitive arrays: no boxing,
 * no entry objects, no allocation except when it doubles. Linear probing with backward-shift deletion, so there are
 * no tombstones and a lookup stops at the first empty slot.
 * <p>
 * Key 0 marks an empty slot: it is {@code BufferRef.NULL}, never a live buffer.
 * <p>
 * Not thread-safe, except that {@link #get} never throws or loops forever when it races a writer, so it may be used
 * under an optimistic read stamp whose result is validated afterwards.
 */
public final class RefIndexMap
{
    /** What {@link #get} and {@link #remove} return for a key that is not present. */
    public static final int MISSING = -1;

    private static final long EMPTY = 0;
    private static final int MIN_CAPACITY = 16;

    // Key at 2i, value at 2i + 1: one cache line holds both, so a hit costs one miss at most.
    private long[] table;
    private int size;
    private int resizeAt;

    /**
     * An empty map.
     *
     * @param expected entries it should hold before it first grows.
     */
    public RefIndexMap(final int expected)
    {
        final int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, expected) * 2 - 1) << 1);
        table = new long[capacity * 2];
        resizeAt = capacity / 2;
    }

    private static int slot(final long key, final int mask)
    {
        // Fibonacci hashing: the top bits of the product depend on every bit of the key (the low bits only on the
        // key's low bits, which are all zero for aligned offsets), so take the top log2(capacity) bits.
        return (int)((key * 0x9E3779B97F4A7C15L) >>> Long.numberOfLeadingZeros(mask)) & mask;
    }

    /**
     * The value of a key.
     *
     * @param key a non-zero reference.
     * @return its value, or {@link #MISSING}.
     */
    public int get(final long key)
    {
        final long[] t = table;
        final int capacity = t.length >> 1;
        final int mask = capacity - 1;
        if (EMPTY == key || 0 == capacity)
        {
            return MISSING;
        }
        int i = slot(key, mask);
        for (int probes = 0; probes < capacity; probes++)
        {
            final long found = t[i << 1];
            if (found == key)
            {
                return (int)t[(i << 1) + 1];
            }
            if (EMPTY == found)
            {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /**
     * Maps a key to a value, replacing any previous value.
     *
     * @param key   a non-zero reference.
     * @param value a record index, not negative.
     */
    public void put(final long key, final int value)
    {
        if (EMPTY == key)
        {
            throw new IllegalArgumentException("key=0 is reserved for empty slots");
        }
        final long[] t = table;
        final int mask = (t.length >> 1) - 1;
        int i = slot(key, mask);
        long found;
        while (EMPTY != (found = t[i << 1]))
        {
            if (found == key)
            {
                t[(i << 1) + 1] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        t[(i << 1) + 1] = value;
        t[i << 1] = key;
        if (++size > resizeAt)
        {
            rehash(t.length);
        }
    }

    /**
     * Removes a key.
     *
     * @param key a reference.
     * @return its value, or {@link #MISSING} if it was not present.
     */
    public int remove(final long key)
    {
        if (EMPTY == key)
        {
            return MISSING;
        }
        final long[] t = table;
        final int mask = (t.length >> 1) - 1;
        int i = slot(key, mask);
        long found;
        while ((found = t[i << 1]) != key)
        {
            if (EMPTY == found)
            {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
        final int value = (int)t[(i << 1) + 1];
        size--;
        // Backward shift: move later entries of the probe run into the hole, so lookups need no tombstones.
        int hole = i;
        int j = (i + 1) & mask;
        long moving;
        while (EMPTY != (moving = t[j << 1]))
        {
            final int home = slot(moving, mask);
            final boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable)
            {
                t[hole << 1] = moving;
                t[(hole << 1) + 1] = t[(j << 1) + 1];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        t[hole << 1] = EMPTY;
        t[(hole << 1) + 1] = 0;
        return value;
    }

    /**
     * Entries present.
     *
     * @return the count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Removes every entry, keeping the capacity.
     */
    public void clear()
    {
        Arrays.fill(table, EMPTY);
        size = 0;
    }

    private void rehash(final int oldLength)
    {
        final long[] old = table;
        final int capacity = oldLength;
        final long[] t = new long[capacity * 2];
        final int mask = capacity - 1;
        for (int i = 0; i < old.length; i += 2)
        {
            final long key = old[i];
            if (EMPTY != key)
            {
                int j = slot(key, mask);
                while (EMPTY != t[j << 1])
                {
                    j = (j + 1) & mask;
                }
                t[j << 1] = key;
                t[(j << 1) + 1] = old[i + 1];
            }
        }
        // A racing optimistic get sees either the old or the new array, each self-consistent in length, so it never
        // reads out of bounds; its stamp validation discards whatever it found.
        table = t;
        resizeAt = capacity / 2;
    }
}
