package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The second process of {@link CrossProcessBufferPoolTest}: attaches to a pool directory, checks the pattern the
 * owner wrote into each buffer it is told about, writes its answer back, and reports on stdout. Commands on stdin:
 * {@code CHECK <ref> <length>}, {@code BAD <ref> <length>}, {@code EXIT}.
 */
final class PoolPeer
{
    private PoolPeer()
    {
    }

    static byte pattern(final long i)
    {
        return (byte)(i * 31 + 7);
    }

    static byte answer(final long i)
    {
        return (byte)(i * 17 + 3);
    }

    public static void main(final String[] args) throws Exception
    {
        try (BufferPool pool = BufferPool.attach(Path.of(args[0]));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            System.out.println("attached segments=" + pool.segmentCount());
            String line;
            while (null != (line = in.readLine()))
            {
                final String[] words = line.trim().split(" ");
                switch (words[0])
                {
                    case "CHECK" ->
                    {
                        final long ref = Long.parseLong(words[1]);
                        final long length = Long.parseLong(words[2]);
                        final int before = pool.segmentCount();
                        final MemorySegment buffer = pool.slice(ref, length);
                        long wrong = 0;
                        final long half = length / 2;
                        for (long i = 0; i < half; i++)
                        {
                            if (buffer.get(ValueLayout.JAVA_BYTE, i) != pattern(i))
                            {
                                wrong++;
                            }
                        }
                        for (long i = half; i < length; i++)
                        {
                            buffer.set(ValueLayout.JAVA_BYTE, i, answer(i));
                        }
                        System.out.println("checked " + BufferRef.toString(ref) + " wrong=" + wrong +
                            " segmentsBefore=" + before + " segmentsAfter=" + pool.segmentCount());
                    }
                    case "BAD" ->
                    {
                        try
                        {
                            pool.slice(Long.parseLong(words[1]), Long.parseLong(words[2]));
                            System.out.println("bad accepted");
                        }
                        catch (final RingworkException ex)
                        {
                            System.out.println("bad refused " + (Errno.EFAULT == ex.errno() ? "EFAULT" : ex));
                        }
                    }
                    case "EXIT" ->
                    {
                        System.out.println("bye");
                        return;
                    }
                    default -> System.out.println("unknown command " + line);
                }
            }
        }
    }
}
