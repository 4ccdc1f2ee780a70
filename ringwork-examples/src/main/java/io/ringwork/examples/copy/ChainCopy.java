package io.ringwork.examples.copy;

import io.ringwork.AsyncIo;
import io.ringwork.IoChain;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.nio.file.Path;

/**
 * Copies one file to another with chains: a file that fits the buffer goes in one chain of six steps
 * (open both → read → write the count read → close both), a larger one in one such chain per chunk. The handles and
 * the byte count travel through the chain's registers, never through Java.
 * <pre>
 *   ChainCopy SOURCE DESTINATION
 * </pre>
 */
public final class ChainCopy
{
    /** Bytes each chain moves. */
    public static final int CHUNK = 1 << 20;

    private static final int SOURCE = 0;
    private static final int TARGET = 1;
    private static final int COUNT = 2;

    private ChainCopy()
    {
    }

    /**
     * Copies {@code source} to {@code target} (created or truncated) through a reactor.
     *
     * @param io     a ring of a reactor whose runtime serves {@code file:}.
     * @param source a path the runtime's {@code file:} reaches.
     * @param target likewise.
     * @return bytes copied.
     */
    public static long copy(final AsyncIo io, final Path source, final Path target)
    {
        final BufferPool pool = io.pool();
        final long buffer = pool.allocate(CHUNK, 4096);
        try
        {
            long copied = 0;
            while (true)
            {
                final IoChain.Submitted chain = io.chain()
                    .open("file:" + source.toAbsolutePath(), VerbFlags.OPEN_READ).saveTo(SOURCE)
                    .open("file:" + target.toAbsolutePath(), VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE |
                        (0 == copied ? VerbFlags.OPEN_TRUNCATE : 0)).saveTo(TARGET)
                    .read(0, buffer, CHUNK, copied).handleFrom(SOURCE).saveTo(COUNT).hardLink()
                    .write(0, buffer, 0, copied).handleFrom(TARGET).load(2, COUNT).hardLink()
                    .close(0).handleFrom(SOURCE).hardLink()
                    .close(0).handleFrom(TARGET)
                    .submit();
                chain.done().join();
                final long read = chain.<Long>step(2).join();
                copied += read;
                if (read < CHUNK)
                {
                    return copied;
                }
            }
        }
        finally
        {
            pool.free(buffer);
        }
    }

    /**
     * Runs the sample.
     *
     * @param args source and destination.
     */
    public static void main(final String[] args)
    {
        if (2 != args.length)
        {
            System.err.println("usage: ChainCopy SOURCE DESTINATION");
            System.exit(2);
        }
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final long bytes = copy(reactor.io(), Path.of(args[0]), Path.of(args[1]));
            System.out.println("copied " + bytes + " bytes with file: on " + runtime.fileBackend());
        }
    }
}
