package io.ringwork.internal.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.buffer.BufferRef;
import io.ringwork.internal.layout.BufferPoolDescriptor;
import io.ringwork.internal.memory.ArenaRegion;
import io.ringwork.internal.memory.MappedFileRegion;
import io.ringwork.internal.memory.Region;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The memory of a pool's segments, by id: the owner creates them (in arenas, or as 0600 files in a directory); a peer
 * maps them from that directory on first use, after checking the published segment count and the header.
 * <p>
 * Lookups are lock-free: the array of mapped segments is copied on change and published through a volatile field.
 * Adding a segment is serialized by this object's monitor.
 */
public final class SegmentTable implements AutoCloseable
{
    private static final MemorySegment[] NO_SEGMENTS = new MemorySegment[0];

    private final Path directory;
    private final boolean owner;
    private final long addressAlignment;
    private final int maxSegments;
    private final long poolId;
    private volatile MemorySegment[] segments = NO_SEGMENTS;
    private Region[] regions = new Region[0];
    private boolean closed;

    private SegmentTable(final Path directory, final boolean owner, final long addressAlignment,
        final int maxSegments, final long poolId)
    {
        this.directory = directory;
        this.owner = owner;
        this.addressAlignment = addressAlignment;
        this.maxSegments = maxSegments;
        this.poolId = poolId;
    }

    /**
     * The owner's table, with segment 0 created.
     *
     * @param directory        where segment files go, or null for arena memory.
     * @param segment0Length   length of segment 0.
     * @param maxSegments      the most segments.
     * @param minAlignment     the pool's minimum alignment, recorded for peers.
     * @param addressAlignment alignment of arena segment addresses (files are page-aligned by mmap).
     * @return the table.
     */
    public static SegmentTable create(final Path directory, final long segment0Length, final int maxSegments,
        final long minAlignment, final long addressAlignment)
    {
        long poolId = 0;
        final SecureRandom random = new SecureRandom();
        while (0 == poolId)
        {
            poolId = random.nextLong();
        }
        final SegmentTable table = new SegmentTable(directory, true, addressAlignment, maxSegments, poolId);
        table.addOwned(0, segment0Length, (int)minAlignment);
        return table;
    }

