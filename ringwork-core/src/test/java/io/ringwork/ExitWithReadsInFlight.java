package io.ringwork;

import java.nio.charset.StandardCharsets;
import java.lang.foreign.MemorySegment;

/**
 * A child JVM that leaves O_DIRECT reads in the io_uring loop and exits: {@code exit} at once (the process tears the
 * ring down), or {@code hook} with a shutdown hook that closes the runtime first (the loop cancels and reaps what is
 * in the kernel, then unmaps and closes the ring once). Prints {@code submitted}, and {@code closed} from the hook.
 */
public final class ExitWithReadsInFlight
{
    private static final int READS = 200;
    private static final int BLOCK = 4096;

    private ExitWithReadsInFlight()
    {
    }

    /**
     * Runs the child.
     *
     * @param args the file to read, then {@code exit} or {@code hook}.
     */
    public static void main(final String[] args)
    {
        final Ringwork runtime = Ringwork.start();
        if ("hook".equals(args[1]))
        {
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                runtime.close();
                runtime.close();
                System.out.println("closed");
                System.out.flush();
            }));
        }
        final Ring ring = runtime.open(RingOptions.defaults().withEntries(256, 512));
        final byte[] path = ("file:" + args[0]).getBytes(StandardCharsets.UTF_8);
        final long pathRef = runtime.pool().allocate(path.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(path), 0, runtime.pool().slice(pathRef, path.length), 0,
            path.length);
        ring.getSqe().prepOpen(pathRef, path.length, VerbFlags.OPEN_READ | VerbFlags.OPEN_DIRECT, 0);
        ring.enter(Integer.MAX_VALUE, 1, 10_000_000_000L);
        final long handle = ring.peekCqe().result();
        ring.advanceCq(1);
        for (int i = 0; i < READS; i++)
        {
            final long buffer = runtime.pool().allocate(BLOCK, BLOCK);
            ring.getSqe().prepRead(handle, buffer, BLOCK, (long)(i * 37 % 256) * BLOCK).userData(i);
        }
        ring.enter(Integer.MAX_VALUE, 0, 0);
        System.out.println("submitted " + runtime.fileBackend());
        System.out.flush();
        System.exit(0);
    }
}
