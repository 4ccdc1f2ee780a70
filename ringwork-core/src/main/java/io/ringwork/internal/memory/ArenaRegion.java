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
        if (length <= 0)
        {
            throw new IllegalArgumentException("length=" + length + " must be positive");
        }
        final Arena arena = Arena.ofShared();
        try
        {
            return new ArenaRegion(arena, arena.allocate(length, PAGE));
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
