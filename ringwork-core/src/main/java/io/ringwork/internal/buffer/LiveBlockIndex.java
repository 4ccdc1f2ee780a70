package io.ringwork.internal.buffer;

import io.ringwork.buffer.BufferRef;

import java.util.Arrays;

/**
 * The live blocks of a {@link TlsfAllocator}, found by their start reference. Each segment is cut into chunks of
 * {@link #CHUNK_BYTES}, and each chunk has one slot, a 16-bit number naming the record (plus one; 0 is empty) of a
 * live block starting in it; a live block whose chunk's slot is taken goes to a {@link LiveBlockHash} instead.
 * Finding a block is then, nearly always, one load at an index computed from the reference and one comparison with
 * the record's start, which the caller reads anyway: no hash, no probe, no shift of other entries on removal. The
 * slots cost 2 bytes per 16 KiB of segment (2 KiB for a 16 MiB segment, 64 KiB for 512 MiB), and the hash is touched
 * only by blocks sharing a chunk with another live block's start: with 512 buffers of 64 B to 1 MiB live, 1 % of them
 * when sizes are uniform and a third when they are log-uniform (at 64 KiB chunks: 3 % and 57 %, and the log-uniform
 * churn then ran slower than with the hash alone).
 * <p>
 * A slot is touched only when its block is allocated and when it is freed, hundreds of operations apart, so it has
 * usually left the L1 cache in between and the lookup that starts every free waits for it. Halving the slot from 32
 * to 16 bits halves the lines the slots spread over: a uniform-size allocate+free pair got 6 to 9 % faster
 * (interleaved A/B in one process) and a log-uniform one stayed the same. A pool whose blocks (live and free)
 * outnumber {@link #MAX_SLOT_RECORD} needs record numbers past 16 bits: the first one widens every slot to 32 bits,
 * once and for good.
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

    /** The largest record number a 16-bit slot holds (as that number plus one); a larger one widens the slots. */
    static final int MAX_SLOT_RECORD = Character.MAX_VALUE - 1;

    private final int recordShift;
    private final int startField;
    private final LiveBlockHash overflow;
    // Per segment id: the slots (record + 1, 0 for empty), or null for an id not added; 16-bit until a record number
    // needs more, then 32-bit in wideSlots, which is from then on the only table. Arrays are replaced, never resized
    // in place, so a racing reader sees arrays whose lengths bound it; plain fields, as whatever such a reader finds
    // is checked against the record it names and then discarded by the pool's stamp validation if a writer ran.
    private char[][] slots = new char[0][];
    private int[][] wideSlots;
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
        final int chunks = (int)((length - 1) >>> CHUNK_SHIFT) + 1;
        if (null != wideSlots)
        {
            final int[][] all = segmentId < wideSlots.length ? wideSlots : Arrays.copyOf(wideSlots, grown(segmentId,
                wideSlots.length));
            all[segmentId] = new int[chunks];
            wideSlots = all;
            return;
        }
        final char[][] all = segmentId < slots.length ? slots : Arrays.copyOf(slots, grown(segmentId, slots.length));
        all[segmentId] = new char[chunks];
        slots = all;
    }

    private static int grown(final int segmentId, final int length)
    {
        return Math.max(4, Math.max(segmentId + 1, length * 2));
    }

    /**
     * Whether the slots are 32-bit: some record number has needed more than 16 bits.
     *
     * @return true once widened.
     */
    boolean isWide()
    {
        return null != wideSlots;
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
        final int record = slot((int)(ref >>> BufferRef.OFFSET_BITS), (ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT) - 1;
        if (record >= 0 && record < records.length >> recordShift &&
            records[(record << recordShift) + startField] == ref)
        {
            return record;
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
        final int segmentId = (int)(ref >>> BufferRef.OFFSET_BITS);
        final int chunk = (int)((ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT);
        size++;
        if (record > MAX_SLOT_RECORD && null == wideSlots)
        {
            widen();
        }
        if (0 == slot(segmentId, chunk))
        {
            setSlot(segmentId, chunk, record + 1);
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
        final int segmentId = (int)(ref >>> BufferRef.OFFSET_BITS);
        final long chunk = (ref & BufferRef.MAX_OFFSET) >>> CHUNK_SHIFT;
        final int record = slot(segmentId, chunk) - 1;
        if (record >= 0 && records[(record << recordShift) + startField] == ref)
        {
            setSlot(segmentId, (int)chunk, 0);
            size--;
            return record;
        }
        if (0 == overflow.size())
        {
            return MISSING;
        }
        final int removed = overflow.remove(ref, records);
        if (MISSING != removed)
        {
            size--;
        }
        return removed;
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
        final int[][] wide = wideSlots;
        final char[][] narrow = slots;
        final int count = null != wide ? wide.length : narrow.length;
        if (segmentId < 0 || segmentId >= count || chunk < 0)
        {
            return MISSING;
        }
        final int[] wideSegment = null != wide ? wide[segmentId] : null;
        final char[] narrowSegment = null != wide ? null : narrow[segmentId];
        if (null == wideSegment && null == narrowSegment)
        {
            return MISSING;
        }
        final int length = null != wideSegment ? wideSegment.length : narrowSegment.length;
        final int from = (int)Math.min(chunk, length - 1);
        final int end = Math.max(-1, from - limit);
        for (int c = from; c > end; c--)
        {
            final int slot = null != wideSegment ? wideSegment[c] : narrowSegment[c];
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

    /**
     * A slot: record + 1, 0 for empty, -1 for no such segment or chunk. Bounds every index, for racing readers.
     */
    private int slot(final int segmentId, final long chunk)
    {
        final int[][] wide = wideSlots;
        if (null != wide)
        {
            final int[] segment = segmentId >= 0 && segmentId < wide.length ? wide[segmentId] : null;
            return null == segment || chunk < 0 || chunk >= segment.length ? -1 : segment[(int)chunk];
        }
        final char[][] narrow = slots;
        final char[] segment = segmentId >= 0 && segmentId < narrow.length ? narrow[segmentId] : null;
        return null == segment || chunk < 0 || chunk >= segment.length ? -1 : segment[(int)chunk];
    }

    /** Writes a slot the owner found in range. */
    private void setSlot(final int segmentId, final int chunk, final int value)
    {
        final int[][] wide = wideSlots;
        if (null != wide)
        {
            wide[segmentId][chunk] = value;
        }
        else
        {
            slots[segmentId][chunk] = (char)value;
        }
    }

    /**
     * From 16-bit to 32-bit slots, once: a record number past {@link #MAX_SLOT_RECORD} is about to be put, and a
     * record kept out of the slots would leave its chunk without a starting point for {@code containing}'s walk.
     */
    private void widen()
    {
        final char[][] narrow = slots;
        final int[][] wide = new int[narrow.length][];
        for (int segment = 0; segment < narrow.length; segment++)
        {
            final char[] from = narrow[segment];
            if (null != from)
            {
                final int[] to = new int[from.length];
                for (int c = 0; c < from.length; c++)
                {
                    to[c] = from[c];
                }
                wide[segment] = to;
            }
        }
        wideSlots = wide;
    }
}
