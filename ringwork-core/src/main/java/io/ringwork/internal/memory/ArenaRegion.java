package io.ringwork.internal.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Process-private memory from a shared {@link Arena}: zeroed, page-aligned, usable from any thread.
 */
public final class ArenaRegion implements Region
{
    private static final long PAGE = 4096;

    private final Arena arena;
    private final MemorySegment segment;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ArenaRegion(final Arena arena, final MemorySegment segment)
    {
        this.arena = arena;
        this.segment = segment;
    }

    /**
     * Allocates zeroed memory.
     *
     * @param length bytes, at least 1.
     * @return the region.
     */
    public static ArenaRegion allocate(final long length)
    {
        return allocate(length, PAGE);
    }

    /**
     * Allocates zeroed memory whose address is a multiple of {@code alignment}.
     *
     * @param length    bytes, at least 1.
     * @param alignment a power of two, at least a page.
     * @return the region.
     */
    public static ArenaRegion allocate(final long length, final long alignment)
    {
        if (alignment < PAGE || 1 != Long.bitCount(alignment))
        {
            throw new IllegalArgumentException("alignment=" + alignment + " must be a power of two >= " + PAGE);
        }
        if (length <= 0)
        {
            throw new IllegalArgumentException("length=" + length + " must be positive");
        }
        final Arena arena = Arena.ofShared();
        try
        {
            return new ArenaRegion(arena, arena.allocate(length, alignment));
        }
        catch (final RuntimeException | Error ex)
        {
            arena.close();
            throw ex;
        }
    }

    @Override
    public MemorySegment segment()
    {
        return segment;
    }

    @Override
    public Optional<Path> path()
    {
        return Optional.empty();
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            arena.close();
        }
    }
}
