package io.ringwork.internal.buffer;

/**
 * From the start of a live block to its allocator record: how {@code free} finds the block a reference names. The
 * map keeps record numbers only and reads each key from the records array it is handed ({@code START} of a record),
 * so it holds no copy a lookup could disagree with.
 */
interface LiveBlockMap
{
    /** What {@link #get} and {@link #remove} answer for a reference that starts no live block. */
    int MISSING = -1;

    /**
     * The record of the live block starting at {@code ref}.
     *
     * @param ref     a buffer reference.
     * @param records the allocator's records.
     * @return the record, or {@link #MISSING}.
     */
    int get(long ref, long[] records);

    /**
     * Adds a live block.
     *
     * @param ref     its start, not in the map.
     * @param record  its record, whose start is {@code ref} already.
     * @param records the allocator's records.
     */
    void put(long ref, int record, long[] records);

    /**
     * Removes a live block.
     *
     * @param ref     its start.
     * @param records the allocator's records.
     * @return its record, or {@link #MISSING} if no live block starts there.
     */
    int remove(long ref, long[] records);

    /**
     * Live blocks in the map.
     *
     * @return the count.
     */
    int size();
}
