package io.ringwork.examples.checksum;

import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The CRC-32C of every regular file under a directory: one virtual thread per file, each with plain blocking calls
 * ({@link SyncIo}), all sharing one ring through one reactor. Reads land in pool buffers and are checksummed in
 * place.
 * <pre>
 *   TreeChecksum DIRECTORY
 * </pre>
 */
public final class TreeChecksum
{
    private static final int CHUNK = 256 * 1024;

    private TreeChecksum()
    {
    }

    /**
     * Checksums every regular file under {@code root}.
     *
     * @param io   blocking calls on a reactor whose runtime serves {@code file:}.
     * @param root the directory.
     * @return path (relative to {@code root}) to CRC-32C, sorted by path.
     */
    public static Map<String, Long> checksums(final SyncIo io, final Path root)
    {
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(root))
        {
            files = walk.filter(Files::isRegularFile).toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final Map<String, Long> sums = new ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor())
        {
            for (final Path file : files)
            {
                threads.submit(() -> sums.put(root.relativize(file).toString(), checksum(io, file)));
            }
        }
        return new TreeMap<>(sums);
    }

    private static long checksum(final SyncIo io, final Path file)
    {
        final BufferPool pool = io.async().pool();
        final long buffer = pool.allocate(CHUNK, 4096);
        final long handle = io.open("file:" + file.toAbsolutePath(), VerbFlags.OPEN_READ);
        try
        {
            final CRC32C crc = new CRC32C();
            long position = 0;
            long read;
            while ((read = io.read(handle, buffer, CHUNK, position)) > 0)
            {
                crc.update(pool.byteBuffer(buffer, read));
                position += read;
            }
            return crc.getValue();
        }
        finally
        {
            io.close(handle);
            pool.free(buffer);
        }
    }

    /**
     * Runs the sample.
     *
     * @param args the directory.
     */
    public static void main(final String[] args)
    {
        if (1 != args.length)
        {
            System.err.println("usage: TreeChecksum DIRECTORY");
            System.exit(2);
        }
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final Map<String, Long> sums = checksums(reactor.sync(), Path.of(args[0]));
            sums.forEach((path, crc) -> System.out.printf("%08x  %s%n", crc, path));
            System.out.println(sums.size() + " files, file: on " + runtime.fileBackend());
        }
    }
}
