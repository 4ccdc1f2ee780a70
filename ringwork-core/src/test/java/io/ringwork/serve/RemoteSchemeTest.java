package io.ringwork.serve;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Ring;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferPoolOptions;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.ringwork.serve.ServeTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kernel→user mode: a runtime in this JVM mounts a scheme served by another JVM, and one ring of the runtime
 * reaches {@code mem:} and the remote {@code store:} in the same chain.
 */
class RemoteSchemeTest
{
    private final ShmDirectory dir = ShmDirectory.create();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    @Test
    void shouldReachARemoteSchemeAndALocalOneFromOneRing() throws Exception
    {
        final ChildJvm server = ChildJvm.start(StoreServerMain.class, dir.path().toString(), "store", "sleep", "1");
        try (BufferPool pool = BufferPool.createShared(dir.resolve("runtime.pool"), BufferPoolOptions.defaults());
            Ringwork runtime = Ringwork.start(RingworkOptions.defaults(), pool))
        {
            server.awaitOutput("published", 60, TimeUnit.SECONDS);
            runtime.mountRemote("store", dir.path());
            assertEquals(java.util.List.of("file", "mem", "null", "store", "zero"), runtime.schemes());
            try (Ring ring = runtime.open())
            {
                final long storePath = ServeTestSupport.put(pool, "store:remote");
                final long memPath = ServeTestSupport.put(pool, "mem:local");
                final long text = ServeTestSupport.put(pool, "across two processes");
                final long back = pool.allocate(64, 64);
                final long stat = pool.allocate(FileStat.BUFFER_LENGTH, 8);
                final int flags = VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE;
                ring.getSqe().prepOpen(storePath, 12, flags, 0).flags(Sqe.LINK).saveResult(0).userData(1);
                ring.getSqe().prepWrite(0, text, 20, 0).loadArg(0, 0).flags(Sqe.LINK).userData(2);
                ring.getSqe().prepSeek(0, 0, VerbFlags.SEEK_END).loadArg(0, 0).flags(Sqe.LINK).userData(3);
                ring.getSqe().prepStat(0, stat, FileStat.BUFFER_LENGTH).loadArg(0, 0).flags(Sqe.LINK).userData(4);
                ring.getSqe().prepRead(0, back, 64, 0).loadArg(0, 0).flags(Sqe.LINK).saveResult(2).userData(5);
                ring.getSqe().prepUser(StoreScheme.PEER, 0, 0, 0, 0, 0).loadArg(0, 0).flags(Sqe.LINK).userData(6);
                ring.getSqe().prepOpen(memPath, 9, flags, 0).flags(Sqe.LINK).saveResult(1).userData(7);
                ring.getSqe().prepWrite(0, back, 0, 0).loadArg(0, 1).loadArg(2, 2).flags(Sqe.LINK).userData(8);
                ring.getSqe().prepClose(0).loadArg(0, 1).flags(Sqe.LINK).userData(9);
                ring.getSqe().prepClose(0).loadArg(0, 0).userData(10);
                assertEquals(10, ring.enter(Integer.MAX_VALUE, 10, 20 * SECOND), server.output());
                final long[] results = new long[11];
                for (int i = 0; i < 10; i++)
                {
                    final Cqe cqe = ring.cqeAt(i);
                    assertEquals(0, cqe.error(), "CQE " + cqe.userData() + ": " + Errno.of(cqe.error()));
                    results[(int)cqe.userData()] = cqe.result();
                }
                ring.advanceCq(10);
                assertEquals(20, results[2]);
                assertEquals(20, results[3], "SEEK_END asked the other process for the size");
                assertEquals(20, FileStat.read(pool.slice(stat, FileStat.BUFFER_LENGTH)).size());
                assertEquals(20, results[5]);
                assertEquals(ProcessHandle.current().pid(), results[6], "the scheme's client is this runtime");
                assertEquals(20, results[8], "the bytes read from store: were written to mem:");
                assertEquals("across two processes", new String(pool.slice(back, 20).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8));

                ring.getSqe().prepOpen(storePath, 12, flags, 0).userData(11);
                assertEquals(1, ring.enter(Integer.MAX_VALUE, 1, 10 * SECOND));
                final long handle = ring.peekCqe().result();
                ring.advanceCq(1);

                server.kill();
                server.waitFor(10, TimeUnit.SECONDS);
                final long started = System.nanoTime();
                ring.getSqe().prepRead(handle, back, 64, 0).userData(12);
                ring.getSqe().prepOpen(memPath, 9, VerbFlags.OPEN_READ, 0).userData(13);
                assertEquals(2, ring.enter(Integer.MAX_VALUE, 2, 10 * SECOND));
                final long tookMillis = (System.nanoTime() - started) / 1_000_000;
                for (int i = 0; i < 2; i++)
                {
                    final Cqe cqe = ring.cqeAt(i);
                    if (12 == cqe.userData())
                    {
                        assertEquals(Errno.EPIPE, Errno.of(cqe.error()), "the remote scheme's server is gone");
                    }
                    else
                    {
                        assertEquals(0, cqe.error(), "mem: still works");
                    }
                }
                ring.advanceCq(2);
                org.junit.jupiter.api.Assertions.assertTrue(tookMillis < 5_000, "failed in " + tookMillis + " ms");
            }
        }
        finally
        {
            server.close();
        }
    }

    @Test
    void shouldRefuseToMountARemoteSchemeOnAPrivatePool()
    {
        try (Ringwork runtime = Ringwork.start())
        {
            final RingworkException refused = assertThrows(RingworkException.class,
                () -> runtime.mountRemote("store", dir.path()));
            assertEquals(Errno.EINVAL, refused.errno());
        }
    }
}