    /**
     * A peer's table: maps and validates segment 0 now, the others on first use.
     *
     * @param directory the owner's pool directory.
     * @return the table.
     * @throws RingworkException {@link Errno#ENOENT} if there is no pool, {@link Errno#EPROTO} if segment 0 is not
     *                           a valid pool segment.
     */
    public static SegmentTable attach(final Path directory)
    {
        final Path path = directory.resolve(BufferPoolDescriptor.fileName(0));
        final MappedFileRegion region = MappedFileRegion.open(path, false);
        try
        {
            final long poolId = BufferPoolDescriptor.checkMapped(region.segment(), 0, 0, path.toString());
            final int max = BufferPoolDescriptor.maxSegments(region.segment());
            if (max < 1 || max > BufferRef.MAX_SEGMENT_ID + 1)
            {
                throw new RingworkException(Errno.EPROTO, "pool maxSegments=" + max + " out of range (" + path + ")");
            }
            final SegmentTable table = new SegmentTable(directory, false, BufferPoolDescriptor.HEADER_LENGTH, max,
                poolId);
            table.publish(0, region);
            return table;
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    /**
     * Creates and publishes the next segment (owner only).
     *
     * @param length bytes, header included.
     * @return its id.
     */
    public synchronized int grow(final long length)
    {
        final int id = segments.length;
        addOwned(id, length, 0);
        return id;
    }

    private void addOwned(final int id, final long length, final int minAlignment)
    {
        if (closed)
        {
            throw new RingworkException(Errno.ESHUTDOWN, "pool is closed");
        }
        final Region region = null == directory ?
            ArenaRegion.allocate(length, addressAlignment) :
            MappedFileRegion.create(directory.resolve(BufferPoolDescriptor.fileName(id)), length);
        try
        {
            final MemorySegment memory = region.segment();
            if (0 == id)
            {
                BufferPoolDescriptor.initializeControl(memory, maxSegments, minAlignment);
            }
            BufferPoolDescriptor.initialize(memory, id, poolId);
            publish(id, region);
            if (0 != id)
            {
                BufferPoolDescriptor.publishSegmentCount(segments[0], id + 1);
            }
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    private void publish(final int id, final Region region)
    {
        final MemorySegment[] current = segments;
        final MemorySegment[] next = Arrays.copyOf(current, Math.max(current.length, id + 1));
        next[id] = region.segment();
        if (regions.length <= id)
        {
            regions = Arrays.copyOf(regions, Math.max(id + 1, regions.length * 2));
        }
        regions[id] = region;
        segments = next;
    }

    /**
     * The memory of a segment, mapping it first on a peer that has not seen it yet.
     *
     * @param id a segment id from a reference.
     * @return the segment, or null if no such segment exists (yet).
     * @throws RingworkException {@link Errno#EPROTO} if a peer finds the segment's file invalid.
     */
    public MemorySegment segment(final int id)
    {
        final MemorySegment[] current = segments;
        if (id >= 0 && id < current.length)
        {
            final MemorySegment found = current[id];
            if (null != found)
            {
                return found;
            }
        }
        return owner ? null : mapOnFirstUse(id);
    }

    /**
     * The memory of a segment this process has already mapped, without mapping anything.
     *
     * @param id a segment id.
     * @return the segment, or null.
     */
    public MemorySegment mapped(final int id)
    {
        final MemorySegment[] current = segments;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    private synchronized MemorySegment mapOnFirstUse(final int id)
    {
        if (closed || id < 0 || id >= maxSegments)
        {
            return null;
        }
        final MemorySegment[] current = segments;
        if (id < current.length && null != current[id])
        {
            return current[id];
        }
        final int published = BufferPoolDescriptor.segmentCountAcquire(current[0]);
        if (id >= published || published > maxSegments)
        {
            return null;
        }
        final Path path = directory.resolve(BufferPoolDescriptor.fileName(id));
        final MappedFileRegion region = MappedFileRegion.open(path, false);
        try
        {
            BufferPoolDescriptor.checkMapped(region.segment(), id, poolId, path.toString());
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
        publish(id, region);
        return region.segment();
    }

    /**
     * Segments this process has mapped (the owner: all of them).
     *
     * @return the count, including unmapped gaps below the highest mapped id on a peer.
     */
    public int length()
    {
        return segments.length;
    }

    /**
     * Segments the owner has published, read from segment 0.
     *
     * @return the count.
     */
    public int publishedCount()
    {
        return BufferPoolDescriptor.segmentCountAcquire(segments[0]);
    }

    /**
     * Whether the owner has closed the pool, read from segment 0.
     *
     * @return true once the owner closed it.
     */
    public boolean ownerClosed()
    {
        return 0 != (BufferPoolDescriptor.statusVolatile(segments[0]) & BufferPoolDescriptor.STATUS_OWNER_CLOSED);
    }

    /**
     * The pool's random id, the same in every segment header.
     *
     * @return the id.
     */
    public long poolId()
    {
        return poolId;
    }

    /**
     * The most segments.
     *
     * @return the count.
     */
    public int maxSegments()
    {
        return maxSegments;
    }

    /**
     * The directory of segment files.
     *
     * @return it, or null for arena memory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Unmaps every segment; the owner also marks the pool closed and removes its files.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (owner)
        {
            BufferPoolDescriptor.markOwnerClosed(segments[0]);
        }
        segments = NO_SEGMENTS;
        for (int i = regions.length - 1; i >= 0; i--)
        {
            if (null != regions[i])
            {
                regions[i].close();
                regions[i] = null;
            }
        }
    }
}
