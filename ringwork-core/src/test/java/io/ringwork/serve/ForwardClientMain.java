package io.ringwork.serve;

import io.ringwork.AsyncIo;
import io.ringwork.FileStat;
import io.ringwork.RingReactor;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A second JVM that writes {@code count} 16-byte records into {@code <name>:<file>} at once (all in flight together),
 * reads each back, checks every byte and the size, and prints {@code verified <count>}; a mismatch exits with 1:
 * {@code <directory> <name> <file> <count>}.
 */
public final class ForwardClientMain
{
    /** Bytes per record. */
    public static final int RECORD = 16;

    private ForwardClientMain()
    {
    }

    /**
     * The record at an index.
     *
     * @param index from 0.
     * @return 16 ASCII bytes.
     */
    public static String record(final int index)
    {
        return String.format("record-%08d\n", index);
    }

    /**
     * Writes, reads and checks.
     *
     * @param args directory, name, file, count.
     */
    public static void main(final String[] args)
    {
        final String name = args[1];
        final int count = Integer.parseInt(args[3]);
        try (SchemeConnection connection = SchemeConnection.connect(name, SchemeConnectionOptions.defaults()
                .withDirectory(Path.of(args[0])));
            RingReactor reactor = RingReactor.start(connection.ring(), connection.pool()))
        {
            final SyncIo sync = reactor.sync();
            final AsyncIo io = reactor.io();
            final long handle = sync.open(name + ":" + args[2],
                VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            final List<CompletableFuture<Long>> writes = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                writes.add(io.write(handle, ByteBuffer.wrap(record(i).getBytes(StandardCharsets.US_ASCII)),
                    (long)i * RECORD));
            }
            for (final CompletableFuture<Long> write : writes)
            {
                check(RECORD == write.join(), "a short write");
            }
            final List<CompletableFuture<Long>> reads = new ArrayList<>();
            final List<ByteBuffer> buffers = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                final ByteBuffer dst = ByteBuffer.allocate(RECORD);
                buffers.add(dst);
                reads.add(io.read(handle, dst, (long)i * RECORD));
            }
            for (int i = 0; i < count; i++)
            {
                check(RECORD == reads.get(i).join(), "a short read of record " + i);
                final String got = new String(buffers.get(i).array(), StandardCharsets.US_ASCII);
                check(record(i).equals(got), "record " + i + " reads back as " + got);
            }
            final FileStat stat = sync.stat(handle);
            check((long)count * RECORD == stat.size(), "size " + stat.size());
            sync.close(handle);
            System.out.println("verified " + count);
            System.out.flush();
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            System.out.println("FAILED: " + message);
            System.out.flush();
            System.exit(1);
        }
    }
}
