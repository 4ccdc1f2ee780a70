package io.ringwork;

import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.memory.MappedFileRegion;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A read-only look at a live ring file from outside the processes using it, as Aeron's stat tool reads a media
 * driver's counters. It maps the file read-only and decodes it only through the ring's layout descriptor; it can
 * never disturb the ring. Every read is a fresh load (opaque or acquire), so repeated calls show live values.
 */
public final class RingInspector implements AutoCloseable
{
    private final Path path;
    private final MappedFileRegion region;
    private final MemorySegment segment;
    private final RingCounters counters;

    private RingInspector(final Path path, final MappedFileRegion region)
    {
        this.path = path;
        this.region = region;
        this.segment = region.segment();
        this.counters = new RingCounters(segment);
    }

    /**
     * Maps a ring file read-only after checking its magic, version and sizes.
     *
     * @param file the ring file.
     * @return the inspector.
     * @throws RingworkException {@link Errno#EPROTO} if it is not a ring of this layout, or an I/O errno.
     */
    public static RingInspector open(final Path file)
    {
        final MappedFileRegion region = MappedFileRegion.open(file, true);
        try
        {
            RingDescriptor.checkMapped(region.segment(), file.toString());
            return new RingInspector(file, region);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
    }

    /**
     * Whether a file starts with the ring magic, read without mapping it.
     *
     * @param file any file.
     * @return true if it looks like a ring file.
     */
    public static boolean isRingFile(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer magic = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            return channel.read(magic, RingDescriptor.MAGIC_OFFSET) == Long.BYTES &&
                RingDescriptor.MAGIC == magic.getLong(0);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * The live counters.
     *
     * @return a view.
     */
    public RingCounters counters()
    {
        return counters;
    }

    /**
     * The client's process id.
     *
     * @return pid.
     */
    public long clientPid()
    {
        // plain: written once before the magic was published.
        return segment.get(JAVA_LONG, RingDescriptor.CLIENT_PID_OFFSET);
    }

    /**
     * The server's process id.
     *
     * @return pid, 0 if no server has attached.
     */
    public long serverPid()
    {
        // acquire: pairs with the server's release when it attaches.
        return (long)SharedAccess.LONG.getAcquire(segment, (long)RingDescriptor.SERVER_PID_OFFSET);
    }

    /**
     * When the ring was created.
     *
     * @return epoch milliseconds.
     */
    public long createdMillis()
    {
        // plain: written once before the magic was published.
        return segment.get(JAVA_LONG, RingDescriptor.CREATED_MILLIS_OFFSET);
    }

    /**
     * SQ size.
     *
     * @return entries.
     */
    public int sqEntries()
    {
        return RingDescriptor.sqEntries(segment);
    }

    /**
     * CQ size.
     *
     * @return entries.
     */
    public int cqEntries()
    {
        return RingDescriptor.cqEntries(segment);
    }

    /**
     * SQEs published and not yet taken by the server.
     *
     * @return count as seen now.
     */
    public int sqDepth()
    {
        return depth(RingDescriptor.SQ_TAIL_OFFSET, RingDescriptor.SQ_HEAD_OFFSET);
    }

    /**
     * CQEs published and not yet consumed by the client.
     *
     * @return count as seen now.
     */
    public int cqDepth()
    {
        return depth(RingDescriptor.CQ_TAIL_OFFSET, RingDescriptor.CQ_HEAD_OFFSET);
    }

    private int depth(final long tailOffset, final long headOffset)
    {
        // acquire on both: a consistent-enough snapshot for display; the difference is informational only.
        final int tail = (int)SharedAccess.INT.getAcquire(segment, tailOffset);
        final int head = (int)SharedAccess.INT.getAcquire(segment, headOffset);
        return tail - head;
    }

    /**
     * A register's value.
     *
     * @param index 0..6.
     * @return its value.
     */
    public long register(final int index)
    {
        Ring.checkRegister(index);
        // acquire: pairs with the release of whichever side saved it.
        return (long)SharedAccess.LONG.getAcquire(segment, RingDescriptor.registerOffset(index));
    }

    /**
     * The ring's state in words.
     *
     * @return "open", or the closed/broken bits, with the broken reason.
     */
    public String status()
    {
        final int status = RingDescriptor.statusVolatile(segment);
        if (0 == status)
        {
            return "open";
        }
        final StringBuilder out = new StringBuilder();
        if (0 != (status & RingDescriptor.STATUS_CLIENT_CLOSED))
        {
            out.append("client-closed ");
        }
        if (0 != (status & RingDescriptor.STATUS_SERVER_CLOSED))
        {
            out.append("server-closed ");
        }
        if (0 != (status & RingDescriptor.STATUS_BROKEN))
        {
            out.append("broken(").append(RingDescriptor.brokenReason(segment).name()).append(") ");
        }
        return out.toString().trim();
    }

    /**
     * Unmaps the file (never removes it).
     */
    @Override
    public void close()
    {
        region.close();
    }
}
