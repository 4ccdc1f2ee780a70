package io.ringwork.nio;

import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RingFileChannel} against the parts of the {@link FileChannel} contract it takes on, on a real file and on a
 * {@code mem:} file.
 */
class RingFileChannelTest
{
    @TempDir
    Path root;

    private Ringwork runtime()
    {
        return Ringwork.start(RingworkOptions.defaults().withFileRoot(root));
    }

    private static String path(final String scheme, final String name)
    {
        return "file".equals(scheme) ? "file:/" + name : "mem:" + name;
    }

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(final ByteBuffer buffer)
    {
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "mem"})
    void shouldMoveThePositionWithReadsAndWritesAndReportTheEnd(final String scheme) throws IOException
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime);
            FileChannel channel = RingFileChannel.open(reactor, path(scheme, "pos"), Set.of(READ, WRITE, CREATE)))
        {
            assertEquals(0, channel.size());
            assertEquals(11, channel.write(bytes("hello world")));
            assertEquals(11, channel.position());
            assertEquals(11, channel.size());
            channel.position(6);
            final ByteBuffer dst = ByteBuffer.allocate(32);
            assertEquals(5, channel.read(dst));
            assertEquals("world", text(dst));
            assertEquals(11, channel.position());
            assertEquals(-1, channel.read(ByteBuffer.allocate(4)), "at the end");
            assertEquals(0, channel.read(ByteBuffer.allocate(0)), "nothing asked, nothing read");

            channel.position(20);
            assertEquals(-1, channel.read(ByteBuffer.allocate(4)));
            assertEquals(3, channel.write(bytes("end")));
            assertEquals(23, channel.size(), "a write past the end extends the file");
            final ByteBuffer gap = ByteBuffer.allocate(9);
            assertEquals(9, channel.read(gap, 11));
            assertArrayEquals(new byte[9], gap.array(), "with zeros in the gap");

            assertEquals(4, channel.write(bytes("HELL"), 0));
            assertEquals(23, channel.position(), "positional calls leave the position alone");
            final ByteBuffer head = ByteBuffer.allocate(5);
            assertEquals(5, channel.read(head, 0));
            assertEquals("HELLo", text(head));
            channel.force(true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "mem"})
    void shouldScatterGatherTransferAndTruncate(final String scheme) throws IOException
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime);
            FileChannel channel = RingFileChannel.open(reactor, path(scheme, "sg"), Set.of(READ, WRITE, CREATE)))
        {
            assertEquals(9, channel.write(new ByteBuffer[] {bytes("abc"), bytes("def"), bytes("ghi")}));
            channel.position(0);
            final ByteBuffer first = ByteBuffer.allocate(4);
            final ByteBuffer second = ByteBuffer.allocate(10);
            assertEquals(9, channel.read(new ByteBuffer[] {first, second}));
            assertEquals("abcd", text(first));
            assertEquals("efghi", text(second));

            final ByteArrayOutputStream sink = new ByteArrayOutputStream();
            assertEquals(6, channel.transferTo(2, 6, Channels.newChannel(sink)));
            assertEquals("cdefgh", sink.toString(StandardCharsets.UTF_8));
            assertEquals(4, channel.transferFrom(Channels.newChannel(new java.io.ByteArrayInputStream(
                "WXYZ".getBytes(StandardCharsets.UTF_8))), 9, 100));
            assertEquals(13, channel.size());

            channel.position(12);
            channel.truncate(5);
            assertEquals(5, channel.size());
            assertEquals(5, channel.position(), "a position past the new size moves to it");
            channel.truncate(50);
            assertEquals(5, channel.size(), "truncate never extends");
            final ByteBuffer all = ByteBuffer.allocate(16);
            assertEquals(5, channel.read(all, 0));
            assertEquals("abcde", text(all));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "mem"})
    void shouldAppendAtTheEnd(final String scheme) throws IOException
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            try (FileChannel writer = RingFileChannel.open(reactor, path(scheme, "log"), Set.of(WRITE, CREATE)))
            {
                writer.write(bytes("one,"));
            }
            try (FileChannel appender = RingFileChannel.open(reactor, path(scheme, "log"), Set.of(APPEND)))
            {
                appender.position(0);
                appender.write(bytes("two"));
                assertEquals(7, appender.position());
            }
            try (FileChannel reader = RingFileChannel.open(reactor, path(scheme, "log"), Set.of(READ)))
            {
                final ByteBuffer all = ByteBuffer.allocate(16);
                reader.read(all);
                assertEquals("one,two", text(all));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "mem"})
    void shouldEnforceItsModesAndItsClosing(final String scheme) throws IOException
    {
        try (Ringwork runtime = runtime();
            RingReactor reactor = RingReactor.start(runtime))
        {
            assertThrows(NoSuchFileException.class,
                () -> RingFileChannel.open(reactor, path(scheme, "absent"), Set.of(READ)));
            try (FileChannel created = RingFileChannel.open(reactor, path(scheme, "x"), Set.of(WRITE, CREATE_NEW)))
            {
                assertThrows(NonReadableChannelException.class, () -> created.read(ByteBuffer.allocate(1)));
                assertThrows(FileAlreadyExistsException.class,
                    () -> RingFileChannel.open(reactor, path(scheme, "x"), Set.of(WRITE, CREATE_NEW)));
            }
            final FileChannel reader = RingFileChannel.open(reactor, path(scheme, "x"), Set.of(READ));
            assertThrows(NonWritableChannelException.class, () -> reader.write(bytes("no")));
            assertThrows(NonWritableChannelException.class, () -> reader.truncate(0));
            reader.close();
            assertFalse(reader.isOpen());
            assertThrows(ClosedChannelException.class, () -> reader.read(ByteBuffer.allocate(1)));
            assertThrows(ClosedChannelException.class, reader::size);
            reader.close();

            final FileChannel interrupted = RingFileChannel.open(reactor, path(scheme, "x"), Set.of(READ));
            Thread.currentThread().interrupt();
            assertThrows(ClosedByInterruptException.class, () -> interrupted.read(ByteBuffer.allocate(1)));
            assertTrue(Thread.interrupted(), "the interrupt status stays set");
            assertFalse(interrupted.isOpen(), "an interrupt closes the channel");
        }
    }
}
