package io.ringwork.bench.jmh.file;

import io.ringwork.IoUringOptions;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * One random 4 KiB read of a small cached file (16 MiB, re-read all the time, so it stays resident): Ringwork's
 * {@code SyncIo.read} into a pool buffer, which the page cache serves on the calling thread
 * ({@code IoUringOptions.callerReads}), against {@code FileChannel.read} into a direct buffer (one {@code pread}),
 * and {@code SyncIo.read} with caller reads off (the ring path) for scale. Run with {@code -prof gc}: the caller path
 * should show {@code gc.alloc.rate.norm} 0.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class CallerReadBenchmark
{
    private static final int BLOCK = SmallFile.BLOCK;
    private static final int BLOCKS = SmallFile.BLOCKS;
    private static final int STEPS = SmallFile.STEPS;

    /** Whether Ringwork reads on the caller's thread. */
    @Param({"true", "false"})
    public boolean callerReads;

    private Path file;
    private Ringwork runtime;
    private RingReactor reactor;
    private SyncIo io;
    private long handle;
    private long buffer;
    private FileChannel channel;
    private final ByteBuffer direct = ByteBuffer.allocateDirect(BLOCK);
    private final long[] offsets = SmallFile.offsets();
    private int step;

    /**
     * Writes the file and opens it both ways.
     *
     * @throws IOException if the file cannot be written.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        file = SmallFile.create("ringwork-jmh-read");
        runtime = Ringwork.start(RingworkOptions.defaults()
            .withIoUring(IoUringOptions.defaults().withCallerReads(callerReads)));
        reactor = RingReactor.start(runtime);
        io = reactor.sync();
        handle = io.open("file:" + file.toAbsolutePath(), VerbFlags.OPEN_READ);
        buffer = runtime.pool().allocate(BLOCK, BLOCK);
        channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Closes everything and removes the file.
     *
     * @throws IOException if the file cannot be removed.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        channel.close();
        io.close(handle);
        reactor.close();
        runtime.close();
        Files.deleteIfExists(file);
    }

    private long nextOffset()
    {
        return offsets[step++ & (STEPS - 1)];
    }

    /**
     * {@code SyncIo.read} into a pool buffer.
     *
     * @return bytes read.
     */
    @Benchmark
    public long syncIoRead()
    {
        return io.read(handle, buffer, BLOCK, nextOffset());
    }

    /**
     * {@code FileChannel.read} at a position into a direct buffer.
     *
     * @return bytes read.
     * @throws IOException never, for a good file.
     */
    @Benchmark
    public int fileChannelRead() throws IOException
    {
        direct.clear();
        return channel.read(direct, nextOffset());
    }
}
