package io.ringwork.serve;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.Ring;
import io.ringwork.RingworkException;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.scheme.BlockingHandle;
import io.ringwork.scheme.BlockingScheme;
import io.ringwork.scheme.Request;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.ringwork.serve.ServeTestSupport.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A blocking scheme published with {@code publishBlocking}: its calls run on worker threads and may block; what
 * they throw becomes the CQE's errno; verbs it leaves out answer ENOSYS.
 */
class BlockingSchemeTest
{
    private static final int ECHO = Opcode.USER_MIN + 20;

    private final ShmDirectory dir = ShmDirectory.create();
    private final Set<String> workerThreads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    /**
     * Paths are numbers: reading yields that many bytes of the number, after a short sleep; "secret" is EACCES,
     * "broken" throws a plain exception.
     */
    private BlockingHandle open(final String path, final int flags, final int mode)
    {
        if ("secret".equals(path))
        {
            throw new RingworkException(Errno.EACCES, "no");
        }
        return new BlockingHandle()
        {
            @Override
            public int read(final long position, final MemorySegment dst)
            {
                workerThreads.add(Thread.currentThread().getName());
                if ("broken".equals(path))
                {
                    throw new IllegalStateException("a bug in the scheme");
                }
                sleepQuietly();
                final int size = Integer.parseInt(path);
                final int count = (int)Math.max(0, Math.min(dst.byteSize(), size - position));
                dst.asSlice(0, count).fill((byte)size);
                return count;
            }

            @Override
            public long size()
            {
                return Long.parseLong(path);
            }

            @Override
            public long call(final int opcode, final Request request)
            {
                return request.arg(1) * 2;
            }
        };
    }

    private static void sleepQuietly()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldRunBlockingCallsOnWorkersAndMapTheirErrors()
    {
        final BlockingScheme scheme = this::open;
        try (SchemeServer ignored = SchemeServer.publishBlocking("count", scheme,
            SchemeServerOptions.defaults().withDirectory(dir.path()).withWorkers(2));
            SchemeConnection count = SchemeConnection.connect("count",
                SchemeConnectionOptions.defaults().withDirectory(dir.path())))
        {
            final Ring ring = count.ring();
            final long seven = ServeTestSupport.put(count.pool(), "count:7");
            final long secret = ServeTestSupport.put(count.pool(), "count:secret");
            final long broken = ServeTestSupport.put(count.pool(), "count:broken");
            final long buffer = count.pool().allocate(16, 8);
            ring.getSqe().prepOpen(seven, 7, VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE, 0).flags(Sqe.LINK)
                .saveResult(0).userData(1);
            ring.getSqe().prepRead(0, buffer, 16, 0).loadArg(0, 0).flags(Sqe.HARDLINK).userData(2);
            ring.getSqe().prepWrite(0, buffer, 16, 0).loadArg(0, 0).flags(Sqe.HARDLINK).userData(3);
            ring.getSqe().prepUser(ECHO, 0, 21, 0, 0, 0).loadArg(0, 0).flags(Sqe.HARDLINK).userData(4);
            ring.getSqe().prepSeek(0, 0, VerbFlags.SEEK_END).loadArg(0, 0).userData(5);
            ring.getSqe().prepOpen(secret, 12, VerbFlags.OPEN_READ, 0).userData(6);
            ring.getSqe().prepOpen(broken, 12, VerbFlags.OPEN_READ, 0).flags(Sqe.LINK).saveResult(1).userData(7);
            ring.getSqe().prepRead(0, buffer, 16, 0).loadArg(0, 1).userData(8);
            assertEquals(8, ring.enter(Integer.MAX_VALUE, 8, 10 * SECOND));
            final long[] results = new long[9];
            final Errno[] errors = new Errno[9];
            for (int i = 0; i < 8; i++)
            {
                final Cqe cqe = ring.cqeAt(i);
                results[(int)cqe.userData()] = cqe.result();
                errors[(int)cqe.userData()] = Errno.of(cqe.error());
            }
            ring.advanceCq(8);
            assertEquals(Errno.EOK, errors[1]);
            assertEquals(7, results[2], "read stops at the end of the data");
            assertEquals(7, count.pool().slice(buffer, 16).get(ValueLayout.JAVA_BYTE, 6));
            assertEquals(Errno.ENOSYS, errors[3], "a verb the handle leaves out");
            assertEquals(42, results[4]);
            assertEquals(7, results[5]);
            assertEquals(Errno.EACCES, errors[6], "the errno the scheme threw");
            assertEquals(Errno.EOK, errors[7]);
            assertEquals(Errno.EIO, errors[8], "any other exception is an I/O error");
            assertTrue(workerThreads.stream().allMatch(name -> name.startsWith("ringwork-count-worker-")),
                "calls ran on the pool's workers: " + workerThreads);
        }
    }
}
