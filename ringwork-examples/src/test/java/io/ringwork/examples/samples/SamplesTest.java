package io.ringwork.examples.samples;

import io.ringwork.Errno;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.examples.checksum.TreeChecksum;
import io.ringwork.examples.copy.ChainCopy;
import io.ringwork.examples.serve.ReactorFileServer;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The samples do what they say on real files: the copy is byte for byte, the checksums are the JDK's.
 */
class SamplesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCopyFilesSmallerAndLargerThanOneChain() throws Exception
    {
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            for (final int size : new int[] {0, 17, ChainCopy.CHUNK, 3 * ChainCopy.CHUNK + 12_345})
            {
                final byte[] content = new byte[size];
                ThreadLocalRandom.current().nextBytes(content);
                final Path source = dir.resolve("in-" + size);
                final Path target = dir.resolve("out-" + size);
                Files.write(source, content);
                Files.write(target, new byte[size + 100]);
                assertEquals(size, ChainCopy.copy(reactor.io(), source, target));
                assertArrayEquals(content, Files.readAllBytes(target), "a copy of " + size + " bytes");
            }
        }
    }

    @Test
    void shouldChecksumATreeLikeTheJdk() throws Exception
    {
        final Path tree = dir.resolve("tree");
        for (int i = 0; i < 40; i++)
        {
            final Path file = tree.resolve("d" + (i % 5)).resolve("f" + i);
            Files.createDirectories(file.getParent());
            final byte[] content = new byte[ThreadLocalRandom.current().nextInt(0, 600_000)];
            ThreadLocalRandom.current().nextBytes(content);
            Files.write(file, content);
        }
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            final Map<String, Long> sums = TreeChecksum.checksums(reactor.sync(), tree);
            assertEquals(40, sums.size());
            for (final Map.Entry<String, Long> entry : sums.entrySet())
            {
                final CRC32C crc = new CRC32C();
                crc.update(Files.readAllBytes(tree.resolve(entry.getKey())));
                assertEquals(crc.getValue(), entry.getValue(), entry.getKey());
            }
        }
    }

    @Test
    void shouldServeADirectoryFromTheReactorThatDoesItsFileIo() throws Exception
    {
        final Path served = Files.createDirectories(dir.resolve("served"));
        Files.writeString(served.resolve("hello.txt"), "hello from disk");
        try (ShmDirectory sockets = ShmDirectory.create();
            Ringwork runtime = Ringwork.start(RingworkOptions.defaults().withFileRoot(served));
            RingReactor reactor = RingReactor.start(runtime);
            SchemeServer ignored = ReactorFileServer.publish(reactor, "files",
                SchemeServerOptions.defaults().withDirectory(sockets.path()));
            SchemeConnection connection = SchemeConnection.connect("files",
                SchemeConnectionOptions.defaults().withDirectory(sockets.path()));
            RingReactor client = RingReactor.start(connection.ring(), connection.pool()))
        {
            final SyncIo io = client.sync();
            final long hello = io.open("files:hello.txt", VerbFlags.OPEN_READ);
            final ByteBuffer read = ByteBuffer.allocate(64);
            assertEquals(15, io.read(hello, read, 0));
            assertEquals("hello from disk", new String(read.array(), 0, 15, StandardCharsets.UTF_8));
            assertEquals(15, io.stat(hello).size());
            io.close(hello);

            final long notes = io.open("files:notes.txt", VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            assertEquals(5, io.write(notes, ByteBuffer.wrap("notes".getBytes(StandardCharsets.UTF_8)), 0));
            io.fsync(notes, false);
            io.close(notes);
            assertEquals("notes", Files.readString(served.resolve("notes.txt")));

            final RingworkException missing = assertThrows(RingworkException.class,
                () -> io.open("files:missing.txt", VerbFlags.OPEN_READ));
            assertEquals(Errno.ENOENT, missing.errno(), "file:'s error reaches the client");
        }
    }
}
