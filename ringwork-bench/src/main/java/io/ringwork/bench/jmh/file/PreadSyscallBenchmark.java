package io.ringwork.bench.jmh.file;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The floor under {@code cache_vs_psync}: one cached 4 KiB read as the bare system calls, through the same critical
 * downcalls, without any Ringwork or JDK code around them. {@code preadv2(.., RWF_NOWAIT)}, the call the inline read
 * must make to stay non-blocking, against {@code pread}, the call {@code FileChannel.read} makes. The kernel's
 * {@code preadv2} copies and checks an iovec that {@code pread} does not have, so the NOWAIT path starts a few percent
 * behind {@code pread} before any user-space code runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PreadSyscallBenchmark
{
    private static final int BLOCK = SmallFile.BLOCK;
    private static final int BLOCKS = SmallFile.BLOCKS;
    private static final int STEPS = SmallFile.STEPS;
    private static final int RWF_NOWAIT = 8;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close")
        .orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PREAD = LINKER.downcallHandle(LINKER.defaultLookup().find("pread")
        .orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
        Linker.Option.critical(false));
    private static final MethodHandle PREADV2 = LINKER.downcallHandle(LINKER.defaultLookup().find("preadv2")
        .orElseThrow(), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT),
        Linker.Option.critical(false));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer = arena.allocate(BLOCK, BLOCK);
    private final MemorySegment iovec = arena.allocate(2 * JAVA_LONG.byteSize(), Long.BYTES);
    private final long[] offsets = SmallFile.offsets();
    private Path file;
    private int fd;
    private int step;

    /**
     * Writes a 16 MiB file, reads it once so it is cached, and opens it.
     *
     * @throws Throwable if the file cannot be written or opened.
     */
    @Setup(Level.Trial)
    public void setUp() throws Throwable
    {
        file = SmallFile.create("ringwork-jmh-pread");
        fd = (int)OPEN.invokeExact(arena.allocateFrom(file.toString()), 0);
        if (fd < 0)
        {
            throw new IOException("open " + file);
        }
        iovec.set(JAVA_LONG, 0, buffer.address());
        iovec.set(JAVA_LONG, JAVA_LONG.byteSize(), BLOCK);
        for (int i = 0; i < BLOCKS; i++)
        {
            final long ignored = (long)PREAD.invokeExact(fd, buffer, (long)BLOCK, (long)i * BLOCK);
        }
    }

    /**
     * Closes and deletes the file.
     *
     * @throws Throwable if closing fails.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Throwable
    {
        final int ignored = (int)CLOSE.invokeExact(fd);
        arena.close();
        Files.deleteIfExists(file);
    }

    /**
     * {@code pread}.
     *
     * @return bytes read.
     * @throws Throwable never in practice.
     */
    @Benchmark
    public long pread() throws Throwable
    {
        return (long)PREAD.invokeExact(fd, buffer, (long)BLOCK, offsets[step++ & (STEPS - 1)]);
    }

    /**
     * {@code preadv2(.., RWF_NOWAIT)}.
     *
     * @return bytes read.
     * @throws Throwable never in practice.
     */
    @Benchmark
    public long preadv2Nowait() throws Throwable
    {
        return (long)PREADV2.invokeExact(fd, iovec, 1, offsets[step++ & (STEPS - 1)], RWF_NOWAIT);
    }
}
