package io.ringwork.examples.samples;

import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.examples.checksum.TreeChecksum;
import io.ringwork.examples.copy.ChainCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
