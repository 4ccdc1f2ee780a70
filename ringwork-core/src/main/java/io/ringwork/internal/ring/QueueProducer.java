package io.ringwork.internal.ring;

import io.ringwork.Errno;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;

import java.lang.foreign.MemorySegment;

/**
 * The producing end of one queue of a ring: claims slots, then publishes them in a batch with one release store.
 * Producer thread only.
 */
public final class QueueProducer
{
    /** {@link #claim()} found no free slot: publish, let the consumer catch up, try again. */
    public static final long FULL = -1;
    /** {@link #claim()} found the ring broken by an impossible consumer index; the ring is unusable. */
    public static final long BROKEN = -2;

    private final MemorySegment region;
    private final long headOffset;
    private final long tailOffset;
    private final long entriesOffset;
    private final int entryShift;
    private final int capacity;
    private final int mask;

    private int tail;
    private int publishedTail;
    private int headCache;

    /**
     * The producing end of the queue whose indices and entries are at the given offsets.
     *
     * @param region        the ring region.
     * @param headOffset    the consumer's index (read).
     * @param tailOffset    this end's index (written).
     * @param entriesOffset the first entry.
     * @param entryShift    log2 of the entry size.
     * @param capacity      entries, a power of two.
     */
    public QueueProducer(final MemorySegment region, final long headOffset, final long tailOffset,
        final long entriesOffset, final int entryShift, final int capacity)
    {
        this.region = region;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.entriesOffset = entriesOffset;
        this.entryShift = entryShift;
        this.capacity = capacity;
        this.mask = capacity - 1;
        // acquire: take over whatever this end's index was (a fresh ring, or one whose producer re-attached).
        this.tail = (int)SharedAccess.INT.getAcquire(region, tailOffset);
        this.publishedTail = tail;
        this.headCache = (int)SharedAccess.INT.getAcquire(region, headOffset);
    }

    /**
     * Claims the next free slot. Its bytes are this thread's to write with plain stores until {@link #publish()}.
     *
     * @return the slot's byte offset in the region, or {@link #FULL} or {@link #BROKEN}.
     */
    public long claim()
    {
        final int tail = this.tail;
        if (tail - headCache >= capacity && !refreshHead())
        {
            return isBroken() ? BROKEN : FULL;
        }
        this.tail = tail + 1;
        return entriesOffset + ((long)(tail & mask) << entryShift);
    }

    private boolean refreshHead()
    {
        // acquire: the consumer released the head after reading those entries; we may overwrite them only after.
        final int head = (int)SharedAccess.INT.getAcquire(region, headOffset);
        final int published = publishedTail - head;
        // A head only moves forward, and never past what was published: anything else is a corrupt peer.
        if (head - headCache < 0 || published < 0 || published > capacity)
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EIO);
            return false;
        }
        headCache = head;
        return tail - head < capacity;
    }

    private boolean isBroken()
    {
        return 0 != (RingDescriptor.statusVolatile(region) & RingDescriptor.STATUS_BROKEN);
    }

    /**
     * Makes every claimed slot visible to the consumer with one release store.
     *
     * @return how many entries this call published.
     */
    public int publish()
    {
        return publish(Integer.MAX_VALUE);
    }

    /**
     * Makes the oldest {@code max} claimed slots visible to the consumer with one release store; the rest stay
     * claimed for a later publish.
     *
     * @param max most entries to publish.
     * @return how many entries this call published.
     */
    public int publish(final int max)
    {
        final int count = Math.min(tail - publishedTail, Math.max(0, max));
        if (0 != count)
        {
            final int newTail = publishedTail + count;
            // release: the entries' plain stores above become visible before the tail; pairs with the consumer's
            // acquire load of the tail.
            SharedAccess.INT.setRelease(region, tailOffset, newTail);
            publishedTail = newTail;
        }
        return count;
    }

    /**
     * Byte offset of the {@code i}-th claimed but unpublished slot, oldest first.
     *
     * @param i 0-based, below {@link #unpublished()}.
     * @return offset in the region.
     */
    public long claimedOffset(final int i)
    {
        return entriesOffset + ((long)((publishedTail + i) & mask) << entryShift);
    }

    /**
     * Free slots, re-reading the consumer's index.
     *
     * @return free slots, or -1 if the ring is broken.
     */
    public int free()
    {
        if (!refreshHead() && isBroken())
        {
            return -1;
        }
        return capacity - (tail - headCache);
    }

    /**
     * Entries claimed but not yet published.
     *
     * @return count.
     */
    public int unpublished()
    {
        return tail - publishedTail;
    }

    /**
     * Entries published and not yet consumed, as last seen.
     *
     * @return count.
     */
    public int inFlight()
    {
        // acquire: a fresh, ordered view of the consumer's progress.
        final int head = (int)SharedAccess.INT.getAcquire(region, headOffset);
        return publishedTail - head;
    }

    /**
     * The queue's size.
     *
     * @return entries.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * This end's tail index, including unpublished claims.
     *
     * @return the local tail.
     */
    public int tail()
    {
        return tail;
    }
}
