package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;

import java.util.Arrays;

/**
 * The live blocks of a {@link TlsfAllocator}, found by their start reference. Each segment is cut into chunks of
 * {@link #CHUNK_BYTES}, and each chunk has one slot, a 16-bit number naming the record (plus one; 0 is empty) of a
 * live block starting in it; a live block whose chunk's slot is taken, or whose record number does not fit in 16
 * bits, goes to a {@link LiveBlockHash} instead. Finding a block is then, nearly always, one load at an index computed
 * from the reference and one comparison with the record's start, which the caller reads anyway: no hash, no probe, no
 * shift of other entries on removal. The slots cost 2 bytes per 16 KiB of segment (2 KiB for a 16 MiB segment,
 * 64 KiB for 512 MiB), and the hash is touched only by blocks sharing a chunk with another live block's start: with
 * 512 buffers of 64 B to 1 MiB live, 1 % of them when sizes are uniform and a third when they are log-uniform (at
 * 64 KiB chunks: 3 % and 57 %, and the log-uniform churn then ran slower than with the hash alone).
 * <p>
 * A slot is touched only when its block is allocated and when it is freed, hundreds of operations apart, so it has
 * usually left the L1 cache in between and the lookup that starts every free waits for it. Halving the slot from 32
 * to 16 bits halves the lines the slots spread over: a uniform-size allocate+free pair got 6 to 9 % faster
 * (interleaved A/B in one process) and a log-uniform one stayed the same. Records past {@link #MAX_SLOT_RECORD} are
 * rare (a pool with 65,535 blocks, live and free) and only cost them the hash.
 * <p>
 * <p>
 * The slots also seed {@link TlsfAllocator}'s search for the block containing an inner reference: the nearest filled
 * slot at or before the reference names a live block from which a walk along physical neighbours reaches it.
 * <p>
 * The records array is passed to every call because the allocator replaces it when it grows. Not thread-safe,
 * except that {@link #get} and {@link #nearestAtOrBefore} never throw or loop when they race a writer (they bound
 * every index they read), so they may run under an optimistic read stamp whose result is validated afterwards.
 */
final class LiveBlockIndex implements LiveBlockMap
{

    /** log2 of {@link #CHUNK_BYTES}. */
    static final int CHUNK_SHIFT = 14;

    /** Bytes of segment per slot. */
    static final long CHUNK_BYTES = 1L << CHUNK_SHIFT;

    /** The largest record number a slot holds (as that number plus one, in 16 bits); larger ones use the hash. */
    static final int MAX_SLOT_RECORD = Character.MAX_VALUE - 1;

    private final int recordShift;
    private final int startField;
    private final LiveBlockHash overflow;
    // Per segment id: the slots (record + 1, unsigned 16-bit), or null for an id not added. Replaced (never changed
    // in place) when it grows, so a racing reader sees an array whose length bounds it.
    private char[][] slots = new char[0][];
    private int size;

    /**
     * An empty index with no segments.
     *
     * @param expectedOverflow live blocks expected to share a chunk before the overflow table first grows.
     * @param recordShift      log2 of the longs per record.
     * @param startField       the index of the start reference within a record.
     */
    LiveBlockIndex(final int expectedOverflow, final int recordShift, final int startField)
    {
        this.recordShift = recordShift;
        this.startField = startField;
        overflow = new LiveBlockHash(expectedOverflow, recordShift, startField);
    }

    /**
     * Adds slots for a segment; ids may come in any order but each once.
     *
     * @param segmentId the id.
     * @param length    the segment's length in bytes.
     */
    void addSegment(final int segmentId, final long length)
    {
        char[][] all = slots;
        if (segmentId >= all.length)
        {
            all = Arrays.copyOf(all, Math.max(4, Math.max(segmentId + 1, all.length * 2)));
        }
        all[segmentId] = new char[(int)((length - 1) >>> CHUNK_SHIFT) + 1];
        slots = all;
    }

