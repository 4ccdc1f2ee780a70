package io.ringwork.internal.buffer;

import io.ringwork.buffer.AllocationStrategy;
import io.ringwork.buffer.BufferRef;

import java.util.Arrays;

/**
 * A two-level segregated-fit (TLSF) allocator over the segments of a buffer pool: it hands out ranges as buffer
 * references and never touches the memory itself. Its metadata lives only here, on the owner's Java heap, in
 * primitive arrays a peer process cannot reach; a block is an index into them, not an object, so allocating and
 * freeing allocate nothing once the arrays have grown to the working set.
 * <p>
 * Free blocks sit in segregated lists: the first level is the power of two of the size, the second splits each power
 * of two into {@link #SL_COUNT} equal classes (sizes under 32 granules get one exact class each). Two bitmaps say
 * which lists are non-empty, so finding a list that surely fits is two bit scans: O(1). Blocks link to their
 * physical neighbours, so freeing merges a block with free neighbours at once and two free blocks are never
 * adjacent. Each list set is kept per zone: zone 0 is segment 0 (the low 4 GiB of the reference space), zone 1 every
 * other segment.
 * <p>
 * Each list is a stack, and best fit looks at one block per list: the head of the request's own class if it fits,
 * else the head of the first class that surely fits. Looking deeper (the smallest fit among the own class's first
 * eight, the lowest address among the sure class's first eight) gave the same fragmentation on uniform random sizes,
 * a little less on log-uniform ones, and cost about a seventh of a random-size allocate+free.
 * <p>
 * Not thread-safe: the pool serializes writers. Only {@link #liveExtent} may race a writer, for optimistic reads.
 */
public final class TlsfAllocator
{
    /** log2 of the second-level class count. */
    public static final int SL_LOG2 = 5;
    /** Second-level classes per power of two: sizes in one class differ by at most 1/32. */
    public static final int SL_COUNT = 1 << SL_LOG2;
    /** First-level classes; enough for 2^64 granules. */
    public static final int FL_COUNT = 64 - SL_LOG2 + 1;
    /** Zones: the low 4 GiB (segment 0) and the rest. */
    public static final int ZONE_COUNT = 2;
    /** The zone of segment 0. */
    public static final int ZONE_LOW = 0;
    /** The zone of every other segment. */
    public static final int ZONE_HIGH = 1;

    /** Status of {@link #free}: done. */
    public static final int FREED = 0;
    /** Status of {@link #free}: the reference is not the start of a live block. */
    public static final int NOT_LIVE = -1;
    /** Status of {@link #free}: the block is guarded by an in-flight operation. */
    public static final int GUARDED = -2;

    private static final byte UNUSED = 0;
    private static final byte FREE = 1;
    private static final byte USED = 2;
    private static final int NONE = -1;
    // List heads are records too (sentinels), so a free list is a ring and linking or unlinking a block needs no
    // test for an end of the list. Zone z's class c has sentinel z * LIST_STRIDE + c.
    private static final int LIST_STRIDE = Integer.highestOneBit(FL_COUNT * SL_COUNT - 1) << 1;
    private static final int LIST_STRIDE_SHIFT = Integer.numberOfTrailingZeros(LIST_STRIDE);
    private static final int SENTINELS = ZONE_COUNT * LIST_STRIDE;
    // How many chunk slots the search for an inner reference's block reads back before it walks from the segment's
    // first block: 256 MiB of segment.
    private static final int CHUNK_BACK_LIMIT = (int)((256L << 20) >>> LiveBlockIndex.CHUNK_SHIFT);

    // Record layout: start (a reference), and size with the state in the top two bits; 16 bytes, four to a cache
    // line. Everything else about a block is in links.
    private static final int RECORD_SHIFT = 1;
    private static final int START = 0;
    private static final int SIZE_STATE = 1;
    // A record's links, four ints from 4 * record: physical neighbours (previous and next in address order, or NONE
    // at a segment's ends), then free-list neighbours (previous and next in its list's ring) while FREE. The last two
    // are otherwise free for other uses: the guard count while USED, the next unused record while UNUSED.
    private static final int LINKS_SHIFT = 2;
    private static final int PREV_PHYS = 0;
    private static final int NEXT_PHYS = 1;
    private static final int PREV_FREE = 2;
    private static final int NEXT_FREE = 3;
    private static final int GUARD_COUNT = PREV_FREE;
    private static final int NEXT_UNUSED = NEXT_FREE;
    // A physical link is the neighbour's record, with FREE_LINK set while the neighbour is FREE, so freeing a block
    // decides whether to merge from its own links, before its neighbours' records arrive from the cache (a decision
    // that is a coin toss on random sizes, so it is often mispredicted, and the sooner it resolves the less the
    // misprediction costs). NO_PHYS at a segment's ends: no flag, and out of range for any record (the links array
    // cannot hold 2^30 records).
    private static final int FREE_LINK = 1 << 30;
    private static final int INDEX_MASK = FREE_LINK - 1;
    private static final int NO_PHYS = INDEX_MASK;
    private static final int STATE_SHIFT = 62;
    private static final long SIZE_MASK = (1L << STATE_SHIFT) - 1;
    private static final long FREE_BITS = (long)1 << STATE_SHIFT;
    private static final long USED_BITS = (long)2 << STATE_SHIFT;

    private final int granuleShift;
    private final long granule;
    private final long minBlockBytes;
    private final AllocationStrategy strategy;

