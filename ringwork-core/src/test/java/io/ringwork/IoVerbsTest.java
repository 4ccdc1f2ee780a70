package io.ringwork;

import io.ringwork.internal.layout.IoVecDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.ringwork.VerbFlags.OPEN_APPEND;
import static io.ringwork.VerbFlags.OPEN_CREATE;
import static io.ringwork.VerbFlags.OPEN_READ;
import static io.ringwork.VerbFlags.OPEN_TRUNCATE;
import static io.ringwork.VerbFlags.OPEN_WRITE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * READ, WRITE, READV, WRITEV, FSYNC and STAT on every built-in scheme, with real files for {@code file:}.
 */
class IoVerbsTest
{
    private static final int RW = OPEN_READ | OPEN_WRITE;

    @TempDir
    Path dir;

    /**
     * The runtime's options; {@link IoVerbsOnNioTest} forces the portable file backend here.
     *
     * @return the options every test starts from.
     */
    RingworkOptions options()
    {
        return RingworkOptions.defaults();
    }

    @Test
    void shouldReadAndWriteAtOffsetsAndAtTheAdvancingPosition()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("mem:rw", RW | OPEN_CREATE);
            f.sqe().prepWrite(h, f.text("hello "), 6, -1);
            assertEquals(6, f.one().result());
            f.sqe().prepWrite(h, f.text("world"), 5, -1);
            assertEquals(5, f.one().result());
            f.sqe().prepWrite(h, f.text("W"), 1, 6);
            assertEquals(1, f.one().result(), "an explicit offset leaves the position alone");
            final long out = f.buffer(32);
            f.sqe().prepRead(h, out, 32, 0);
            assertEquals(11, f.one().result());
            assertEquals("hello World", f.read(out, 11));
            f.sqe().prepRead(h, out, 32, -1);
            assertEquals(0, f.one().result(), "the position is at the end after two current-position writes");
            f.sqe().prepRead(h, out, 4, 100);
            assertEquals(0, f.one().result(), "past the end reads nothing");
        }
    }

    @Test
    void shouldTruncateAndExtendFilesInMemoryAndOnDisk()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            for (final String path : new String[] {"mem:cut", "file:" + dir.resolve("cut.bin")})
            {
                final long h = f.open(path, RW | OPEN_CREATE);
                f.sqe().prepWrite(h, f.text("0123456789"), 10, 0);
                assertEquals(10, f.one().result());
                f.sqe().prepTruncate(h, 4);
                assertEquals(0, f.one().result(), path);
                final long stat = f.buffer(FileStat.BUFFER_LENGTH);
                f.sqe().prepStat(h, stat, FileStat.BUFFER_LENGTH);
                f.one();
                assertEquals(4, FileStat.read(f.runtime.pool().slice(stat, FileStat.BUFFER_LENGTH)).size(), path);
                f.sqe().prepTruncate(h, 8);
                assertEquals(0, f.one().result());
                final long out = f.buffer(16);
                f.sqe().prepRead(h, out, 16, 0);
                assertEquals(8, f.one().result(), path + " grew to 8");
                assertEquals("0123\0\0\0\0", f.read(out, 8), "with zeros");
                f.sqe().prepTruncate(h, -1);
                assertEquals(Errno.EINVAL, f.errno());
                final long ro = f.open(path, OPEN_READ);
                f.sqe().prepTruncate(ro, 0);
                assertEquals(Errno.EBADF, f.errno(), "a read-only handle cannot truncate");
            }
        }
    }

    @Test
    void shouldZeroFillAGapWrittenPastTheEnd()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("mem:gap", RW | OPEN_CREATE);
            f.sqe().prepWrite(h, f.text("x"), 1, 5000);
            assertEquals(1, f.one().result());
            final long out = f.buffer(5001);
            f.pool.slice(out, 5001).fill((byte)7);
            f.sqe().prepRead(h, out, 5001, 0);
            assertEquals(5001, f.one().result());
            final byte[] bytes = f.pool.slice(out, 5001).toArray(JAVA_BYTE);
            for (int i = 0; i < 5000; i++)
            {
                assertEquals(0, bytes[i], "byte " + i);
            }
            assertEquals('x', bytes[5000]);
        }
    }

    @Test
    void shouldScatterAndGatherWithVectors()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("mem:v", RW | OPEN_CREATE);
            final long vector = f.buffer(3L * IoVecDescriptor.LENGTH);
            final MemorySegment v = f.pool.slice(vector, 3L * IoVecDescriptor.LENGTH);
            final long[] parts = {f.text("ab"), f.text("cde"), f.text("f")};
            final long[] lengths = {2, 3, 1};
            for (int i = 0; i < 3; i++)
            {
                v.set(JAVA_LONG_UNALIGNED, i * 16L, parts[i]);
                v.set(JAVA_LONG_UNALIGNED, i * 16L + 8, lengths[i]);
            }
            f.sqe().prepWritev(h, vector, 3, 0);
            assertEquals(6, f.one().result());
            final long[] outs = {f.buffer(1), f.buffer(4), f.buffer(8)};
            final long[] outLengths = {1, 4, 8};
            for (int i = 0; i < 3; i++)
            {
                v.set(JAVA_LONG_UNALIGNED, i * 16L, outs[i]);
                v.set(JAVA_LONG_UNALIGNED, i * 16L + 8, outLengths[i]);
            }
            f.sqe().prepReadv(h, vector, 3, 0);
            assertEquals(6, f.one().result());
            assertEquals("a", f.read(outs[0], 1));
            assertEquals("bcde", f.read(outs[1], 4));
            assertEquals("f", f.read(outs[2], 1));
            f.sqe().prepReadv(h, vector, 0, 0);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepReadv(h, vector, IoVecDescriptor.MAX_ENTRIES + 1, 0);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepReadv(h, vector, 64, 0);
            assertEquals(Errno.EFAULT, f.errno(), "the vector runs past its buffer's allocation");
            v.set(JAVA_LONG_UNALIGNED, 16, 0xABCDL << 48 | 4096);
            f.sqe().prepReadv(h, vector, 3, 0);
            assertEquals(Errno.EFAULT, f.errno(), "an entry names no buffer");
        }
    }

    @Test
    void shouldAppendEveryWriteToTheEnd()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("mem:log", RW | OPEN_CREATE);
            f.sqe().prepWrite(h, f.text("one"), 3, 0);
            assertEquals(3, f.one().result());
            final long a = f.open("mem:log", OPEN_WRITE | OPEN_APPEND);
            f.sqe().prepWrite(a, f.text("two"), 3, 0);
            assertEquals(3, f.one().result());
            final long out = f.buffer(16);
            f.sqe().prepRead(h, out, 16, 0);
            assertEquals(6, f.one().result());
            assertEquals("onetwo", f.read(out, 6));
            f.open("mem:log", OPEN_WRITE | OPEN_TRUNCATE);
            f.sqe().prepRead(h, out, 16, 0);
            assertEquals(0, f.one().result(), "truncated");
        }
    }

    @Test
    void shouldFailTransfersWithEbadfEfaultEinval()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long readOnly = f.open("mem:ro", RW | OPEN_CREATE);
            final long r = f.open("mem:ro", OPEN_READ);
            final long w = f.open("mem:ro", OPEN_WRITE);
            final long buf = f.buffer(8);
            f.sqe().prepWrite(r, buf, 8, 0);
            assertEquals(Errno.EBADF, f.errno(), "write on a read-only handle");
            f.sqe().prepRead(w, buf, 8, 0);
            assertEquals(Errno.EBADF, f.errno(), "read on a write-only handle");
            f.sqe().prepRead(1000, buf, 8, 0);
            assertEquals(Errno.EBADF, f.errno());
            f.sqe().prepRead(readOnly, buf, 4096, 0);
            assertEquals(Errno.EFAULT, f.errno(), "longer than the buffer");
            f.sqe().prepRead(readOnly, 0x7777L << 48 | 64, 8, 0);
            assertEquals(Errno.EFAULT, f.errno(), "unknown segment");
            f.sqe().prepRead(readOnly, buf, -5, 0);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepRead(readOnly, buf, 8, -7);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepRead(readOnly, 0, 0, 0);
            assertEquals(0, f.one().result(), "a zero-length read needs no buffer");
        }
    }

    @Test
    void shouldReadNothingFromNullAndZerosFromZeroAndSwallowWrites()
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long n = f.open("null:", RW);
            final long z = f.open("zero:", RW);
            final long buf = f.text("xxxxxxxx");
            f.sqe().prepRead(n, buf, 8, -1);
            assertEquals(0, f.one().result());
            f.sqe().prepWrite(n, buf, 8, -1);
            assertEquals(8, f.one().result());
            f.sqe().prepRead(z, buf, 8, -1);
            assertEquals(8, f.one().result());
            assertArrayEquals(new byte[8], f.pool.slice(buf, 8).toArray(JAVA_BYTE));
            f.sqe().prepWrite(z, buf, 8, 0);
            assertEquals(8, f.one().result());
        }
    }

    @Test
    void shouldReadAndWriteRealFiles() throws IOException
    {
        final Path file = dir.resolve("data.bin");
        Files.writeString(file, "0123456789");
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, RW);
            final long out = f.buffer(64);
            f.sqe().prepRead(h, out, 64, 2);
            assertEquals(8, f.one().result(), "a short read is the end of the file");
            assertEquals("23456789", f.read(out, 8));
            f.sqe().prepWrite(h, f.text("AB"), 2, 10);
            assertEquals(2, f.one().result());
            f.sqe().prepFsync(h, VerbFlags.FSYNC_DATA_ONLY);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepFsync(h, 0);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepFsync(h, 2);
            assertEquals(Errno.EINVAL, f.errno());
            assertEquals("0123456789AB", Files.readString(file));
            final Path created = dir.resolve("new.txt");
            final long c = f.open("file:" + created, OPEN_WRITE | OPEN_CREATE);
            f.sqe().prepWrite(c, f.text("fresh"), 5, -1);
            assertEquals(5, f.one().result());
            f.sqe().prepClose(c);
            assertEquals(Errno.EOK, f.errno());
            assertEquals("fresh", Files.readString(created));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)),
                "mode 0 creates with 0600");
        }
    }

    @Test
    void shouldRunAFileChainThroughWorkerThreadsInOneEnter() throws IOException
    {
        final Path file = dir.resolve("chain.txt");
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final String path = "file:" + file;
            final long out = f.buffer(16);
            f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), RW | OPEN_CREATE, 0)
                .flags(Sqe.LINK).saveResult(5);
            f.sqe().prepWrite(0, f.text("chained"), 7, -1).loadArg(0, 5).flags(Sqe.LINK);
            f.sqe().prepFsync(0, 0).loadArg(0, 5).flags(Sqe.LINK);
            f.sqe().prepRead(0, out, 16, 0).loadArg(0, 5).flags(Sqe.LINK);
            f.sqe().prepClose(0).loadArg(0, 5);
            final java.util.List<Completion> done = f.submitAndWait(5);
            assertEquals(java.util.List.of(Errno.EOK, Errno.EOK, Errno.EOK, Errno.EOK, Errno.EOK),
                done.stream().map(Completion::errno).toList(), done.toString());
            assertEquals(java.util.List.of(Opcode.OPEN.code(), Opcode.WRITE.code(), Opcode.FSYNC.code(),
                Opcode.READ.code(), Opcode.CLOSE.code()), done.stream().map(Completion::opcode).toList());
            assertEquals("chained", f.read(out, 7));
            assertEquals("chained", Files.readString(file));
        }
    }

    @Test
    void shouldKeepFileAccessInsideItsRoot() throws IOException
    {
        Files.writeString(dir.resolve("inside.txt"), "in");
        try (RuntimeFixture f = new RuntimeFixture(options().withFileRoot(dir),
            RingOptions.defaults()))
        {
            final long h = f.open("file:/inside.txt", OPEN_READ);
            final long out = f.buffer(8);
            f.sqe().prepRead(h, out, 8, 0);
            assertEquals(2, f.one().result());
            for (final String path : new String[] {"file:/../etc/passwd", "file:/a/../../x"})
            {
                f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), OPEN_READ, 0);
                assertEquals(Errno.EACCES, f.errno(), path);
            }
            f.sqe().prepOpen(f.text("file:relative"), 13, OPEN_READ, 0);
            assertEquals(Errno.ENOENT, f.errno());
            f.sqe().prepOpen(f.text("file:/missing"), 13, OPEN_READ, 0);
            assertEquals(Errno.ENOENT, f.errno());
            final String again = "file:/inside.txt";
            f.sqe().prepOpen(f.text(again), RuntimeFixture.length(again),
                OPEN_WRITE | OPEN_CREATE | VerbFlags.OPEN_EXCLUSIVE, 0);
            assertEquals(Errno.EEXIST, f.errno());
        }
    }

    @Test
    void shouldStatEverySchemeIntoTheDocumentedLayout() throws IOException
    {
        final Path file = dir.resolve("s.txt");
        Files.writeString(file, "12345");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long out = f.buffer(FileStat.BUFFER_LENGTH);
            final long h = f.open("file:" + file, OPEN_READ);
            f.sqe().prepStat(h, out, FileStat.BUFFER_LENGTH);
            assertEquals(FileStat.BUFFER_LENGTH, f.one().result());
            final FileStat fileStat = FileStat.read(f.pool.slice(out, FileStat.BUFFER_LENGTH));
            assertEquals(5, fileStat.size());
            assertEquals(FileStat.TYPE_REGULAR, fileStat.type());
            assertEquals(0640, fileStat.mode());
            assertEquals(Files.getLastModifiedTime(file).toMillis(), fileStat.modifyNanos() / 1_000_000);

            final long m = f.open("mem:st", RW | OPEN_CREATE);
            f.sqe().prepWrite(m, f.text("abc"), 3, 0);
            assertEquals(3, f.one().result());
            f.sqe().prepStat(m, out, 64);
            assertEquals(FileStat.BUFFER_LENGTH, f.one().result());
            final FileStat memStat = FileStat.read(f.pool.slice(out, FileStat.BUFFER_LENGTH));
            assertEquals(new FileStat(3, FileStat.TYPE_MEMORY, 0600, memStat.accessNanos(), memStat.modifyNanos(),
                memStat.changeNanos()), memStat);
            assertTrue(memStat.modifyNanos() > 0);

            final long n = f.open("null:", OPEN_READ);
            f.sqe().prepStat(n, out, FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EOK, f.errno());
            assertEquals(FileStat.TYPE_CHARACTER_DEVICE, FileStat.read(f.pool.slice(out, 48)).type());

            f.sqe().prepStat(n, out, FileStat.BUFFER_LENGTH - 1);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepStat(77, out, FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EBADF, f.errno());
            f.sqe().prepStat(n, 0x7777L << 48 | 64, FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EFAULT, f.errno());
        }
    }

    @Test
    void shouldReportFileErrorsAsErrnos() throws IOException
    {
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final String d = "file:" + dir;
            f.sqe().prepOpen(f.text(d), RuntimeFixture.length(d), OPEN_WRITE, 0);
            assertEquals(Errno.EISDIR, f.errno());
            final long h = f.open(d, OPEN_READ);
            f.sqe().prepRead(h, f.buffer(8), 8, 0);
            assertEquals(Errno.EISDIR, f.errno());
            final String bytes = new String(new byte[] {'x'}, StandardCharsets.UTF_8);
            assertEquals("x", bytes);
        }
    }

    @Test
    void shouldRefuseAFifoWithEnxioInsteadOfBlocking() throws Exception
    {
        final Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final String path = "file:" + fifo;
            f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), OPEN_READ, 0);
            assertEquals(Errno.ENXIO, f.errno(), "a FIFO with no writer must not block a thread");
            f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), OPEN_WRITE, 0);
            assertEquals(Errno.ENXIO, f.errno());
            final String devZero = "file:/dev/zero";
            f.sqe().prepOpen(f.text(devZero), RuntimeFixture.length(devZero), OPEN_READ, 0);
            assertEquals(Errno.ENXIO, f.errno(), "a device neither");
            Files.writeString(dir.resolve("plain.txt"), "plain");
            final long h = f.open("file:" + dir.resolve("plain.txt"), OPEN_READ);
            final long out = f.buffer(16);
            f.sqe().prepRead(h, out, 16, 0);
            assertEquals(5, f.one().result(), "a regular file still opens and reads");
            assertEquals("plain", f.read(out, 5));
        }
    }

    @Test
    void shouldReadAndWriteWithODirectOnlyWhenAligned() throws IOException
    {
        final int block = 4096;
        final byte[] content = new byte[16 * block];
        new java.util.Random(11).nextBytes(content);
        final Path file = dir.resolve("direct.bin");
        Files.write(file, content);
        try (RuntimeFixture f = new RuntimeFixture(options(), RingOptions.defaults()))
        {
            final long h = f.open("file:" + file, RW | VerbFlags.OPEN_DIRECT);
            final long aligned = f.pool.allocate(2L * block, block);
            f.sqe().prepRead(h, aligned, 2L * block, 3L * block);
            assertEquals(2L * block, f.one().result());
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 3 * block, 5 * block),
                f.pool.slice(aligned, 2L * block).toArray(JAVA_BYTE));
            f.sqe().prepRead(h, aligned, block, 100);
            assertEquals(Errno.EINVAL, f.errno(), "an unaligned position");
            f.sqe().prepRead(h, aligned, 100, 0);
            assertEquals(Errno.EINVAL, f.errno(), "an unaligned length");
            long misplaced = -1;
            for (int i = 0; i < 8 && misplaced < 0; i++)
            {
                final long candidate = f.pool.allocate(block + 64L * (i + 1), 64);
                if (0 != (f.pool.slice(candidate, 1).address() & (block - 1)))
                {
                    misplaced = candidate;
                }
            }
            assertTrue(misplaced >= 0, "a 64-byte aligned buffer that is not 4 KiB aligned");
            f.sqe().prepRead(h, misplaced, block, 0);
            assertEquals(Errno.EINVAL, f.errno(), "an unaligned buffer");
            f.pool.slice(aligned, block).fill((byte)7);
            f.sqe().prepWrite(h, aligned, block, 15L * block);
            assertEquals(block, f.one().result());
            f.sqe().prepRead(h, aligned, 2L * block, 15L * block);
            assertEquals(block, f.one().result(), "a direct read stops at the end of the file");
        }
        final byte[] after = Files.readAllBytes(file);
        assertEquals(16 * block, after.length);
        assertEquals(7, after[15 * block]);
        assertEquals(7, after[16 * block - 1]);
    }
}