    /**
     * The record of the live block starting at {@code ref}.
     *
     * @param ref     any reference, foreign or garbage included.
     * @param records the allocator's records.
     * @return the record index, or {@link #MISSING}.
     */
    @Override
    public int get(final long ref, final long[] records)
    {
        final char[] segmentSlots = segmentSlots(ref);
        if (null != segmentSlots)
        {
            final long chunk = (ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT;
            if (chunk < segmentSlots.length)
            {
                final int record = segmentSlots[(int)chunk] - 1;
                if (record >= 0 && record < records.length >> recordShift &&
                    records[(record << recordShift) + startField] == ref)
                {
                    return record;
                }
            }
        }
        return 0 == overflow.size() ? MISSING : overflow.get(ref, records);
    }

    /**
     * Adds a live block whose start is not yet in the index.
     *
     * @param ref     the block's start, in a segment added before.
     * @param record  its record.
     * @param records the allocator's records, {@code record}'s start already written.
     */
    @Override
    public void put(final long ref, final int record, final long[] records)
    {
        final char[] segmentSlots = slots[(int)(ref >>> BufferRef.OFFSET_BITS)];
        final int chunk = (int)((ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT);
        size++;
        if (0 == segmentSlots[chunk] && record <= MAX_SLOT_RECORD)
        {
            segmentSlots[chunk] = (char)(record + 1);
        }
        else
        {
            overflow.put(ref, record, records);
        }
    }

    /**
     * Removes the live block starting at {@code ref}.
     *
     * @param ref     any reference, foreign or garbage included.
     * @param records the allocator's records.
     * @return the record index, or {@link #MISSING}.
     */
    @Override
    public int remove(final long ref, final long[] records)
    {
        final char[] segmentSlots = segmentSlots(ref);
        if (null != segmentSlots)
        {
            final long chunk = (ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT;
            if (chunk < segmentSlots.length)
            {
                final int record = segmentSlots[(int)chunk] - 1;
                if (record >= 0 && records[(record << recordShift) + startField] == ref)
                {
                    segmentSlots[(int)chunk] = 0;
                    size--;
                    return record;
                }
            }
        }
        if (0 == overflow.size())
        {
            return MISSING;
        }
        final int record = overflow.remove(ref, records);
        if (MISSING != record)
        {
            size--;
        }
        return record;
    }

    /**
     * The record in the nearest filled slot at or before a chunk: a live block starting at or before that chunk
     * (another may start nearer, held by the overflow table). A racing reader may get a stale or out-of-range record
     * number and must check it.
     *
     * @param segmentId a segment id.
     * @param chunk     a chunk index, offset / {@link #CHUNK_BYTES}; past the segment's end it means the last chunk.
     * @param limit     how many slots to read at most.
     * @return the record, or {@link #MISSING} (also for an unknown segment or a negative chunk).
     */
    int nearestAtOrBefore(final int segmentId, final long chunk, final int limit)
    {
        final char[][] all = slots;
        if (segmentId < 0 || segmentId >= all.length)
        {
            return MISSING;
        }
        final char[] segmentSlots = all[segmentId];
        if (null == segmentSlots || chunk < 0)
        {
            return MISSING;
        }
        final int from = (int)Math.min(chunk, segmentSlots.length - 1);
        final int end = Math.max(-1, from - limit);
        for (int c = from; c > end; c--)
        {
            final int slot = segmentSlots[c];
            if (0 != slot)
            {
                return slot - 1;
            }
        }
        return MISSING;
    }

    /**
     * Live blocks held.
     *
     * @return the count.
     */
    @Override
    public int size()
    {
        return size;
    }

    /**
     * Live blocks held by the overflow table, for tests.
     *
     * @return the count.
     */
    int overflowSize()
    {
        return overflow.size();
    }

    private char[] segmentSlots(final long ref)
    {
        final char[][] all = slots;
        final int segmentId = (int)(ref >>> BufferRef.OFFSET_BITS);
        return segmentId < all.length ? all[segmentId] : null;
    }
}
