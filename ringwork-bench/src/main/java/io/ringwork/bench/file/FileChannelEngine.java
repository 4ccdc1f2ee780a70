package io.ringwork.bench.file;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code FileChannel} positional reads: one platform thread for depth 1 ({@code pread}, the "psync" baseline), or
 * {@code depth} virtual threads each doing blocking reads.
 */
public final class FileChannelEngine implements ReadEngine
{
    @Override
    public String name()
    {
        return "filechannel";
    }

    @Override
    public double run(final Job job) throws Exception
    {
        try (FileChannel channel = open(job))
        {
            return BlockingReaders.run(job, job.durationNanos(), () ->
            {
                final ByteBuffer buffer = alignedBuffer(job.blockSize());
                return offset ->
                {
                    buffer.clear();
                    channel.read(buffer, offset);
                };
            });
        }
    }

    static FileChannel open(final Job job) throws IOException
    {
        final List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ));
        if (job.direct())
        {
            options.add(ExtendedOpenOption.DIRECT);
        }
        return FileChannel.open(job.file(), options.toArray(new OpenOption[0]));
    }

    static ByteBuffer alignedBuffer(final int size)
    {
        return ByteBuffer.allocateDirect(size + 4096).alignedSlice(4096).limit(size);
    }
}
