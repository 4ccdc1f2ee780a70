package io.ringwork.stress;

import io.ringwork.RingOptions;
import io.ringwork.internal.layout.CqeDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A fresh ring region for one jcstress state, laid out by {@link RingDescriptor#initialize}, with the real queue
 * ends and doorbells wired to it exactly as {@code Ring} and {@code ServedRing} wire theirs.
 * <p>
 * The memory is native, as a real ring's is, but from an automatic arena: jcstress makes millions of states, and
 * closing a shared arena costs a handshake with every thread (about 100 microseconds), so the garbage collector
 * frees these instead.
 */
public final class RingMemory
{
    /** Entries per queue: the smallest ring, so two entries fill a queue and slots are reused at once. */
    public static final int ENTRIES = RingDescriptor.MIN_ENTRIES;

    /** Options for a {@code Ring} of the same, smallest size. */
    public static final RingOptions OPTIONS = RingOptions.defaults().withEntries(ENTRIES, ENTRIES);

    private RingMemory()
    {
    }

    /**
     * A zeroed, initialized ring region with {@link #ENTRIES} entries per queue.
     *
     * @param initialIndex starting value of all four indices.
     * @return the region.
     */
    public static MemorySegment allocate(final int initialIndex)
    {
        final MemorySegment region = Arena.ofAuto().allocate(RingDescriptor.regionLength(ENTRIES, ENTRIES), 64);
        RingDescriptor.initialize(region, ENTRIES, ENTRIES, initialIndex);
        return region;
    }

    /**
     * The client's end of the SQ, as {@code Ring} makes it.
     *
     * @param region the ring region.
     * @return the producer.
     */
    public static QueueProducer sqProducer(final MemorySegment region)
    {
        return new QueueProducer(region, RingDescriptor.SQ_HEAD_OFFSET, RingDescriptor.SQ_TAIL_OFFSET,
            RingDescriptor.sqEntriesOffset(), SqeDescriptor.LENGTH_SHIFT, ENTRIES);
    }

    /**
     * The server's end of the SQ, as {@code ServedRing} makes it.
     *
     * @param region the ring region.
     * @return the consumer.
     */
    public static QueueConsumer sqConsumer(final MemorySegment region)
    {
        return new QueueConsumer(region, RingDescriptor.SQ_HEAD_OFFSET, RingDescriptor.SQ_TAIL_OFFSET,
            RingDescriptor.sqEntriesOffset(), SqeDescriptor.LENGTH_SHIFT, ENTRIES);
    }

    /**
     * The server's end of the CQ, as {@code ServedRing} makes it.
     *
     * @param region the ring region.
     * @return the producer.
     */
    public static QueueProducer cqProducer(final MemorySegment region)
    {
        return new QueueProducer(region, RingDescriptor.CQ_HEAD_OFFSET, RingDescriptor.CQ_TAIL_OFFSET,
            RingDescriptor.cqEntriesOffset(ENTRIES), CqeDescriptor.LENGTH_SHIFT, ENTRIES);
    }

    /**
     * The client's end of the CQ, as {@code Ring} makes it.
     *
     * @param region the ring region.
     * @return the consumer.
     */
    public static QueueConsumer cqConsumer(final MemorySegment region)
    {
        return new QueueConsumer(region, RingDescriptor.CQ_HEAD_OFFSET, RingDescriptor.CQ_TAIL_OFFSET,
            RingDescriptor.cqEntriesOffset(ENTRIES), CqeDescriptor.LENGTH_SHIFT, ENTRIES);
    }

    /**
     * A cross-process doorbell (futex) at the given offset, as {@code RingState} makes it for a file ring.
     *
     * @param region         the ring region.
     * @param doorbellOffset {@link RingDescriptor#SERVER_DOORBELL_OFFSET} or {@code CLIENT_DOORBELL_OFFSET}.
     * @return the doorbell.
     * @throws IllegalStateException if futexes are unavailable, since a parking doorbell cannot be tested this way.
     */
    public static Doorbell futexDoorbell(final MemorySegment region, final long doorbellOffset)
    {
        final Doorbell doorbell = new Doorbell(region, doorbellOffset, true, Arena.ofAuto());
        if (!doorbell.usesFutex())
        {
            throw new IllegalStateException("futex unavailable: run with --enable-native-access=ALL-UNNAMED on Linux");
        }
        return doorbell;
    }
}
