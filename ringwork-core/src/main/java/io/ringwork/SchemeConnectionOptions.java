package io.ringwork;

import io.ringwork.buffer.BufferPoolOptions;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link SchemeConnection} attaches. Validated once, in the constructor.
 *
 * @param directory where the scheme's socket is, and where this client puts its ring and pool files.
 * @param ring      the ring's sizes and how this client waits.
 * @param pool      the client's buffer pool, which the server maps.
 */
public record SchemeConnectionOptions(Path directory, RingOptions ring, BufferPoolOptions pool)
{
    /**
     * Validates the options.
     *
     * @param directory socket and file directory.
     * @param ring      ring options.
     * @param pool      pool options.
     */
    public SchemeConnectionOptions
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(ring, "ring");
        Objects.requireNonNull(pool, "pool");
        if (!directory.isAbsolute())
        {
            throw new IllegalArgumentException("directory=" + directory + " must be absolute");
        }
    }

    /**
     * {@link SchemeServerOptions#DEFAULT_DIRECTORY}, the default ring and pool.
     *
     * @return the defaults.
     */
    public static SchemeConnectionOptions defaults()
    {
        return new SchemeConnectionOptions(SchemeServerOptions.DEFAULT_DIRECTORY, RingOptions.defaults(),
            BufferPoolOptions.defaults());
    }

    /**
     * These options with another directory.
     *
     * @param path the directory the server publishes in.
     * @return new options.
     */
    public SchemeConnectionOptions withDirectory(final Path path)
    {
        return new SchemeConnectionOptions(path, ring, pool);
    }

    /**
     * These options with another ring.
     *
     * @param options sizes and waiting.
     * @return new options.
     */
    public SchemeConnectionOptions withRing(final RingOptions options)
    {
        return new SchemeConnectionOptions(directory, options, pool);
    }

    /**
     * These options with another pool.
     *
     * @param options pool sizes.
     * @return new options.
     */
    public SchemeConnectionOptions withPool(final BufferPoolOptions options)
    {
        return new SchemeConnectionOptions(directory, ring, options);
    }
}
