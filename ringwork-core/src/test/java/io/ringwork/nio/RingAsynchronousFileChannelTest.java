package io.ringwork.nio;

import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RingAsynchronousFileChannel} against the {@link AsynchronousFileChannel} contract: reads and writes at
 * offsets by future and by handler, many outstanding, and close while operations are pending.
 */
class RingAsynchronousFileChannelTest
{
    @TempDir
    Path root;

    @Test
    void shouldReadAndWriteAtOffsetsWithManyOutstanding() throws Exception
    {
        final byte[] content = new byte[256 * 1024];
        ThreadLocalRandom.current().nextBytes(content);
        Files.write(root.resolve("data.bin"), content);
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults().withFileRoot(root));
            RingReactor reactor = RingReactor.start(runtime);
            AsynchronousFileChannel channel = RingAsynchronousFileChannel.open(reactor, "file:/data.bin",
                Set.of(READ, WRITE), null))
        {
            assertEquals(content.length, channel.size());
            final List<Future<Integer>> reads = new ArrayList<>();
            final List<ByteBuffer> buffers = new ArrayList<>();
            final int[] offsets = new int[64];
            for (int i = 0; i < offsets.length; i++)
            {
                offsets[i] = ThreadLocalRandom.current().nextInt(content.length - 4096);
                final ByteBuffer dst = ByteBuffer.allocateDirect(4096);
                buffers.add(dst);
                reads.add(channel.read(dst, offsets[i]));
            }
            for (int i = 0; i < offsets.length; i++)
            {
                assertEquals(4096, reads.get(i).get(10, TimeUnit.SECONDS));
                final byte[] got = new byte[4096];
                buffers.get(i).flip().get(got);
                assertArrayEquals(Arrays.copyOfRange(content, offsets[i], offsets[i] + 4096), got);
            }
            assertEquals(-1, channel.read(ByteBuffer.allocate(8), content.length).get(10, TimeUnit.SECONDS));

            final CountDownLatch written = new CountDownLatch(1);
            final AtomicReference<Object> seen = new AtomicReference<>();
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 10, "attached", new CompletionHandler<>()
            {
                @Override
                public void completed(final Integer count, final String attachment)
                {
                    seen.set(attachment + ":" + count);
                    written.countDown();
                }

                @Override
                public void failed(final Throwable failure, final String attachment)
                {
                    seen.set(failure);
                    written.countDown();
                }
            });
            assertTrue(written.await(10, TimeUnit.SECONDS));
            assertEquals("attached:3", seen.get());
            final ByteBuffer back = ByteBuffer.allocate(3);
            assertEquals(3, channel.read(back, 10).get(10, TimeUnit.SECONDS));
            assertArrayEquals(new byte[] {1, 2, 3}, back.array());
            channel.truncate(1000);
            assertEquals(1000, channel.size());
            channel.force(false);
        }
    }

    /**
     * A scheme whose reads wait until released, so a test can close a channel while they are pending.
     */
    private static final class HeldScheme implements Scheme
    {
        final Queue<Request> held = new ConcurrentLinkedQueue<>();

        @Override
        public void open(final Request request, final String path, final int flags, final int mode)
        {
            request.completeOpen(new SchemeHandle()
            {
                @Override
                public void read(final Request r)
                {
                    held.add(r);
                }

                @Override
                public void write(final Request r)
                {
                    r.complete(0);
                }

                @Override
                public long size()
                {
                    return 0;
                }

                @Override
                public void stat(final Request r)
                {
                    r.completeStat(new io.ringwork.FileStat(0, io.ringwork.FileStat.TYPE_OTHER, 0, 0, 0, 0));
                }

                @Override
                public void close()
                {
                }
            });
        }
    }

    @Test
    void shouldFailPendingOperationsWithAsynchronousCloseExceptionExactlyOnce() throws Exception
    {
        final HeldScheme scheme = new HeldScheme();
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            runtime.mount("held", scheme);
            final AsynchronousFileChannel channel = RingAsynchronousFileChannel.open(reactor, "held:x",
                Set.of(READ, WRITE, CREATE), null);
            final AtomicInteger failures = new AtomicInteger();
            final AtomicInteger completions = new AtomicInteger();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch failed = new CountDownLatch(8);
            for (int i = 0; i < 8; i++)
            {
                channel.read(ByteBuffer.allocate(16), 0, null, new CompletionHandler<Integer, Object>()
                {
                    @Override
                    public void completed(final Integer count, final Object attachment)
                    {
                        completions.incrementAndGet();
                    }

                    @Override
                    public void failed(final Throwable cause, final Object attachment)
                    {
                        failure.set(cause);
                        failures.incrementAndGet();
                        failed.countDown();
                    }
                });
            }
            final Future<Integer> pending = channel.read(ByteBuffer.allocate(16), 0);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (scheme.held.size() < 9 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(9, scheme.held.size());
            channel.close();
            assertTrue(failed.await(10, TimeUnit.SECONDS));
            assertInstanceOf(AsynchronousCloseException.class, failure.get());
            final ExecutionException closed = assertThrows(ExecutionException.class,
                () -> pending.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AsynchronousCloseException.class, closed.getCause());
            for (final Request request : scheme.held)
            {
                if (request.begin())
                {
                    request.complete(16);
                }
            }
            Thread.sleep(50);
            assertEquals(8, failures.get(), "each handler ran once");
            assertEquals(0, completions.get());
            assertThrows(ClosedChannelException.class, channel::size);
            final ExecutionException late = assertThrows(ExecutionException.class,
                () -> channel.read(ByteBuffer.allocate(1), 0).get());
            assertInstanceOf(ClosedChannelException.class, late.getCause());
            assertTrue(reactor.pending() <= 9, "the reactor is left with at most the released operations");
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
