package io.ringwork.internal.ring;

import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.memory.Region;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both ends of a ring in this process share: the region, its queue sizes and the two doorbells. Within one
 * process both ends hold the same instance (so a parked thread can be unparked); across processes each process
 * builds its own over the same file. The region is unmapped when the last end in this process lets go.
 */
public final class RingState
{
    private final Region region;
    private final MemorySegment segment;
    private final int sqEntries;
    private final int cqEntries;
    private final Arena scratch;
    private final Doorbell serverDoorbell;
    private final Doorbell clientDoorbell;
    private final boolean crossProcess;
    private final AtomicInteger references = new AtomicInteger(1);

    private RingState(final Region region, final boolean crossProcess)
    {
        this.region = region;
        this.segment = region.segment();
        this.sqEntries = RingDescriptor.sqEntries(segment);
        this.cqEntries = RingDescriptor.cqEntries(segment);
        this.crossProcess = crossProcess;
        this.scratch = Arena.ofShared();
        this.serverDoorbell = new Doorbell(segment, RingDescriptor.SERVER_DOORBELL_OFFSET, crossProcess, scratch);
        this.clientDoorbell = new Doorbell(segment, RingDescriptor.CLIENT_DOORBELL_OFFSET, crossProcess, scratch);
    }

    /**
     * Lays out a fresh ring in a zeroed region.
     *
     * @param region       zeroed memory of {@link RingDescriptor#regionLength} bytes.
     * @param sqEntries    SQ entries.
     * @param cqEntries    CQ entries.
     * @param initialIndex starting index (0; tests use values near 2^32).
     * @return the state, referenced once.
     */
    public static RingState create(final Region region, final int sqEntries, final int cqEntries,
        final int initialIndex)
    {
        RingDescriptor.initialize(region.segment(), sqEntries, cqEntries, initialIndex);
        return new RingState(region, region.isShared());
    }

    /**
     * Takes over a ring another process laid out, after checking it.
     *
     * @param region the mapped file.
     * @param source description for error messages.
     * @return the state, referenced once.
     */
    public static RingState attach(final Region region, final String source)
    {
        RingDescriptor.checkMapped(region.segment(), source);
        return new RingState(region, true);
    }

    /**
     * Adds a reference for a second end in this process.
     *
     * @return this.
     */
    public RingState retain()
    {
        references.incrementAndGet();
        return this;
    }

    /**
     * Drops a reference; the last one unmaps the region.
     */
    public void release()
    {
        if (0 == references.decrementAndGet())
        {
            region.close();
            scratch.close();
        }
    }

    /**
     * Adds to a counter this side owns.
     *
     * @param blockOffset {@link RingDescriptor#CLIENT_COUNTERS_OFFSET} or {@code SERVER_COUNTERS_OFFSET}.
     * @param field       a {@code CountersDescriptor} field.
     * @param delta       the amount.
     */
    public void addToCounter(final long blockOffset, final int field, final long delta)
    {
        final long offset = blockOffset + field;
        // plain read: this side is the counter's only writer, so its own last store is what it reads.
        final long value = segment.get(java.lang.foreign.ValueLayout.JAVA_LONG, offset);
        // opaque: readers (stat) see the new value untorn; nothing else is ordered by it.
        SharedAccess.LONG.setOpaque(segment, offset, value + delta);
    }

    /**
     * The ring memory.
     *
     * @return the segment.
     */
    public MemorySegment segment()
    {
        return segment;
    }

    /**
     * The region.
     *
     * @return the region.
     */
    public Region region()
    {
        return region;
    }

    /**
     * SQ size.
     *
     * @return entries.
     */
    public int sqEntries()
    {
        return sqEntries;
    }

    /**
     * CQ size.
     *
     * @return entries.
     */
    public int cqEntries()
    {
        return cqEntries;
    }

    /**
     * The doorbell the server sleeps on.
     *
     * @return the doorbell.
     */
    public Doorbell serverDoorbell()
    {
        return serverDoorbell;
    }

    /**
     * The doorbell the client sleeps on.
     *
     * @return the doorbell.
     */
    public Doorbell clientDoorbell()
    {
        return clientDoorbell;
    }

    /**
     * Whether the peer end lives in another process.
     *
     * @return true for file rings.
     */
    public boolean isCrossProcess()
    {
        return crossProcess;
    }

    /**
     * Whether a process is alive, for noticing a peer that died without closing.
     *
     * @param pid process id from the header, 0 if none recorded.
     * @return false only if the pid is known and that process is gone.
     */
    public static boolean isAlive(final long pid)
    {
        return 0 == pid || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
