package io.ringwork;

import io.ringwork.internal.memory.MappedFileRegion;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring contract over a /dev/shm file, both ends mapping it separately as two processes would.
 */
final class SharedFileRingTest extends RingContractTest
{
    private final ShmDirectory dir = ShmDirectory.create();
    private Path file;

    @Override
    Ring newRing(final RingOptions options)
    {
        file = dir.resolve("contract.ring");
        return Ring.createShared(file, options);
    }

    @Override
    ServedRing serverEndOf(final Ring ring, final RingOptions options)
    {
        return ServedRing.attach(file, options);
    }

    @Override
    MemorySegment regionOf(final Ring ring)
    {
        return RingTestAccess.region(ring);
    }

    @AfterEach
    void removeDirectory()
    {
        dir.close();
    }

    @Test
    void shouldCreateTheFileForTheOwnerOnlyAndRemoveItOnClose() throws Exception
    {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", MappedFileRegion.creationMode());
        served.close();
        ring.close();
        assertFalse(Files.exists(file), "the creator removes the ring file");
    }

    @Test
    void shouldSeeTheServerAttach()
    {
        assertTrue(ring.isServerAttached());
    }
}
