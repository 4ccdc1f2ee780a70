package io.ringwork.internal.memory;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A region of memory a ring or a buffer-pool segment lives in: either private to this process ({@link ArenaRegion})
 * or a file under /dev/shm that two processes map ({@link MappedFileRegion}). Closing a region unmaps it exactly
 * once; the creator of a file region also removes the file.
 */
public sealed interface Region extends AutoCloseable permits ArenaRegion, MappedFileRegion
{
    /**
     * The memory, page-aligned, valid until {@link #close()}.
     *
     * @return the segment.
     */
    MemorySegment segment();

    /**
     * The backing file, if another process can map this region.
     *
     * @return the path, or empty for process-private memory.
     */
    Optional<Path> path();

    /**
     * Whether another process may share this memory, which decides how sides wait (futex vs park).
     *
     * @return true for file regions.
     */
    default boolean isShared()
    {
        return path().isPresent();
    }

    /**
     * Unmaps the region (and removes the file if this process created it). Idempotent.
     */
    @Override
    void close();
}
