package io.ringwork.bench.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Keeps a file in the page cache while a "cached" benchmark runs, and says how much of it is resident.
 * <p>
 * These machines run a reclaim job (DAMON) that evicts rarely touched page cache within seconds, so a cached
 * benchmark would quietly measure the disk. The file is mapped and locked with {@code mlock}; where locking is not
 * allowed, a background thread touches every page twice a second instead. Residency is measured with
 * {@code mincore} (through {@link MemorySegment#isLoaded()}) in 16 MiB chunks.
 */
public final class PageCacheResidency implements AutoCloseable
{
    private static final long CHUNK = 16L << 20;
    private static final MethodHandle MLOCK;

    static
    {
        final Linker linker = Linker.nativeLinker();
        MLOCK = linker.downcallHandle(linker.defaultLookup().find("mlock").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment mapping;
    private final String method;
    private final Thread toucher;
    private volatile boolean running = true;

    private PageCacheResidency(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        }
        mapping.load();
        int locked;
        try
        {
            locked = (int)MLOCK.invokeExact(mapping, mapping.byteSize());
        }
        catch (final Throwable ex)
        {
            locked = -1;
        }
        if (0 == locked)
        {
            method = "mlock";
            toucher = null;
        }
        else
        {
            method = "re-touch every 500 ms (mlock refused)";
            toucher = Thread.ofPlatform().daemon().name("ringwork-bench-retouch").start(this::retouch);
        }
    }

    /**
     * Loads a file into the page cache and keeps it there until closed.
     *
     * @param file the file.
     * @return the keeper.
     * @throws IOException if the file cannot be mapped.
     */
    public static PageCacheResidency hold(final Path file) throws IOException
    {
        return new PageCacheResidency(file);
    }

    private void retouch()
    {
        while (running)
        {
            mapping.load();
            try
            {
                Thread.sleep(500);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    /**
     * The fraction of the file resident in memory now.
     *
     * @return 0.0 to 1.0.
     */
    public double residentFraction()
    {
        return residentFraction(mapping);
    }

    /**
     * The fraction of a mapped file resident in memory now.
     *
     * @param mapping a file mapping.
     * @return 0.0 to 1.0.
     */
    public static double residentFraction(final MemorySegment mapping)
    {
        long resident = 0;
        for (long offset = 0; offset < mapping.byteSize(); offset += CHUNK)
        {
            final long length = Math.min(CHUNK, mapping.byteSize() - offset);
            if (mapping.asSlice(offset, length).isLoaded())
            {
                resident += length;
            }
        }
        return (double)resident / mapping.byteSize();
    }

    /**
     * How residency is kept.
     *
     * @return "mlock" or the fallback.
     */
    public String method()
    {
        return method;
    }

    @Override
    public void close()
    {
        running = false;
        if (null != toucher)
        {
            toucher.interrupt();
        }
        arena.close();
    }
}
