package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ringwork.VerbFlags.OPEN_APPEND;
import static io.ringwork.VerbFlags.OPEN_CREATE;
import static io.ringwork.VerbFlags.OPEN_EXCLUSIVE;
import static io.ringwork.VerbFlags.OPEN_READ;
import static io.ringwork.VerbFlags.OPEN_TRUNCATE;
import static io.ringwork.VerbFlags.OPEN_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OPEN, CLOSE, DUP and SEEK: success and every error the verb pages list, the dispatcher serving on after each.
 */
class HandleVerbsTest
{
    private static final int RW = OPEN_READ | OPEN_WRITE;
    private static final long TOO_LONG_PATH = 4097;

    @Test
    void shouldOpenCreateAndReopenMemFile()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long first = f.open("mem:a", RW | OPEN_CREATE);
            assertTrue(first >= 1);
            final long second = f.open("mem:a", OPEN_READ);
            assertNotEquals(first, second);
        }
    }

    @Test
    void shouldFailOpenWithEnoentWhenFileOrSchemeOrPrefixIsMissing()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            for (final String path : List.of("mem:absent", "nope:x", "no-colon", ":x", "null:extra", "mem:bad name"))
            {
                f.sqe().prepOpen(f.text(path), RuntimeFixture.length(path), OPEN_READ, 0);
                assertEquals(Errno.ENOENT, f.errno(), path);
            }
        }
    }

    @Test
    void shouldFailExclusiveCreateWithEexistWhenFileExists()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.open("mem:x", RW | OPEN_CREATE | OPEN_EXCLUSIVE);
            f.sqe().prepOpen(f.text("mem:x"), 5, RW | OPEN_CREATE | OPEN_EXCLUSIVE, 0);
            assertEquals(Errno.EEXIST, f.errno());
        }
    }

    @Test
    void shouldFailOpenWithEinvalWhenFlagsOrModeOrArgumentsAreBad()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long path = f.text("mem:x");
            final long[][] cases = {
                {0, 5, 0, 0},                                // neither READ nor WRITE
                {0, 5, OPEN_READ | (1 << 9), 0},            // unknown bit
                {0, 5, OPEN_READ | OPEN_TRUNCATE, 0},        // TRUNCATE without WRITE
                {0, 5, OPEN_READ | OPEN_APPEND, 0},          // APPEND without WRITE
                {0, 5, OPEN_READ | OPEN_EXCLUSIVE, 0},       // EXCLUSIVE without CREATE
                {0, 5, OPEN_READ, 010000},                   // mode out of range
                {7, 5, OPEN_READ, 0},                        // arg0 reserved
                {0, 0, OPEN_READ, 0},                        // empty path
            };
            for (final long[] c : cases)
            {
                f.sqe().prep(Opcode.OPEN.code(), c[0], path, c[1], c[2], c[3]);
                assertEquals(Errno.EINVAL, f.errno(), () -> java.util.Arrays.toString(c));
            }
            f.sqe().prepOpen(path, TOO_LONG_PATH, OPEN_READ, 0);
            assertEquals(Errno.ENAMETOOLONG, f.errno());
        }
    }

    @Test
    void shouldFailOpenWithEfaultWhenPathBufferIsBad()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long small = f.text("mem:x");
            f.sqe().prepOpen(small, 4000, OPEN_READ, 0);
            assertEquals(Errno.EFAULT, f.errno());
            f.sqe().prepOpen(0xFFFFL << 48 | 4096, 5, OPEN_READ, 0);
            assertEquals(Errno.EFAULT, f.errno());
        }
    }

    @Test
    void shouldFailWithEmfileWhenHandlesRunOut()
    {
        try (RuntimeFixture f = new RuntimeFixture(RingworkOptions.defaults().withMaxHandles(2),
            RingOptions.defaults()))
        {
            final long a = f.open("null:", OPEN_READ);
            f.open("zero:", OPEN_READ);
            f.sqe().prepOpen(f.text("null:"), 5, OPEN_READ, 0);
            assertEquals(Errno.EMFILE, f.errno());
            f.sqe().prepDup(a);
            assertEquals(Errno.EMFILE, f.errno());
            f.sqe().prepClose(a);
            assertEquals(Errno.EOK, f.errno());
            f.open("null:", OPEN_READ);
        }
    }

    @Test
    void shouldCloseOnceAndThenFailWithEbadf()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("null:", RW);
            f.sqe().prepClose(h);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepClose(h);
            assertEquals(Errno.EBADF, f.errno());
            for (final long bad : new long[] {0, -1, 1 << 20, Long.MAX_VALUE})
            {
                f.sqe().prepClose(bad);
                assertEquals(Errno.EBADF, f.errno(), "handle " + bad);
            }
        }
    }

    @Test
    void shouldDupShareTheResourceAndItsPosition()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:d", RW | OPEN_CREATE);
            f.sqe().prepWrite(h, f.text("abcdef"), 6, -1);
            assertEquals(6, f.one().result());
            f.sqe().prepDup(h);
            final Completion dup = f.one();
            assertEquals(Errno.EOK, dup.errno());
            final long d = dup.result();
            assertNotEquals(h, d);
            f.sqe().prepSeek(d, 0, VerbFlags.SEEK_CUR);
            assertEquals(6, f.one().result(), "a dup shares the position");
            f.sqe().prepClose(h);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepSeek(d, 2, VerbFlags.SEEK_SET);
            assertEquals(2, f.one().result(), "the resource outlives the first number");
            f.sqe().prepDup(99);
            assertEquals(Errno.EBADF, f.errno());
        }
    }

    @Test
    void shouldSeekFromSetCurAndEnd()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:s", RW | OPEN_CREATE);
            f.sqe().prepWrite(h, f.text("0123456789"), 10, 0);
            assertEquals(10, f.one().result());
            f.sqe().prepSeek(h, 4, VerbFlags.SEEK_SET);
            assertEquals(4, f.one().result());
            f.sqe().prepSeek(h, 3, VerbFlags.SEEK_CUR);
            assertEquals(7, f.one().result());
            f.sqe().prepSeek(h, -2, VerbFlags.SEEK_END);
            assertEquals(8, f.one().result());
            f.sqe().prepSeek(h, 5, VerbFlags.SEEK_END);
            assertEquals(15, f.one().result(), "past the end is allowed");
        }
    }

    @Test
    void shouldFailSeekWithEinvalOrEoverflowOrEbadf()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:s", RW | OPEN_CREATE);
            f.sqe().prepSeek(h, -1, VerbFlags.SEEK_SET);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepSeek(h, 0, 3);
            assertEquals(Errno.EINVAL, f.errno());
            f.sqe().prepSeek(h, Long.MAX_VALUE, VerbFlags.SEEK_SET);
            assertEquals(Errno.EOK, f.errno());
            f.sqe().prepSeek(h, 1, VerbFlags.SEEK_CUR);
            assertEquals(Errno.EOVERFLOW, f.errno());
            f.sqe().prepSeek(h + 10, 0, VerbFlags.SEEK_SET);
            assertEquals(Errno.EBADF, f.errno());
        }
    }
}
