package io.ringwork.buffer;

import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real second JVM attaches to the pool, reads what the owner wrote, writes back, and maps a segment the owner
 * added after it attached, on first use; references outside the pool are refused there with EFAULT.
 */
class CrossProcessBufferPoolTest
{
    @Test
    void shouldShareBuffersWithASecondJvmIncludingASegmentAddedAfterAttach() throws Exception
    {
        final BufferPoolOptions options = BufferPoolOptions.defaults().withSegmentSize(1 << 20).withMaxSegments(4);
        try (ShmDirectory shm = ShmDirectory.create();
            BufferPool pool = BufferPool.createShared(shm.path(), options);
            ChildJvm peer = ChildJvm.start(PoolPeer.class, shm.path().toString()))
        {
            final long first = pool.allocate(64 << 10, 4096);
            fill(pool.slice(first, 64 << 10));
            peer.awaitOutput("attached segments=1", 60, TimeUnit.SECONDS);
            final OutputStream commands = peer.process().getOutputStream();

            send(commands, "CHECK " + first + " " + (64 << 10));
            peer.awaitOutput("checked " + BufferRef.toString(first) + " wrong=0 segmentsBefore=1 segmentsAfter=1",
                60, TimeUnit.SECONDS);
            assertAnswered(pool.slice(first, 64 << 10));

            final long grown = pool.allocate(3 << 20, 64);
            assertEquals(1, BufferRef.segmentId(grown), "a new segment after the peer attached");
            fill(pool.slice(grown, 3 << 20));
            send(commands, "CHECK " + grown + " " + (3 << 20));
            peer.awaitOutput("checked " + BufferRef.toString(grown) + " wrong=0 segmentsBefore=1 segmentsAfter=2",
                60, TimeUnit.SECONDS);
            assertAnswered(pool.slice(grown, 3 << 20));

            send(commands, "BAD " + BufferRef.encode(7, 4096) + " 16");
            send(commands, "BAD " + grown + " " + (8 << 20));
            send(commands, "EXIT");
            assertEquals(0, peer.waitFor(60, TimeUnit.SECONDS), peer.output());
            final String output = peer.output();
            assertEquals(2, output.split("bad refused EFAULT", -1).length - 1, output);
            assertTrue(output.contains("bye"), output);
        }
    }

    private static void fill(final MemorySegment buffer)
    {
        for (long i = 0; i < buffer.byteSize() / 2; i++)
        {
            buffer.set(ValueLayout.JAVA_BYTE, i, PoolPeer.pattern(i));
        }
    }

    private static void assertAnswered(final MemorySegment buffer)
    {
        long wrong = 0;
        for (long i = buffer.byteSize() / 2; i < buffer.byteSize(); i++)
        {
            if (buffer.get(ValueLayout.JAVA_BYTE, i) != PoolPeer.answer(i))
            {
                wrong++;
            }
        }
        assertEquals(0, wrong, "bytes the peer wrote back");
    }

    private static void send(final OutputStream commands, final String line) throws IOException
    {
        commands.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
    }
}
