package io.ringwork.bench.jmh.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * The file the cached-read benchmarks read: {@link #BLOCKS} blocks of {@link #BLOCK} random bytes (16 MiB, small
 * enough that reading it all the time keeps it in the page cache), and the random block offsets they read at.
 */
final class SmallFile
{
    /** Bytes per read. */
    static final int BLOCK = 4096;
    /** Blocks in the file. */
    static final int BLOCKS = 4096;
    /** Offsets in the table; a power of two, so a step counter masks into it. */
    static final int STEPS = 1 << 16;

    private SmallFile()
    {
    }

    /**
     * Writes a new temporary file.
     *
     * @param prefix the file name's start.
     * @return its path; the caller deletes it.
     * @throws IOException if it cannot be written.
     */
    static Path create(final String prefix) throws IOException
    {
        final Path file = Files.createTempFile(prefix, ".dat");
        final byte[] chunk = new byte[BLOCK * 256];
        new SplittableRandom(1).nextBytes(chunk);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            for (int i = 0; i < BLOCKS / 256; i++)
            {
                out.write(ByteBuffer.wrap(chunk));
            }
        }
        return file;
    }

    /**
     * Random block offsets, the same for every benchmark.
     *
     * @return {@link #STEPS} offsets.
     */
    static long[] offsets()
    {
        final long[] offsets = new long[STEPS];
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < STEPS; i++)
        {
            offsets[i] = (long)random.nextInt(BLOCKS) * BLOCK;
        }
        return offsets;
    }
}