    // Block records, two longs each.
    private long[] blocks = new long[0];
    // Neighbour links, four ints per record (and per sentinel), apart from the records: linking and unlinking a block
    // and splitting or merging blocks then only store into the neighbours (packed two to a record word, each store
    // had to load the word first), and the links of a thousand blocks fit in 16 KiB, dense enough to stay mostly in
    // the L1 cache. Replaced, never resized in place, when the records grow: a racing optimistic reader bounds its
    // indices by the array it loaded.
    private int[] links = new int[0];
    private int recordFreeHead = NONE;
    private int recordHighWater;

    // Free lists per zone.
    private final long[] flBitmap = new long[ZONE_COUNT];
    private final int[] slBitmap = new int[ZONE_COUNT * FL_COUNT];

    // Segments.
    private int[] segmentFirst = new int[0];
    private long[] segmentLength = new long[0];
    private int segmentCount;

    private final LiveBlockIndex live = new LiveBlockIndex(32, RECORD_SHIFT, START);

    private long totalBytes;
    // Bytes in used blocks are the total less these: one counter to update per allocation or free, not two.
    private long freeBytes;
    private long activeGuards;

    /**
     * An allocator with no segments yet.
     *
     * @param granule       every block's start and size are multiples of it: a power of two, the pool's minimum
     *                      alignment.
     * @param minBlockBytes a remainder smaller than this stays with the allocation instead of becoming a free block.
     * @param strategy      how a free block is chosen.
     */
    public TlsfAllocator(final long granule, final long minBlockBytes, final AllocationStrategy strategy)
    {
        if (granule < 1 || 1 != Long.bitCount(granule))
        {
            throw new IllegalArgumentException("granule=" + granule + " must be a power of two");
        }
        this.granule = granule;
        this.granuleShift = Long.numberOfTrailingZeros(granule);
        this.minBlockBytes = Math.max(granule, alignUp(minBlockBytes, granule));
        this.strategy = strategy;
        blocks = new long[SENTINELS << RECORD_SHIFT];
        links = new int[SENTINELS << LINKS_SHIFT];
        for (int list = 0; list < SENTINELS; list++)
        {
            blocks[(list << RECORD_SHIFT) + SIZE_STATE] = (long)UNUSED << STATE_SHIFT;
            final int l = list << LINKS_SHIFT;
            links[l + PREV_PHYS] = NO_PHYS;
            links[l + NEXT_PHYS] = NO_PHYS;
            links[l + PREV_FREE] = list;
            links[l + NEXT_FREE] = list;
        }
        recordHighWater = SENTINELS;
    }

    // *** Size classes ***

    /**
     * The class a block of {@code units} granules is filed under.
     *
     * @param units at least 1.
     * @return {@code fl * SL_COUNT + sl}.
     */
    static int classOf(final long units)
    {
        if (units < SL_COUNT)
        {
            return (int)units;
        }
        final int msb = 63 - Long.numberOfLeadingZeros(units);
        final int fl = msb - SL_LOG2 + 1;
        final int sl = (int)(units >>> (msb - SL_LOG2)) - SL_COUNT;
        return (fl << SL_LOG2) + sl;
    }

    /**
     * The first class whose every block has at least {@code units} granules.
     *
     * @param units at least 1.
     * @return the class.
     */
    static int classAtLeast(final long units)
    {
        if (units < SL_COUNT)
        {
            return (int)units;
        }
        final int msb = 63 - Long.numberOfLeadingZeros(units);
        return classOf(units + (1L << (msb - SL_LOG2)) - 1);
    }

    /**
     * The smallest size in a class, in granules.
     *
     * @param sizeClass a class.
     * @return granules.
     */
    static long classLowerBound(final int sizeClass)
    {
        final int fl = sizeClass >>> SL_LOG2;
        final int sl = sizeClass & (SL_COUNT - 1);
        return 0 == fl ? sl : (long)(SL_COUNT + sl) << (fl - 1);
    }

