package io.ringwork;

import io.ringwork.internal.layout.CqeDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingLayoutTest
{
    @Test
    void shouldKeepEveryIndexOnItsOwnPairOfCacheLines()
    {
        final int[] hot = {RingDescriptor.SQ_HEAD_OFFSET, RingDescriptor.SQ_TAIL_OFFSET, RingDescriptor.CQ_HEAD_OFFSET,
            RingDescriptor.CQ_TAIL_OFFSET, RingDescriptor.SERVER_DOORBELL_OFFSET, RingDescriptor.CLIENT_DOORBELL_OFFSET,
            RingDescriptor.REGISTERS_OFFSET, RingDescriptor.CLIENT_COUNTERS_OFFSET,
            RingDescriptor.SERVER_COUNTERS_OFFSET};
        for (int i = 0; i < hot.length; i++)
        {
            assertEquals(0, hot[i] % 128, "offset " + hot[i] + " is not on a 128-byte boundary");
            if (i > 0)
            {
                assertTrue(hot[i] - hot[i - 1] >= 128);
            }
        }
        assertEquals(64, SqeDescriptor.LENGTH);
        assertEquals(32, CqeDescriptor.LENGTH);
        assertEquals(1 << SqeDescriptor.LENGTH_SHIFT, SqeDescriptor.LENGTH);
        assertEquals(1 << CqeDescriptor.LENGTH_SHIFT, CqeDescriptor.LENGTH);
        assertTrue(RingDescriptor.REGISTERS_OFFSET + 7 * 8 <= RingDescriptor.CLIENT_COUNTERS_OFFSET);
    }

    @Test
    void shouldRefuseQueueSizesThatAreNotPowersOfTwo()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RingOptions.defaults().withEntries(100, 128));
        assertEquals("sqEntries=100 must be a power of two in [2, 65536]", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RingOptions.defaults().withEntries(128, 1 << 17));
        assertThrows(IllegalArgumentException.class, () -> RingOptions.defaults().withEntries(1, 2));
        assertThrows(IllegalArgumentException.class, () -> RingOptions.defaults().withSleepAfterNanos(-1));
    }

    @Test
    void shouldRefuseAFileOfAnotherLayoutVersionNamingBothVersions() throws IOException
    {
        try (ShmDirectory dir = ShmDirectory.create(); Ring ring = Ring.createShared(dir.resolve("v.ring"),
            RingOptions.defaults().withEntries(4, 4)))
        {
            final Path file = dir.resolve("v.ring");
            poke(file, RingDescriptor.VERSION_OFFSET, 99);
            final RingworkException ex = assertThrows(RingworkException.class,
                () -> ServedRing.attach(file, RingOptions.defaults()));
            assertEquals(Errno.EPROTO, ex.errno());
            assertTrue(ex.getMessage().contains("app=1 file=99"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAFileWithoutTheMagic() throws IOException
    {
        try (ShmDirectory dir = ShmDirectory.create(); Ring ring = Ring.createShared(dir.resolve("m.ring"),
            RingOptions.defaults().withEntries(4, 4)))
        {
            final Path file = dir.resolve("m.ring");
            poke(file, RingDescriptor.MAGIC_OFFSET, 0x1234);
            final RingworkException ex = assertThrows(RingworkException.class,
                () -> ServedRing.attach(file, RingOptions.defaults()));
            assertEquals(Errno.EPROTO, ex.errno());
            assertTrue(ex.getMessage().contains("magic"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAFileWithImpossibleSizes() throws IOException
    {
        try (ShmDirectory dir = ShmDirectory.create(); Ring ring = Ring.createShared(dir.resolve("s.ring"),
            RingOptions.defaults().withEntries(4, 4)))
        {
            final Path file = dir.resolve("s.ring");
            poke(file, RingDescriptor.SQ_ENTRIES_OFFSET, 1 << 20);
            final RingworkException ex = assertThrows(RingworkException.class,
                () -> ServedRing.attach(file, RingOptions.defaults()));
            assertEquals(Errno.EPROTO, ex.errno());
        }
    }

    @Test
    void shouldReportAMissingFileAsEnoent()
    {
        final RingworkException ex = assertThrows(RingworkException.class,
            () -> ServedRing.attach(Path.of("/dev/shm/ringwork-no-such-ring"), RingOptions.defaults()));
        assertEquals(Errno.ENOENT, ex.errno());
    }

    @Test
    void shouldRefuseToCreateOverAnExistingFile()
    {
        try (ShmDirectory dir = ShmDirectory.create(); Ring ring = Ring.createShared(dir.resolve("e.ring"),
            RingOptions.defaults().withEntries(4, 4)))
        {
            final RingworkException ex = assertThrows(RingworkException.class,
                () -> Ring.createShared(dir.resolve("e.ring"), RingOptions.defaults()));
            assertEquals(Errno.EEXIST, ex.errno());
        }
    }

    private static void poke(final Path file, final long offset, final long value) throws IOException
    {
        try (Arena arena = Arena.ofConfined();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            if (RingDescriptor.MAGIC_OFFSET == offset)
            {
                segment.set(ValueLayout.JAVA_LONG, offset, value);
            }
            else
            {
                segment.set(ValueLayout.JAVA_INT, offset, (int)value);
            }
        }
    }
}
