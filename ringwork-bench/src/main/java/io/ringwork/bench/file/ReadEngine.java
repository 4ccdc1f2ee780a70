package io.ringwork.bench.file;

import io.ringwork.Ringwork;

import java.nio.file.Path;

/**
 * One way of doing random block reads from a file, measured for a fixed time.
 */
public interface ReadEngine
{
    /**
     * The figure prefix, such as {@code filechannel} or {@code ringwork}.
     *
     * @return the name.
     */
    String name();

    /**
     * Fails a Ringwork engine whose runtime fell back from io_uring: the probe found io_uring (see
     * {@link #unavailableBecause}), yet this runtime's ring could not be set up, and measuring the fallback under
     * the io_uring engine's name would mislabel the figure.
     *
     * @param runtime the engine's runtime.
     * @throws IllegalStateException naming the backend it fell back to.
     */
    static void requireIoUring(final Ringwork runtime)
    {
        if (!"io_uring".equals(runtime.fileBackend()))
        {
            throw new IllegalStateException("file: fell back to " + runtime.fileBackend() + " (the log says why)");
        }
    }

    /**
     * Whether this engine can run here (fio installed, io_uring available, ...).
     *
     * @return null if it can, else why not.
     */
    default String unavailableBecause()
    {
        return null;
    }

    /**
     * Whether this engine has anything to measure for a job (the inline NOWAIT read, say, has nothing on O_DIRECT).
     *
     * @param job the measurement about to run.
     * @return null if it has, else why not.
     */
    default String notApplicableBecause(final Job job)
    {
        return null;
    }

    /**
     * Reads random aligned blocks for {@code durationNanos} with {@code depth} reads outstanding.
     *
     * @param job what to read and how.
     * @return reads completed per second.
     * @throws Exception if the engine fails; the suite reports it.
     */
    double run(Job job) throws Exception;

    /**
     * One measurement.
     *
     * @param file          the file.
     * @param fileSize      its size in bytes.
     * @param blockSize     bytes per read, a multiple of 4096.
     * @param depth         reads outstanding.
     * @param direct        {@code O_DIRECT}, bypassing the page cache.
     * @param durationNanos how long to measure.
     */
    record Job(Path file, long fileSize, int blockSize, int depth, boolean direct, long durationNanos)
    {
        /**
         * A random block-aligned offset.
         *
         * @param random a per-thread generator.
         * @return the offset.
         */
        public long randomOffset(final java.util.SplittableRandom random)
        {
            return random.nextLong(fileSize / blockSize) * blockSize;
        }
    }
}
