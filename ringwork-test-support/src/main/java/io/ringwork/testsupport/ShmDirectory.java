package io.ringwork.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory under /dev/shm (or the temp directory where /dev/shm is missing) for one test's ring and pool
 * files, removed with everything in it on close.
 */
public final class ShmDirectory implements AutoCloseable
{
    private final Path path;

    private ShmDirectory(final Path path)
    {
        this.path = path;
    }

    /**
     * Creates the directory.
     *
     * @return it.
     */
    public static ShmDirectory create()
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            final Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ?
                shm : Path.of(System.getProperty("java.io.tmpdir"));
            return new ShmDirectory(Files.createTempDirectory(parent, "ringwork-test-"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The directory.
     *
     * @return its path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * A file name inside it (not created).
     *
     * @param name the file name.
     * @return the path.
     */
    public Path resolve(final String name)
    {
        return path.resolve(name);
    }

    @Override
    public void close()
    {
        try (Stream<Path> walk = Files.walk(path))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(p ->
            {
                try
                {
                    Files.deleteIfExists(p);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
