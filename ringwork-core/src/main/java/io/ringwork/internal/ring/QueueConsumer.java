package io.ringwork.internal.ring;

import io.ringwork.Errno;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;

import java.lang.foreign.MemorySegment;

/**
 * The consuming end of one queue of a ring: sees how many entries are ready, reads them in place, then hands their
 * slots back with one release store. Consumer thread only.
 */
public final class QueueConsumer
{
    /** {@link #available()} found the ring broken by an impossible producer index. */
    public static final int BROKEN = -1;

    private final MemorySegment region;
    private final long headOffset;
    private final long tailOffset;
    private final long entriesOffset;
    private final int entryShift;
    private final int capacity;
    private final int mask;

    private int head;
    private int releasedHead;
    private int tailCache;

    /**
     * The consuming end of the queue whose indices and entries are at the given offsets.
     *
     * @param region        the ring region.
     * @param headOffset    this end's index (written).
     * @param tailOffset    the producer's index (read).
     * @param entriesOffset the first entry.
     * @param entryShift    log2 of the entry size.
     * @param capacity      entries, a power of two.
     */
    public QueueConsumer(final MemorySegment region, final long headOffset, final long tailOffset,
        final long entriesOffset, final int entryShift, final int capacity)
    {
        this.region = region;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.entriesOffset = entriesOffset;
        this.entryShift = entryShift;
        this.capacity = capacity;
        this.mask = capacity - 1;
        // acquire: take over whatever this end's index was.
        this.head = (int)SharedAccess.INT.getAcquire(region, headOffset);
        this.releasedHead = head;
        this.tailCache = head;
    }

    /**
     * Entries ready to read from the head on, re-reading the producer's tail only when the cached one is used up.
     *
     * @return count, or {@link #BROKEN}.
     */
    public int available()
    {
        final int ready = tailCache - head;
        if (ready > 0)
        {
            return ready;
        }
        return refreshTail();
    }

    private int refreshTail()
    {
        // acquire: the producer released the tail after writing those entries; pairs with QueueProducer.publish.
        final int tail = (int)SharedAccess.INT.getAcquire(region, tailOffset);
        final int published = tail - releasedHead;
        // A tail only moves forward, and never more than a queue's worth ahead of what was released.
        if (tail - tailCache < 0 || published < 0 || published > capacity)
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EIO);
            return BROKEN;
        }
        tailCache = tail;
        return tail - head;
    }

    /**
     * Entries ready to read, always re-reading the producer's tail (batch reaping: one acquire load per batch).
     *
     * @return count, or {@link #BROKEN}.
     */
    public int availableNow()
    {
        return refreshTail();
    }

    /**
     * Whether anything is ready, for a doorbell re-check (always re-reads the tail).
     *
     * @return true if an entry is ready or the ring is broken (both mean: do not sleep).
     */
    public boolean hasWork()
    {
        return 0 != refreshTail();
    }

    /**
     * Byte offset of the {@code i}-th ready entry; valid for {@code i < available()}.
     *
     * @param i 0-based from the head.
     * @return offset in the region.
     */
    public long entryOffset(final int i)
    {
        return entriesOffset + ((long)((head + i) & mask) << entryShift);
    }

    /**
     * Marks {@code count} entries as read; their slots go back to the producer on {@link #release()}.
     *
     * @param count entries, at most {@link #available()}.
     * @throws IllegalArgumentException if more than are ready: taking unseen slots would hand the producer slots
     *                                  it has not filled.
     */
    public void take(final int count)
    {
        if (count < 0 || count > tailCache - head)
        {
            final int ready = available();
            if (count < 0 || count > ready)
            {
                throw new IllegalArgumentException("count=" + count + " but ready=" + ready);
            }
        }
        head += count;
    }

    /**
     * Hands every taken slot back to the producer with one release store.
     *
     * @return slots released by this call.
     */
    public int release()
    {
        final int head = this.head;
        final int count = head - releasedHead;
        if (0 != count)
        {
            // release: our reads of those entries complete before the producer may reuse the slots; pairs with
            // the producer's acquire load of the head.
            SharedAccess.INT.setRelease(region, headOffset, head);
            releasedHead = head;
        }
        return count;
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
     * This end's head index, including taken but unreleased entries.
     *
     * @return the local head.
     */
    public int head()
    {
        return head;
    }
}
