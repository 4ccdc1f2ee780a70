package io.ringwork;

import io.ringwork.buffer.BufferPoolOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link Ringwork} runtime is set up. Validated once, in the constructor, with messages naming the value.
 *
 * @param pool       the runtime's buffer pool, when it makes its own.
 * @param fileRoot   the directory {@code file:} serves; {@code "/"} serves the whole file system.
 * @param maxHandles open handle numbers per ring, 1 to 1048576 (EMFILE beyond).
 * @param portableFiles true to run {@code file:} on the portable NIO backend even where io_uring is available
 *                      (the system property {@code -Dringwork.iouring=false} does the same for a whole JVM).
 * @param ioUring    how the io_uring {@code file:} backend sets up its ring and serves reads.
 */
public record RingworkOptions(BufferPoolOptions pool, Path fileRoot, int maxHandles, boolean portableFiles,
    IoUringOptions ioUring)
{
    /** Default handles per ring, Linux's default {@code ulimit -n}. */
    public static final int DEFAULT_MAX_HANDLES = 1024;
    /** Largest {@link #maxHandles}. */
    public static final int LARGEST_MAX_HANDLES = 1 << 20;

    /**
     * Validates the options.
     *
     * @param pool       buffer pool options.
     * @param fileRoot   directory served by {@code file:}.
     * @param maxHandles handles per ring.
     * @param portableFiles whether {@code file:} is forced onto NIO.
     * @param ioUring    the io_uring backend's setup.
     */
    public RingworkOptions
    {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(ioUring, "ioUring");
        Objects.requireNonNull(fileRoot, "fileRoot");
        if (!fileRoot.isAbsolute())
        {
            throw new IllegalArgumentException("fileRoot=" + fileRoot + " must be absolute");
        }
        if (maxHandles < 1 || maxHandles > LARGEST_MAX_HANDLES)
        {
            throw new IllegalArgumentException("maxHandles=" + maxHandles + " must be in [1, " +
                LARGEST_MAX_HANDLES + "]");
        }
    }

    /**
     * The pool's defaults, {@code file:} serving "/" on io_uring where available, 1024 handles per ring.
     *
     * @return the defaults.
     */
    public static RingworkOptions defaults()
    {
        return new RingworkOptions(BufferPoolOptions.defaults(), Path.of("/"), DEFAULT_MAX_HANDLES, false,
            IoUringOptions.defaults());
    }

    /**
     * These options with another pool.
     *
     * @param options buffer pool options.
     * @return new options.
     */
    public RingworkOptions withPool(final BufferPoolOptions options)
    {
        return new RingworkOptions(options, fileRoot, maxHandles, portableFiles, ioUring);
    }

    /**
     * These options with {@code file:} confined to a directory.
     *
     * @param root an absolute directory.
     * @return new options.
     */
    public RingworkOptions withFileRoot(final Path root)
    {
        return new RingworkOptions(pool, root, maxHandles, portableFiles, ioUring);
    }

    /**
     * These options with another handle limit.
     *
     * @param count handles per ring.
     * @return new options.
     */
    public RingworkOptions withMaxHandles(final int count)
    {
        return new RingworkOptions(pool, fileRoot, count, portableFiles, ioUring);
    }

    /**
     * These options with {@code file:} on the portable NIO backend, or back on io_uring where available.
     *
     * @param portable true for NIO.
     * @return new options.
     */
    public RingworkOptions withPortableFiles(final boolean portable)
    {
        return new RingworkOptions(pool, fileRoot, maxHandles, portable, ioUring);
    }

    /**
     * These options with another io_uring setup.
     *
     * @param options the io_uring backend's setup.
     * @return new options.
     */
    public RingworkOptions withIoUring(final IoUringOptions options)
    {
        return new RingworkOptions(pool, fileRoot, maxHandles, portableFiles, options);
    }
}
