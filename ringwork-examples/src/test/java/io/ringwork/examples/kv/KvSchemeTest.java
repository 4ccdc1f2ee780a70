package io.ringwork.examples.kv;

import io.ringwork.Completion;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.ringwork.VerbFlags.OPEN_APPEND;
import static io.ringwork.VerbFlags.OPEN_CREATE;
import static io.ringwork.VerbFlags.OPEN_EXCLUSIVE;
import static io.ringwork.VerbFlags.OPEN_READ;
import static io.ringwork.VerbFlags.OPEN_TRUNCATE;
import static io.ringwork.VerbFlags.OPEN_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvSchemeTest
{
    private static final int RW = OPEN_READ | OPEN_WRITE;

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCreateWriteReadAndStatAKey()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long handle = kv.open("kv:greeting", RW | OPEN_CREATE);
            assertEquals(5, kv.write(handle, utf8("hello"), 0).result());
            assertEquals(6, kv.write(handle, utf8(" world"), 5).result());
            assertArrayEquals(utf8("hello world"), kv.readAt(handle, 64, 0));
            assertArrayEquals(utf8("world"), kv.readAt(handle, 64, 6));
            assertArrayEquals(utf8("wo"), kv.readAt(handle, 2, 6));
            assertEquals(0, kv.readAt(handle, 64, 11).length);
            assertEquals(0, kv.readAt(handle, 64, 1L << 40).length);

            final long statRef = kv.pool.allocate(FileStat.BUFFER_LENGTH, 64);
            kv.sqe().prepStat(handle, statRef, FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EOK, kv.errno());
            final FileStat stat = FileStat.read(kv.pool.slice(statRef, FileStat.BUFFER_LENGTH));
            assertEquals(11, stat.size());
            assertEquals(FileStat.TYPE_MEMORY, stat.type());
            assertEquals(0600, stat.mode());
            assertTrue(stat.modifyNanos() > 0);

            kv.sqe().prepFsync(handle, VerbFlags.FSYNC_DATA_ONLY);
            assertEquals(Errno.EOK, kv.errno());
            kv.closeHandle(handle);
            assertEquals(1, kv.scheme.size());
        }
    }

    @Test
    void shouldFillAGapWithZerosWhenWritingPastTheEnd()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long handle = kv.open("kv:sparse", RW | OPEN_CREATE);
            assertEquals(2, kv.write(handle, utf8("ab"), 0).result());
            assertEquals(2, kv.write(handle, utf8("yz"), 300).result());
            final byte[] value = kv.readAt(handle, 1024, 0);
            assertEquals(302, value.length);
            assertEquals('a', value[0]);
            for (int i = 2; i < 300; i++)
            {
                assertEquals(0, value[i], "byte " + i);
            }
            assertEquals('z', value[301]);
            kv.closeHandle(handle);
        }
    }

    @Test
    void shouldHonourCreateExclusiveAndTruncate()
    {
        try (KvFixture kv = new KvFixture())
        {
            assertEquals(Errno.ENOENT, kv.openErrno("kv:missing", OPEN_READ));
            assertEquals(Errno.EOK, kv.openErrno("kv:k", OPEN_WRITE | OPEN_CREATE | OPEN_EXCLUSIVE));
            assertEquals(Errno.EEXIST, kv.openErrno("kv:k", OPEN_WRITE | OPEN_CREATE | OPEN_EXCLUSIVE));
            assertEquals(Errno.EOK, kv.openErrno("kv:k", OPEN_WRITE | OPEN_CREATE));

            final long handle = kv.open("kv:k", OPEN_WRITE);
            kv.write(handle, utf8("content"), 0);
            kv.closeHandle(handle);
            final long reader = kv.open("kv:k", OPEN_READ);
            assertEquals(7, kv.readAt(reader, 64, 0).length);
            assertEquals(Errno.EOK, kv.openErrno("kv:k", OPEN_WRITE | OPEN_TRUNCATE));
            assertEquals(0, kv.readAt(reader, 64, 0).length, "truncate is seen by every handle");
            kv.closeHandle(reader);
            // The runtime checks flag consistency before the scheme sees them.
            assertEquals(Errno.EINVAL, kv.openErrno("kv:k", OPEN_READ | OPEN_TRUNCATE));
            assertEquals(Errno.EINVAL, kv.openErrno("kv:k", OPEN_WRITE | OPEN_EXCLUSIVE));
        }
    }

    @Test
    void shouldCutAndExtendAValueWithTruncate()
    {
        try (KvFixture kv = new KvFixture(new KvScheme(8, 100)))
        {
            final long handle = kv.open("kv:t", RW | OPEN_CREATE);
            kv.write(handle, utf8("abcdef"), 0);
            kv.sqe().prepTruncate(handle, 3);
            assertEquals(Errno.EOK, kv.errno());
            assertArrayEquals(utf8("abc"), kv.readAt(handle, 64, 0));
            kv.sqe().prepTruncate(handle, 5);
            assertEquals(Errno.EOK, kv.errno());
            assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0}, kv.readAt(handle, 64, 0), "the cut bytes are gone");
            kv.sqe().prepTruncate(handle, 101);
            assertEquals(Errno.EFBIG, kv.errno());
            kv.sqe().prepTruncate(handle, -1);
            assertEquals(Errno.EINVAL, kv.errno());
            final long reader = kv.open("kv:t", OPEN_READ);
            kv.sqe().prepTruncate(reader, 0);
            assertEquals(Errno.EBADF, kv.errno(), "not open for writing");
            assertEquals(5, kv.readAt(reader, 64, 0).length);
            kv.closeHandle(reader);
            kv.closeHandle(handle);
        }
    }

    @Test
    void shouldAppendAtTheEndWithAnAppendHandle()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long handle = kv.open("kv:log", RW | OPEN_CREATE | OPEN_APPEND);
            kv.write(handle, utf8("one "), 0);
            kv.write(handle, utf8("two"), 0);
            assertArrayEquals(utf8("one two"), kv.readAt(handle, 64, 0));
            kv.closeHandle(handle);
        }
    }

    @Test
    void shouldRefuseBadKeys()
    {
        try (KvFixture kv = new KvFixture())
        {
            assertEquals(Errno.ENAMETOOLONG, kv.openErrno("kv:" + "k".repeat(256), RW | OPEN_CREATE));
            assertEquals(Errno.EOK, kv.openErrno("kv:" + "k".repeat(255), RW | OPEN_CREATE));
            assertEquals(Errno.EOK, kv.openErrno("kv:" + "ü".repeat(255), RW | OPEN_CREATE), "characters, not bytes");
            assertEquals(Errno.ENOENT, kv.openErrno("kv:new\nline", RW | OPEN_CREATE));
            assertEquals(Errno.ENOENT, kv.openErrno("kv:nul\0", RW | OPEN_CREATE));
            assertEquals(2, kv.scheme.size());
        }
    }

    @Test
    void shouldEnforceTheAccessAHandleWasOpenedWith()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long writer = kv.open("kv:a", OPEN_WRITE | OPEN_CREATE);
            final long reader = kv.open("kv:a", OPEN_READ);
            assertEquals(Errno.EBADF, kv.write(reader, utf8("x"), 0).errno());
            final long ref = kv.pool.allocate(16, 64);
            kv.sqe().prepRead(writer, ref, 16, 0);
            assertEquals(Errno.EBADF, kv.errno());
            kv.sqe().prepUser(KvScheme.KV_DELETE, reader, 0, 0, 0, 0);
            assertEquals(Errno.EBADF, kv.errno());
            kv.closeHandle(writer);
            kv.closeHandle(reader);
        }
    }

    @Test
    void shouldDeleteTheKeyOfAHandleWithTheUserVerb()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long handle = kv.open("kv:doomed", RW | OPEN_CREATE);
            kv.write(handle, utf8("still here"), 0);
            kv.sqe().prepUser(KvScheme.KV_DELETE, handle, 0, 0, 0, 0);
            final Completion deleted = kv.one();
            assertEquals(Errno.EOK, deleted.errno());
            assertEquals(KvScheme.KV_DELETE, deleted.opcode());
            assertEquals(0, kv.scheme.size());
            assertEquals(Errno.ENOENT, kv.openErrno("kv:doomed", OPEN_READ));
            // Like an unlinked file: the open handle keeps its value until it is closed.
            assertArrayEquals(utf8("still here"), kv.readAt(handle, 64, 0));
            kv.sqe().prepUser(KvScheme.KV_DELETE, handle, 0, 0, 0, 0);
            assertEquals(Errno.ENOENT, kv.errno(), "deleted twice");

            // A new key under the same name is a new value, which the old handle cannot delete.
            assertEquals(Errno.EOK, kv.openErrno("kv:doomed", OPEN_WRITE | OPEN_CREATE));
            kv.sqe().prepUser(KvScheme.KV_DELETE, handle, 0, 0, 0, 0);
            assertEquals(Errno.ENOENT, kv.errno());
            assertEquals(1, kv.scheme.size());

            kv.sqe().prepUser(KvScheme.KV_DELETE, handle, 1, 0, 0, 0);
            assertEquals(Errno.EINVAL, kv.errno(), "arguments must be 0");
            kv.sqe().prepUser(200, handle, 0, 0, 0, 0);
            assertEquals(Errno.ENOSYS, kv.errno(), "not a kv verb");
            kv.sqe().prepUser(KvScheme.KV_DELETE, 999, 0, 0, 0, 0);
            assertEquals(Errno.EBADF, kv.errno(), "not a handle");
            kv.closeHandle(handle);
        }
    }

    @Test
    void shouldRunAWholeChainInOneEnter()
    {
        try (KvFixture kv = new KvFixture())
        {
            final long path = kv.text("kv:chain");
            final long data = kv.bytes(utf8("linked"));
            kv.sqe().prepOpen(path, 8, RW | OPEN_CREATE, 0).saveResult(0).flags(Sqe.LINK);
            kv.sqe().prepWrite(0, data, 6, 0).loadArg(0, 0).flags(Sqe.LINK);
            kv.sqe().prepUser(KvScheme.KV_DELETE, 0, 0, 0, 0, 0).loadArg(0, 0).flags(Sqe.LINK);
            kv.sqe().prepClose(0).loadArg(0, 0);
            final List<Completion> done = kv.submitAndWait(4);
            for (final Completion completion : done)
            {
                assertEquals(Errno.EOK, completion.errno(), done::toString);
            }
            assertEquals(6, done.get(1).result());
            assertEquals(0, kv.scheme.size());
        }
    }

    @Test
    void shouldBoundValueSizesAndKeyCounts()
    {
        try (KvFixture kv = new KvFixture(new KvScheme(2, 100)))
        {
            final long handle = kv.open("kv:a", RW | OPEN_CREATE);
            assertEquals(100, kv.write(handle, new byte[100], 0).result());
            assertEquals(Errno.EFBIG, kv.write(handle, new byte[1], 100).errno());
            assertEquals(Errno.EFBIG, kv.write(handle, new byte[1], Long.MAX_VALUE).errno());
            assertEquals(100, kv.readAt(handle, 1000, 0).length, "a failed write changes nothing");

            assertEquals(Errno.EOK, kv.openErrno("kv:b", OPEN_WRITE | OPEN_CREATE));
            assertEquals(Errno.ENOSPC, kv.openErrno("kv:c", OPEN_WRITE | OPEN_CREATE));
            assertEquals(Errno.EOK, kv.openErrno("kv:b", OPEN_WRITE | OPEN_CREATE), "an existing key opens when full");
            kv.sqe().prepUser(KvScheme.KV_DELETE, handle, 0, 0, 0, 0);
            assertEquals(Errno.EOK, kv.errno());
            assertEquals(Errno.EOK, kv.openErrno("kv:c", OPEN_WRITE | OPEN_CREATE), "room again after a delete");
            kv.closeHandle(handle);
        }
    }

    @Test
    void shouldListTheKeysThroughTheEmptyKey()
    {
        try (KvFixture kv = new KvFixture())
        {
            for (final String key : List.of("b", "a", "c/d"))
            {
                kv.openErrno("kv:" + key, OPEN_WRITE | OPEN_CREATE);
            }
            final long listing = kv.open("kv:", OPEN_READ);
            kv.openErrno("kv:later", OPEN_WRITE | OPEN_CREATE);
            assertEquals("a\nb\nc/d\n", new String(kv.readAt(listing, 64, 0), StandardCharsets.UTF_8),
                "a snapshot taken at open");
            assertEquals("b\nc/d\n", new String(kv.readAt(listing, 64, 2), StandardCharsets.UTF_8));
            assertEquals(Errno.EBADF, kv.write(listing, utf8("x"), 0).errno(), "read-only");
            kv.sqe().prepUser(KvScheme.KV_DELETE, listing, 0, 0, 0, 0);
            assertEquals(Errno.EISDIR, kv.errno());
            final long statRef = kv.pool.allocate(FileStat.BUFFER_LENGTH, 64);
            kv.sqe().prepStat(listing, statRef, FileStat.BUFFER_LENGTH);
            assertEquals(Errno.EOK, kv.errno());
            final FileStat stat = FileStat.read(kv.pool.slice(statRef, FileStat.BUFFER_LENGTH));
            assertEquals(FileStat.TYPE_DIRECTORY, stat.type());
            assertEquals(8, stat.size());
            kv.closeHandle(listing);
            assertEquals(Errno.EISDIR, kv.openErrno("kv:", OPEN_WRITE));
            assertEquals(Errno.EISDIR, kv.openErrno("kv:", OPEN_READ | OPEN_CREATE));
        }
    }

    @Test
    void shouldPutGetDeleteAndListThroughTheClient()
    {
        try (KvFixture kv = new KvFixture();
            KvClient client = kv.client())
        {
            assertNull(client.get("nothing"));
            assertFalse(client.delete("nothing"));
            client.put("colour", utf8("blue"));
            client.put("shape", utf8("round"));
            assertArrayEquals(utf8("blue"), client.get("colour"));
            client.put("colour", utf8("red"));
            assertArrayEquals(utf8("red"), client.get("colour"), "a put replaces the whole value");
            client.put("empty", new byte[0]);
            assertArrayEquals(new byte[0], client.get("empty"));
            assertEquals(List.of("colour", "empty", "shape"), client.keys());
            assertTrue(client.delete("colour"));
            assertFalse(client.delete("colour"));
            assertNull(client.get("colour"));
            assertEquals(List.of("empty", "shape"), client.keys());
        }
    }

    @Test
    void shouldReportClientSideErrorsWithAnErrno()
    {
        try (KvFixture kv = new KvFixture(new KvScheme(8, 1 << 20));
            KvClient small = new KvClient(kv.ring, kv.pool, "kv", 4, KvClient.DEFAULT_TIMEOUT_NANOS))
        {
            assertEquals(Errno.EINVAL, errnoOf(() -> small.put("big", new byte[5])));
            assertEquals(Errno.EINVAL, errnoOf(() -> small.get("bad\tkey")));
            assertEquals(Errno.EINVAL, errnoOf(() -> small.get("")));
            try (KvClient large = kv.client())
            {
                large.put("big", new byte[5]);
            }
            assertEquals(Errno.EOVERFLOW, errnoOf(() -> small.get("big")));
            small.put("fits", utf8("four"));
            assertArrayEquals(utf8("four"), small.get("fits"), "the client goes on after an error");
        }
    }

    @Test
    void shouldNotTearValuesUnderConcurrentWritersAndReaders() throws Exception
    {
        try (KvFixture kv = new KvFixture())
        {
            final int threads = 3;
            final int rounds = 300;
            final Throwable[] failure = new Throwable[1];
            final Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final byte fill = (byte)('a' + t);
                workers[t] = new Thread(() ->
                {
                    try (var ring = kv.runtime.open();
                        KvClient client = new KvClient(ring, kv.pool))
                    {
                        final byte[] value = new byte[1000];
                        java.util.Arrays.fill(value, fill);
                        for (int i = 0; i < rounds; i++)
                        {
                            client.put("shared", value);
                            final byte[] seen = client.get("shared");
                            if (seen.length != 0)
                            {
                                assertEquals(1000, seen.length);
                                for (final byte b : seen)
                                {
                                    assertEquals(seen[0], b, "a value mixes two writers");
                                }
                            }
                            client.put("own-" + fill, value);
                            assertArrayEquals(value, client.get("own-" + fill));
                        }
                    }
                    catch (final Throwable ex)
                    {
                        synchronized (failure)
                        {
                            failure[0] = ex;
                        }
                    }
                });
                workers[t].start();
            }
            for (final Thread worker : workers)
            {
                worker.join();
            }
            synchronized (failure)
            {
                if (null != failure[0])
                {
                    throw new AssertionError(failure[0]);
                }
            }
            assertEquals(1 + threads, kv.scheme.size());
        }
    }

    private static Errno errnoOf(final Runnable call)
    {
        try
        {
            call.run();
        }
        catch (final io.ringwork.RingworkException ex)
        {
            return ex.errno();
        }
        return Errno.EOK;
    }
}
