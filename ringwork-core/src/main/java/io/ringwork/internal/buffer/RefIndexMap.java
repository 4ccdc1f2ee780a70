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

    private long[] keys;
    private int[] values;
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
        keys = new long[capacity];
        values = new int[capacity];
        resizeAt = capacity / 2;
    }

    private static int slot(final long key, final int mask)
    {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int)(h ^ (h >>> 32)) & mask;
    }

    /**
     * The value of a key.
     *
     * @param key a non-zero reference.
     * @return its value, or {@link #MISSING}.
     */
    public int get(final long key)
    {
        final long[] k = keys;
        final int[] v = values;
        final int mask = k.length - 1;
        if (v.length != k.length || EMPTY == key)
        {
            return MISSING;
        }
        int i = slot(key, mask);
        for (int probes = 0; probes < k.length; probes++)
        {
            final long found = k[i];
            if (found == key)
            {
                return v[i];
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
        final int mask = keys.length - 1;
        int i = slot(key, mask);
        while (EMPTY != keys[i])
        {
            if (keys[i] == key)
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size > resizeAt)
        {
            rehash(keys.length << 1);
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
        final int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != key)
        {
            if (EMPTY == keys[i])
            {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
        final int value = values[i];
        size--;
        // Backward shift: move later entries of the probe run into the hole, so lookups need no tombstones.
        int hole = i;
        int j = (i + 1) & mask;
        while (EMPTY != keys[j])
        {
            final int home = slot(keys[j], mask);
            final boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable)
            {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
            j = (j + 1) & mask;
        }
        keys[hole] = EMPTY;
        values[hole] = 0;
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
        Arrays.fill(keys, EMPTY);
        Arrays.fill(values, 0);
        size = 0;
    }

    private void rehash(final int capacity)
    {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        final long[] newKeys = new long[capacity];
        final int[] newValues = new int[capacity];
        final int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++)
        {
            final long key = oldKeys[i];
            if (EMPTY != key)
            {
                int j = slot(key, mask);
                while (EMPTY != newKeys[j])
                {
                    j = (j + 1) & mask;
                }
                newKeys[j] = key;
                newValues[j] = oldValues[i];
            }
        }
        // A racing optimistic get may see either array old or new; it indexes only when both have the same length
        // (the capacity always doubles), so it never reads out of bounds, and its stamp validation discards it.
        values = newValues;
        keys = newKeys;
        resizeAt = capacity / 2;
    }
}