    private static long alignUp(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    private static int zoneOfSegment(final int segmentId)
    {
        return 0 == segmentId ? ZONE_LOW : ZONE_HIGH;
    }

    private static int zoneOf(final long ref)
    {
        return zoneOfSegment(BufferRef.segmentId(ref));
    }

    // *** Segments ***

    /**
     * Adds a segment's usable range as one free block. Segments must be added in id order, from 0.
     *
     * @param segmentId    the next id.
     * @param headerLength first usable offset, a multiple of the granule.
     * @param length       the segment's length; usable bytes are {@code length - headerLength}.
     */
    public void addSegment(final int segmentId, final long headerLength, final long length)
    {
        if (segmentId != segmentCount)
        {
            throw new IllegalArgumentException("segmentId=" + segmentId + " must be " + segmentCount);
        }
        final long usable = (length - headerLength) & -granule;
        if (usable <= 0 || 0 != (headerLength & (granule - 1)))
        {
            throw new IllegalArgumentException("segment length=" + length + " header=" + headerLength +
                " leaves no aligned usable space");
        }
        if (segmentCount == segmentFirst.length)
        {
            final int capacity = Math.max(4, segmentCount * 2);
            segmentFirst = Arrays.copyOf(segmentFirst, capacity);
            segmentLength = Arrays.copyOf(segmentLength, capacity);
        }
        final int block = newRecord();
        start(block, BufferRef.encode(segmentId, headerLength));
        size(block, usable);
        links[(block << LINKS_SHIFT) + PREV_PHYS] = NO_PHYS;
        links[(block << LINKS_SHIFT) + NEXT_PHYS] = NO_PHYS;
        live.addSegment(segmentId, length);
        segmentFirst[segmentId] = block;
        segmentLength[segmentId] = length;
        segmentCount++;
        totalBytes += usable;
        freeBytes += usable;
        insertFree(block);
    }

    /**
     * Segments added.
     *
     * @return the count.
     */
    public int segmentCount()
    {
        return segmentCount;
    }

    // *** Allocation ***

    /**
     * Allocates a block.
     *
     * @param bytes     at least 1; rounded up to the granule.
     * @param alignment a power of two; below the granule it means the granule.
     * @param lowOnly   only from zone 0 (segment 0).
     * @return the block's reference, or {@link BufferRef#NULL} when no free block fits.
     */
    public long allocate(final long bytes, final long alignment, final boolean lowOnly)
    {
        final long nb = roundSize(bytes);
        final long align = alignment > granule ? alignment : granule;
        int block = NONE;
        // The high zone first, so the 32-bit zone stays free for the requests that can use nothing else.
        if (!lowOnly && 0 != flBitmap[ZONE_HIGH])
        {
            block = find(ZONE_HIGH, nb, align);
        }
        if (NONE == block)
        {
            block = find(ZONE_LOW, nb, align);
            if (NONE == block)
            {
                return BufferRef.NULL;
            }
        }
        final long s = blocks[(block << RECORD_SHIFT) + START];
        return carve(block, ((s + align - 1) & -align) - s, nb);
    }

    /**
     * The size a request takes: rounded up to the granule and to the minimum block.
     *
     * @param bytes requested.
     * @return bytes.
     */
    public long roundSize(final long bytes)
    {
        final long rounded = (bytes + granule - 1) & -granule;
        return rounded > minBlockBytes ? rounded : minBlockBytes;
    }

    private int find(final int zone, final long nb, final long align)
    {
        final long units = nb >>> granuleShift;
        final long[] bl = blocks;
        final int ownClass = classOf(units);
        if (AllocationStrategy.BEST_FIT == strategy)
        {
            // The head of the request's own class, if it fits. An empty list's head is its sentinel, whose size is 0,
            // so it never fits and needs no test of its own: one branch, taken about a sixth of the time on random
            // sizes, where testing the bitmap first would add a second that is taken a third of the time.
            final int head = links[(listIndex(zone, ownClass) << LINKS_SHIFT) + NEXT_FREE];
            final long headStart = bl[(head << RECORD_SHIFT) + START];
            if ((bl[(head << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK) >= ((headStart + align - 1) & -align) -
                headStart + nb)
            {
                return head;
            }
        }
        // Worst-case padding: the block may start just past an alignment boundary.
        final int sureClass = classAtLeast(units + ((align - granule) >>> granuleShift));
        final int found = findNonEmpty(zone, sureClass);
        if (NONE != found)
        {
            return links[(listIndex(zone, found) << LINKS_SHIFT) + NEXT_FREE];
        }
        return findBetween(zone, ownClass, sureClass, nb, align);
    }

    /**
     * No class is sure to fit; blocks in the classes from the request's own up to the sure one may still fit (a
     * lucky alignment, or a block in the own class behind its head). A walk, but only when the pool is nearly full
     * for this request, and it keeps an allocation from failing while a fitting block exists.
     */
    private int findBetween(final int zone, final int ownClass, final int sureClass, final long nb, final long align)
    {
        for (int c = findNonEmpty(zone, ownClass); NONE != c && c < sureClass; c = findNonEmpty(zone, c + 1))
        {
            final int fit = bestInList(listIndex(zone, c), nb, align);
            if (NONE != fit)
            {
                return fit;
            }
        }
        return NONE;
    }

    /** The smallest block of a list that fits, the lowest address on a tie. */
    private int bestInList(final int list, final long nb, final long align)
    {
        final long[] bl = blocks;
        int best = NONE;
        long bestSize = Long.MAX_VALUE;
        long bestStart = Long.MAX_VALUE;
        int b = links[(list << LINKS_SHIFT) + NEXT_FREE];
        while (list != b)
        {
            final int base = b << RECORD_SHIFT;
            final long s = bl[base + START];
            final long blockSize = bl[base + SIZE_STATE] & SIZE_MASK;
            final long need = ((s + align - 1) & -align) - s + nb;
            if (blockSize >= need && (blockSize < bestSize || (blockSize == bestSize && s < bestStart)))
            {
                best = b;
                bestSize = blockSize;
                bestStart = s;
                if (blockSize == need)
                {
                    break;
                }
            }
            b = links[(b << LINKS_SHIFT) + NEXT_FREE];
        }
        return best;
    }

    private int findNonEmpty(final int zone, final int fromClass)
    {
        int fl = fromClass >>> SL_LOG2;
        if (fl >= FL_COUNT)
        {
            return NONE;
        }
        int slMap = slBitmap[zone * FL_COUNT + fl] & (-1 << (fromClass & (SL_COUNT - 1)));
        if (0 == slMap)
        {
            final long flMap = flBitmap[zone] & (-2L << fl);
            if (0 == flMap)
            {
                return NONE;
            }
            fl = Long.numberOfTrailingZeros(flMap);
            slMap = slBitmap[zone * FL_COUNT + fl];
        }
        return (fl << SL_LOG2) + Integer.numberOfTrailingZeros(slMap);
    }

    /**
     * Allocates the range {@code [ref, ref + bytes)}, which must lie inside one free block: Redox's fixed-offset
     * strategy. A walk over the segment's blocks, so for set-up rather than hot paths.
     *
     * @param ref   where the block must start, a multiple of the granule.
     * @param bytes at least 1; rounded up to the granule.
     * @return {@code ref}, or {@link BufferRef#NULL} if the range is not free.
     */
    public long allocateAt(final long ref, final long bytes)
    {
        final int segmentId = BufferRef.segmentId(ref);
        if (segmentId >= segmentCount || 0 != (ref & (granule - 1)))
        {
            return BufferRef.NULL;
        }
        final long nb = roundSize(bytes);
        final int block = containing(ref, Integer.MAX_VALUE);
        if (NONE == block || FREE != state(block) || ref - start(block) + nb > size(block))
        {
            return BufferRef.NULL;
        }
        return carve(block, ref - start(block), nb);
    }

    private long carve(final int freeBlock, final long pad, final long nb)
    {
        removeFree(freeBlock);
        int block = freeBlock;
        if (pad > 0)
        {
            block = split(freeBlock, pad);
            insertFree(freeBlock);
        }
        if ((blocks[(block << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK) - nb >= minBlockBytes)
        {
            insertFree(split(block, nb));
        }
        // Read the array only now: a split may have grown it.
        final long[] bl = blocks;
        final int base = block << RECORD_SHIFT;
        final long blockSize = bl[base + SIZE_STATE] & SIZE_MASK;
        bl[base + SIZE_STATE] = blockSize | USED_BITS;
        final int[] ln = links;
        final int l = block << LINKS_SHIFT;
        ln[l + GUARD_COUNT] = 0;
        final int prevLink = ln[l + PREV_PHYS];
        final int nextLink = ln[l + NEXT_PHYS];
        if (NO_PHYS != prevLink)
        {
            ln[((prevLink & INDEX_MASK) << LINKS_SHIFT) + NEXT_PHYS] = block;
        }
        if (NO_PHYS != nextLink)
        {
            ln[((nextLink & INDEX_MASK) << LINKS_SHIFT) + PREV_PHYS] = block;
        }
        final long ref = bl[base + START];
        freeBytes -= blockSize;
        live.put(ref, block, bl);
        return ref;
    }

    /**
     * Splits {@code block} at {@code at} bytes; the new block takes the tail and the block's state.
     *
     * @return the new tail block.
     */
    private int split(final int block, final long at)
    {
        final int tail = newRecord();
        final long[] bl = blocks;
        final int b = block << RECORD_SHIFT;
        final int t = tail << RECORD_SHIFT;
        final long sizeState = bl[b + SIZE_STATE];
        final long stateBits = sizeState & ~SIZE_MASK;
        bl[t + START] = bl[b + START] + at;
        bl[t + SIZE_STATE] = ((sizeState & SIZE_MASK) - at) | stateBits;
        bl[b + SIZE_STATE] = at | stateBits;
        // Only free blocks are split, so both halves are free here; carve marks the one it hands out used and clears
        // the flags that name it.
        final int[] ln = links;
        final int nextLink = ln[(block << LINKS_SHIFT) + NEXT_PHYS];
        ln[(tail << LINKS_SHIFT) + PREV_PHYS] = block | FREE_LINK;
        ln[(tail << LINKS_SHIFT) + NEXT_PHYS] = nextLink;
        ln[(block << LINKS_SHIFT) + NEXT_PHYS] = tail | FREE_LINK;
        if (NO_PHYS != nextLink)
        {
            ln[((nextLink & INDEX_MASK) << LINKS_SHIFT) + PREV_PHYS] = tail | FREE_LINK;
        }
        return tail;
    }

    // *** Free ***

    /**
     * Frees a live block and merges it with free neighbours.
     *
     * @param ref the reference {@link #allocate} returned.
     * @return {@link #FREED}, {@link #NOT_LIVE} or {@link #GUARDED}.
     */
    public int free(final long ref)
    {
        int block = live.remove(ref, blocks);
        if (LiveBlockIndex.MISSING == block)
        {
            return NOT_LIVE;
        }
        final long[] bl = blocks;
        if (0 != links[(block << LINKS_SHIFT) + GUARD_COUNT])
        {
            // Rare: put it back rather than probe twice on every free.
            live.put(ref, block, bl);
            return GUARDED;
        }
        final long blockSize = bl[(block << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK;
        freeBytes += blockSize;
        long mergedSize = blockSize;
        final int[] ln = links;
        final int prevLink = ln[(block << LINKS_SHIFT) + PREV_PHYS];
        final int nextLink = ln[(block << LINKS_SHIFT) + NEXT_PHYS];
        // The links to the used blocks (or segment ends) around the merged block, which will name it as free.
        int before = prevLink;
        if (0 != (prevLink & FREE_LINK))
        {
            final int prev = prevLink & INDEX_MASK;
            removeFree(prev);
            mergedSize += bl[(prev << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK;
            before = ln[(prev << LINKS_SHIFT) + PREV_PHYS];
            releaseRecord(block);
            block = prev;
        }
        int after = nextLink;
        if (0 != (nextLink & FREE_LINK))
        {
            final int next = nextLink & INDEX_MASK;
            removeFree(next);
            mergedSize += bl[(next << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK;
            after = ln[(next << LINKS_SHIFT) + NEXT_PHYS];
            releaseRecord(next);
        }
        bl[(block << RECORD_SHIFT) + SIZE_STATE] = mergedSize | FREE_BITS;
        ln[(block << LINKS_SHIFT) + NEXT_PHYS] = after;
        if (NO_PHYS != before)
        {
            ln[((before & INDEX_MASK) << LINKS_SHIFT) + NEXT_PHYS] = block | FREE_LINK;
        }
        if (NO_PHYS != after)
        {
            ln[((after & INDEX_MASK) << LINKS_SHIFT) + PREV_PHYS] = block | FREE_LINK;
        }
        insertFree(block);
        return FREED;
    }

    // *** Guards ***

    /**
     * Adds a guard to the live block containing {@code ref}.
     *
     * @param ref a reference into a live block.
     * @return the block's new guard count, or {@link #NOT_LIVE}.
     */
    public int guard(final long ref)
    {
        final int block = liveBlock(ref);
        if (NONE == block)
        {
            return NOT_LIVE;
        }
        if (Integer.MAX_VALUE == guards(block))
        {
            throw new IllegalStateException("guard count overflow on " + BufferRef.toString(start(block)));
        }
        activeGuards++;
        guards(block, guards(block) + 1);
        return guards(block);
    }

    /**
     * Removes a guard from the live block containing {@code ref}.
     *
     * @param ref a reference into a live block.
     * @return the block's new guard count, {@link #NOT_LIVE}, or {@link #GUARDED} if it had no guard.
     */
    public int unguard(final long ref)
    {
        final int block = liveBlock(ref);
        if (NONE == block)
        {
            return NOT_LIVE;
        }
        if (0 == guards(block))
        {
            return GUARDED;
        }
        activeGuards--;
        guards(block, guards(block) - 1);
        return guards(block);
    }

    /**
     * Guards on the live block containing {@code ref}.
     *
     * @param ref a reference into a live block.
     * @return the count, or {@link #NOT_LIVE}.
     */
    public int guardsOf(final long ref)
    {
        final int block = liveBlock(ref);
        return NONE == block ? NOT_LIVE : guards(block);
    }

    /**
     * Guards held on all blocks.
     *
     * @return the count.
     */
    public long activeGuards()
    {
        return activeGuards;
    }

    // *** Lookups ***

    /**
     * The size of the live block starting at {@code ref}. Safe to call while a writer runs, like {@link #liveExtent}.
     *
     * @param ref a reference.
     * @return bytes, or -1 if no live block starts there.
     */
    public long liveSize(final long ref)
    {
        final long[] records = blocks;
        final int block = live.get(ref, records);
        final int base = block << RECORD_SHIFT;
        if (block >= 0 && base + SIZE_STATE < records.length && records[base + START] == ref)
        {
            final long sizeState = records[base + SIZE_STATE];
            if (USED == sizeState >>> STATE_SHIFT)
            {
                return sizeState & SIZE_MASK;
            }
        }
        return -1;
    }

    /**
     * The start of the live block containing {@code ref}.
     *
     * @param ref a reference.
     * @return the block's reference, or {@link BufferRef#NULL}.
     */
    public long liveStart(final long ref)
    {
        final int block = liveBlock(ref);
        return NONE == block ? BufferRef.NULL : start(block);
    }

    /**
     * Bytes from {@code ref} to the end of the live block containing it. Safe to call while a writer runs: it never
     * throws or loops unboundedly, though its answer is then meaningless and must be discarded by the caller's
     * optimistic-read validation.
     *
     * @param ref a reference.
     * @return bytes (at least 1), or -1 if {@code ref} is not inside a live block.
     */
    public long liveExtent(final long ref)
    {
        final long exact = liveSize(ref);
        if (exact >= 0)
        {
            return exact;
        }
        final long[] records = blocks;
        final int inner = containing(ref, recordHighWater);
        final int base = inner << RECORD_SHIFT;
        if (inner < 0 || base + SIZE_STATE >= records.length)
        {
            return -1;
        }
        final long sizeState = records[base + SIZE_STATE];
        final long blockStart = records[base + START];
        final long extent = blockStart + (sizeState & SIZE_MASK) - ref;
        return USED == sizeState >>> STATE_SHIFT && extent > 0 && ref >= blockStart ? extent : -1;
    }

    private int liveBlock(final long ref)
    {
        final int exact = live.get(ref, blocks);
        if (LiveBlockIndex.MISSING != exact)
        {
            return exact;
        }
        final int block = containing(ref, Integer.MAX_VALUE);
        return NONE != block && USED == state(block) ? block : NONE;
    }

    /**
     * The block (free or used) containing {@code ref}: from the live block in the nearest filled chunk slot at or
     * before it, a walk along physical neighbours. Bounded by {@code maxSteps} so a racing read cannot loop.
     */
    private int containing(final long ref, final int maxSteps)
    {
        final int segmentId = BufferRef.segmentId(ref);
        final int[] firsts = segmentFirst;
        if (segmentId >= segmentCount || segmentId >= firsts.length)
        {
            return NONE;
        }
        final long[] records = blocks;
        final int[] ln = links;
        // The two arrays may be of different generations under a racing read: bound by the shorter.
        final int recordCount = Math.min(records.length >> RECORD_SHIFT, ln.length >> LINKS_SHIFT);
        int block = live.nearestAtOrBefore(segmentId, BufferRef.offset(ref) >>> LiveBlockIndex.CHUNK_SHIFT,
            CHUNK_BACK_LIMIT);
        // The owner's slots always name live blocks of the segment; a racing reader checks what it got.
        if (block < 0 || block >= recordCount ||
            UNUSED == records[(block << RECORD_SHIFT) + SIZE_STATE] >>> STATE_SHIFT ||
            BufferRef.segmentId(records[(block << RECORD_SHIFT) + START]) != segmentId)
        {
            block = NONE;
        }
        if (NONE == block)
        {
            block = firsts[segmentId];
        }
        for (int steps = 0; steps <= maxSteps && block >= 0 && block < recordCount; steps++)
        {
            final int base = block << RECORD_SHIFT;
            final long s = records[base + START];
            if (ref < s)
            {
                block = ln[(block << LINKS_SHIFT) + PREV_PHYS] & INDEX_MASK;
            }
            else if (ref - s < (records[base + SIZE_STATE] & SIZE_MASK))
            {
                return block;
            }
            else
            {
                block = ln[(block << LINKS_SHIFT) + NEXT_PHYS] & INDEX_MASK;
            }
        }
        return NONE;
    }

    /**
     * The largest free block, what the largest allocation at the granule's alignment could get without growing.
     *
     * @return bytes, 0 if nothing is free.
     */
    public long largestFree()
    {
        long largest = 0;
        for (int zone = 0; zone < ZONE_COUNT; zone++)
        {
            if (0 == flBitmap[zone])
            {
                continue;
            }
            final int fl = 63 - Long.numberOfLeadingZeros(flBitmap[zone]);
            final int sl = 31 - Integer.numberOfLeadingZeros(slBitmap[zone * FL_COUNT + fl]);
            final int list = listIndex(zone, (fl << SL_LOG2) + sl);
            for (int b = first(list); list != b; b = nextFree(b))
            {
                largest = Math.max(largest, size(b));
            }
        }
        return largest;
    }

    /**
     * Free blocks of at least {@code minBytes}, largest size class first, into {@code out}; used by scatter-gather
     * allocation.
     *
     * @param lowOnly  only zone 0.
     * @param minBytes the smallest block to report.
     * @param out      receives block start references.
     * @return how many were written (at most {@code out.length}).
     */
    public int largestFreeBlocks(final boolean lowOnly, final long minBytes, final long[] out)
    {
        int count = 0;
        final int minClass = classOf(Math.max(1, minBytes >>> granuleShift));
        for (int zone = lowOnly ? ZONE_LOW : ZONE_HIGH; zone >= ZONE_LOW && count < out.length; zone--)
        {
            for (int c = FL_COUNT * SL_COUNT - 1; c >= minClass && count < out.length; c--)
            {
                final int list = listIndex(zone, c);
                for (int b = first(list); list != b && count < out.length; b = nextFree(b))
                {
                    if (size(b) >= minBytes)
                    {
                        out[count++] = start(b);
                    }
                }
            }
        }
        return count;
    }

    /**
     * Allocates inside the free block starting at {@code blockStart}: at its first offset aligned to
     * {@code alignment}, {@code bytes} long. For scatter-gather, which picks blocks from
     * {@link #largestFreeBlocks}.
     *
     * @param blockStart the start of a free block.
     * @param bytes      at least 1, fitting after the alignment padding; rounded up to the granule.
     * @param alignment  a power of two.
     * @return the allocation's reference, or {@link BufferRef#NULL} if no free block starts there or it is too small.
     */
    public long allocateInFreeBlock(final long blockStart, final long bytes, final long alignment)
    {
        final int block = containing(blockStart, Integer.MAX_VALUE);
        if (NONE == block || FREE != state(block) || start(block) != blockStart)
        {
            return BufferRef.NULL;
        }
        final long align = Math.max(alignment, granule);
        final long pad = alignUp(blockStart, align) - blockStart;
        final long nb = roundSize(bytes);
        if (pad + nb > size(block))
        {
            return BufferRef.NULL;
        }
        return carve(block, pad, nb);
    }

    /**
     * Free blocks, in the order they sit in the lists; for tests and diagnostics.
     *
     * @return the count.
     */
    public int freeBlockCount()
    {
        int count = 0;
        for (int zone = 0; zone < ZONE_COUNT; zone++)
        {
            for (int c = 0; c < FL_COUNT * SL_COUNT; c++)
            {
                final int list = listIndex(zone, c);
                for (int b = first(list); list != b; b = nextFree(b))
                {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The size of the free block starting at {@code ref}.
     *
     * @param ref a reference.
     * @return bytes, or -1 if no free block starts there.
     */
    public long freeSizeAt(final long ref)
    {
        final int block = containing(ref, Integer.MAX_VALUE);
        return NONE != block && FREE == state(block) && start(block) == ref ? size(block) : -1;
    }

    // *** Accounting ***

    /**
     * Usable bytes over all segments.
     *
     * @return bytes.
     */
    public long totalBytes()
    {
        return totalBytes;
    }

    /**
     * Bytes in free blocks.
     *
     * @return bytes.
     */
    public long freeBytes()
    {
        return freeBytes;
    }

    /**
     * Bytes in live blocks, rounding included.
     *
     * @return bytes.
     */
    public long usedBytes()
    {
        return totalBytes - freeBytes;
    }

    /**
     * Live blocks.
     *
     * @return the count.
     */
    public int liveCount()
    {
        return live.size();
    }

    /**
     * The granule.
     *
     * @return bytes.
     */
    public long granule()
    {
        return granule;
    }

    /**
     * Checks every invariant by walking every segment: blocks tile the usable range with no gap or overlap, no two
     * free blocks are adjacent, each free block is in the list of its class and zone and nowhere else, the live map
     * holds exactly the used blocks, and the byte counts add up. For tests; O(blocks).
     *
     * @return null if consistent, else what is wrong.
     */
    public String checkInvariants()
    {
        long free = 0;
        long used = 0;
        long guarded = 0;
        int usedCount = 0;
        int freeCount = 0;
        for (int seg = 0; seg < segmentCount; seg++)
        {
            long expected = start(segmentFirst[seg]);
            int prev = NONE;
            for (int b = segmentFirst[seg]; NONE != b; b = nextPhys(b))
            {
                if (start(b) != expected)
                {
                    return "gap or overlap at " + BufferRef.toString(start(b)) + ", expected " +
                        BufferRef.toString(expected);
                }
                if (prevPhys(b) != prev)
                {
                    return "bad prev link at " + BufferRef.toString(start(b));
                }
                if (flaggedFree(b, PREV_PHYS) != (NONE != prev && FREE == state(prev)) ||
                    NONE != prev && flaggedFree(prev, NEXT_PHYS) != (FREE == state(b)))
                {
                    return "a physical link's free flag is wrong at " + BufferRef.toString(start(b));
                }
                if (size(b) <= 0 || 0 != (size(b) & (granule - 1)) || 0 != (start(b) & (granule - 1)))
                {
                    return "bad size " + size(b) + " at " + BufferRef.toString(start(b));
                }
                if (FREE == state(b))
                {
                    if (NONE != prev && FREE == state(prev))
                    {
                        return "adjacent free blocks at " + BufferRef.toString(start(b));
                    }
                    if (!inList(b))
                    {
                        return "free block missing from its list at " + BufferRef.toString(start(b));
                    }
                    free += size(b);
                    freeCount++;
                }
                else if (USED == state(b))
                {
                    if (live.get(start(b), blocks) != b)
                    {
                        return "used block missing from the live map at " + BufferRef.toString(start(b));
                    }
                    used += size(b);
                    guarded += guards(b);
                    usedCount++;
                }
                else
                {
                    return "unused record linked at " + BufferRef.toString(start(b));
                }
                expected = start(b) + size(b);
                prev = b;
            }
            final long end = start(segmentFirst[seg]) + ((segmentLength[seg] -
                BufferRef.offset(start(segmentFirst[seg]))) & -granule);
            if (expected != end)
            {
                return "segment " + seg + " ends at " + BufferRef.toString(expected) + ", expected " +
                    BufferRef.toString(end);
            }
        }
        int listed = 0;
        for (int zone = 0; zone < ZONE_COUNT; zone++)
        {
            for (int c = 0; c < FL_COUNT * SL_COUNT; c++)
            {
                final boolean bit = 0 != (slBitmap[zone * FL_COUNT + (c >>> SL_LOG2)] & (1 << (c & (SL_COUNT - 1))));
                final int list = listIndex(zone, c);
                if (bit != (list != first(list)))
                {
                    return "bitmap disagrees with list " + c + " of zone " + zone;
                }
                for (int b = first(list); list != b; b = nextFree(b))
                {
                    if (prevFree(nextFree(b)) != b)
                    {
                        return "broken free-list link after " + BufferRef.toString(start(b));
                    }
                    listed++;
                    if (FREE != state(b) || zoneOf(start(b)) != zone || classOf(size(b) >>> granuleShift) != c)
                    {
                        return "block " + BufferRef.toString(start(b)) + " in the wrong list " + c;
                    }
                }
            }
            for (int fl = 0; fl < FL_COUNT; fl++)
            {
                if ((0 != slBitmap[zone * FL_COUNT + fl]) != (0 != (flBitmap[zone] & (1L << fl))))
                {
                    return "first-level bitmap disagrees at " + fl + " of zone " + zone;
                }
            }
        }
        if (listed != freeCount)
        {
            return "lists hold " + listed + " blocks, segments " + freeCount;
        }
        if (usedCount != live.size())
        {
            return "live map holds " + live.size() + ", segments " + usedCount;
        }
        if (free != freeBytes || used != usedBytes() || free + used != totalBytes)
        {
            return "bytes: free=" + free + "/" + freeBytes + " used=" + used + "/" + usedBytes() + " total=" +
                totalBytes;
        }
        if (guarded != activeGuards)
        {
            return "guards: blocks=" + guarded + " counter=" + activeGuards;
        }
        return null;
    }

    private boolean inList(final int block)
    {
        final int list = listIndex(zoneOf(start(block)), classOf(size(block) >>> granuleShift));
        for (int b = first(list); list != b; b = nextFree(b))
        {
            if (b == block)
            {
                return true;
            }
        }
        return false;
    }


    // *** Record fields ***

    private long start(final int b)
    {
        return blocks[(b << RECORD_SHIFT) + START];
    }

    private void start(final int b, final long ref)
    {
        blocks[(b << RECORD_SHIFT) + START] = ref;
    }

    private long size(final int b)
    {
        return blocks[(b << RECORD_SHIFT) + SIZE_STATE] & SIZE_MASK;
    }

    private byte state(final int b)
    {
        return (byte)(blocks[(b << RECORD_SHIFT) + SIZE_STATE] >>> STATE_SHIFT);
    }

    private void sizeState(final int b, final long bytes, final byte newState)
    {
        blocks[(b << RECORD_SHIFT) + SIZE_STATE] = bytes | ((long)newState << STATE_SHIFT);
    }

    private void size(final int b, final long bytes)
    {
        sizeState(b, bytes, state(b));
    }

    private void state(final int b, final byte newState)
    {
        sizeState(b, size(b), newState);
    }

    private int prevPhys(final int b)
    {
        final int link = links[(b << LINKS_SHIFT) + PREV_PHYS];
        return NO_PHYS == link ? NONE : link & INDEX_MASK;
    }

    private int nextPhys(final int b)
    {
        final int link = links[(b << LINKS_SHIFT) + NEXT_PHYS];
        return NO_PHYS == link ? NONE : link & INDEX_MASK;
    }

    /** Whether the physical link {@code field} of {@code b} says its neighbour is free. */
    private boolean flaggedFree(final int b, final int field)
    {
        return 0 != (links[(b << LINKS_SHIFT) + field] & FREE_LINK);
    }

    private int prevFree(final int b)
    {
        return links[(b << LINKS_SHIFT) + PREV_FREE];
    }

    private int nextFree(final int b)
    {
        return links[(b << LINKS_SHIFT) + NEXT_FREE];
    }

    private int guards(final int b)
    {
        return links[(b << LINKS_SHIFT) + GUARD_COUNT];
    }

    private void guards(final int b, final int count)
    {
        links[(b << LINKS_SHIFT) + GUARD_COUNT] = count;
    }

    // *** Free lists ***

    private static int listIndex(final int zone, final int sizeClass)
    {
        return (zone << LIST_STRIDE_SHIFT) + sizeClass;
    }

    /** The first block of a list, or the list's sentinel if it is empty. */
    private int first(final int list)
    {
        return links[(list << LINKS_SHIFT) + NEXT_FREE];
    }

    private void insertFree(final int block)
    {
        final long[] bl = blocks;
        final int base = block << RECORD_SHIFT;
        final long blockSize = bl[base + SIZE_STATE] & SIZE_MASK;
        bl[base + SIZE_STATE] = blockSize | FREE_BITS;
        final int zone = 0 == (bl[base + START] >>> BufferRef.OFFSET_BITS) ? ZONE_LOW : ZONE_HIGH;
        final int sizeClass = classOf(blockSize >>> granuleShift);
        final int list = listIndex(zone, sizeClass);
        // At the front: the list is a stack, and the one block of it a best-fit request looks at is the one freed
        // last. Filing by address instead would walk the list here.
        final int[] ln = links;
        final int head = ln[(list << LINKS_SHIFT) + NEXT_FREE];
        ln[(block << LINKS_SHIFT) + PREV_FREE] = list;
        ln[(block << LINKS_SHIFT) + NEXT_FREE] = head;
        ln[(head << LINKS_SHIFT) + PREV_FREE] = block;
        ln[(list << LINKS_SHIFT) + NEXT_FREE] = block;
        final int fl = sizeClass >>> SL_LOG2;
        slBitmap[zone * FL_COUNT + fl] |= 1 << (sizeClass & (SL_COUNT - 1));
        flBitmap[zone] |= 1L << fl;
    }

    private void removeFree(final int block)
    {
        final int[] ln = links;
        final int prev = ln[(block << LINKS_SHIFT) + PREV_FREE];
        final int next = ln[(block << LINKS_SHIFT) + NEXT_FREE];
        ln[(next << LINKS_SHIFT) + PREV_FREE] = prev;
        ln[(prev << LINKS_SHIFT) + NEXT_FREE] = next;
        // The list is now empty when both neighbours are its sentinel (two distinct blocks are never each other's
        // both neighbours, as a ring with the sentinel holds at least three then): true more than half the time on
        // random sizes, a coin toss the CPU mispredicts, so the class bit is cleared without a branch. When the list
        // is not empty, the mask makes the index 0 and the cleared bit none, so word 0 is stored back unchanged. The
        // first-level bit keeps its branch: it is rarely taken.
        final int emptied = -(((prev ^ next) - 1) >>> 31);
        final int sentinel = prev & emptied;
        final int zone = sentinel >>> LIST_STRIDE_SHIFT;
        final int sizeClass = sentinel & (LIST_STRIDE - 1);
        final int fl = sizeClass >>> SL_LOG2;
        final int slIndex = zone * FL_COUNT + fl;
        final int remaining = slBitmap[slIndex] & ~((1 << (sizeClass & (SL_COUNT - 1))) & emptied);
        slBitmap[slIndex] = remaining;
        if (0 == (remaining | ~emptied))
        {
            flBitmap[zone] &= ~(1L << fl);
        }
    }

    // *** Records ***

    private int newRecord()
    {
        if (NONE == recordFreeHead)
        {
            growRecords(SENTINELS + Math.max(64, ((blocks.length >> RECORD_SHIFT) - SENTINELS) * 2));
        }
        final int record = recordFreeHead;
        recordFreeHead = links[(record << LINKS_SHIFT) + NEXT_UNUSED];
        if (record >= recordHighWater)
        {
            recordHighWater = record + 1;
        }
        return record;
    }

    private void releaseRecord(final int record)
    {
        final long[] bl = blocks;
        final int base = record << RECORD_SHIFT;
        bl[base + START] = BufferRef.NULL;
        bl[base + SIZE_STATE] = (long)UNUSED << STATE_SHIFT;
        links[(record << LINKS_SHIFT) + NEXT_UNUSED] = recordFreeHead;
        recordFreeHead = record;
    }

    private void growRecords(final int capacity)
    {
        final int old = blocks.length >> RECORD_SHIFT;
        // A racing optimistic reader loads this field once and bounds its indices by that array's length.
        final long[] grown = Arrays.copyOf(blocks, capacity << RECORD_SHIFT);
        final int[] grownLinks = Arrays.copyOf(links, capacity << LINKS_SHIFT);
        for (int i = capacity - 1; i >= old; i--)
        {
            grown[(i << RECORD_SHIFT) + SIZE_STATE] = (long)UNUSED << STATE_SHIFT;
            grownLinks[(i << LINKS_SHIFT) + NEXT_UNUSED] = recordFreeHead;
            recordFreeHead = i;
        }
        links = grownLinks;
        blocks = grown;
    }
}
