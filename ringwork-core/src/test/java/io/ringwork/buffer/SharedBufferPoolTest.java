package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.internal.layout.BufferPoolDescriptor;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.ringwork.buffer.BufferPoolTest.assertErrno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedBufferPoolTest
{
    private static final BufferPoolOptions SMALL = BufferPoolOptions.defaults()
        .withSegmentSize(1 << 20).withMaxSegments(8);

    @Test
    void shouldCreateOwnerOnlySegmentFilesAndRemoveThemOnClose() throws Exception
    {
        try (ShmDirectory shm = ShmDirectory.create())
        {
            final Path dir = shm.resolve("pool");
            final Path file0 = dir.resolve(BufferPoolDescriptor.fileName(0));
            try (BufferPool pool = BufferPool.createShared(dir, SMALL))
            {
                assertTrue(Files.exists(file0));
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file0)));
                assertEquals(1 << 20, Files.size(file0));
                assertEquals(dir, pool.directory().orElseThrow());
            }
            assertFalse(Files.exists(file0));
        }
    }

    @Test
    void shouldLetAPeerReadAndWriteBuffersAndMapNewSegmentsOnFirstUse()
    {
        try (ShmDirectory shm = ShmDirectory.create();
            BufferPool owner = BufferPool.createShared(shm.path(), SMALL);
            BufferPool peer = BufferPool.attach(shm.path()))
        {
            assertFalse(peer.isOwner());
            assertEquals(owner.poolId(), peer.poolId());
            final long ref = owner.allocate(4096, 4096);
            owner.slice(ref, 4096).fill((byte)7);
            final MemorySegment seen = peer.slice(ref, 4096);
            assertEquals(7, seen.get(ValueLayout.JAVA_BYTE, 4095));
            seen.set(ValueLayout.JAVA_LONG, 0, 42L);
            assertEquals(42L, owner.slice(ref, 8).get(ValueLayout.JAVA_LONG, 0));

            final long big = owner.allocate(3 << 20, 64);
            assertEquals(1, BufferRef.segmentId(big));
            assertEquals(1, peer.segmentCount());
            owner.slice(big, 3 << 20).set(ValueLayout.JAVA_INT, (3 << 20) - 4, 0xCAFE);
            assertEquals(0xCAFE, peer.slice(big, 3 << 20).get(ValueLayout.JAVA_INT, (3 << 20) - 4));
            assertEquals(2, peer.segmentCount());

            assertErrno(Errno.EFAULT, "segment 5", () -> peer.slice(BufferRef.encode(5, 4096), 1));
            assertErrno(Errno.EFAULT, "outside segment 1", () -> peer.slice(big, 4L << 20));
            assertErrno(Errno.EOPNOTSUPP, "belong to the owner", () -> peer.allocate(64, 8));
            assertErrno(Errno.EOPNOTSUPP, "belong to the owner", () -> peer.free(ref));
        }
    }

    @Test
    void shouldTellThePeerWhenTheOwnerCloses()
    {
        try (ShmDirectory shm = ShmDirectory.create())
        {
            final BufferPool owner = BufferPool.createShared(shm.path(), SMALL);
            try (BufferPool peer = BufferPool.attach(shm.path()))
            {
                final long ref = owner.allocate(64, 64);
                owner.slice(ref, 8).set(ValueLayout.JAVA_LONG, 0, 99L);
                assertFalse(peer.isOwnerClosed());
                owner.close();
                assertTrue(peer.isOwnerClosed());
                assertEquals(99L, peer.slice(ref, 8).get(ValueLayout.JAVA_LONG, 0), "the peer's mapping stays valid");
            }
        }
    }

    @Test
    void shouldRefuseToAttachWhereThereIsNoPool()
    {
        try (ShmDirectory shm = ShmDirectory.create())
        {
            assertErrno(Errno.ENOENT, "segment-00000.pool", () -> BufferPool.attach(shm.path()));
        }
    }

    @Test
    void shouldRefuseToCreateOverAnExistingPool()
    {
        try (ShmDirectory shm = ShmDirectory.create();
            BufferPool owner = BufferPool.createShared(shm.path(), SMALL))
        {
            assertErrno(Errno.EEXIST, "segment-00000.pool", () -> BufferPool.createShared(shm.path(), SMALL));
            assertTrue(owner.isOwner());
        }
    }

    @Test
    void shouldCountPeerGuardsAndRefusePeerCloseWhileGuarded()
    {
        try (ShmDirectory shm = ShmDirectory.create();
            BufferPool owner = BufferPool.createShared(shm.path(), SMALL))
        {
            final long ref = owner.allocate(64, 64);
            final BufferPool peer = BufferPool.attach(shm.path());
            peer.guard(ref);
            assertEquals(1, peer.activeGuards());
            assertErrno(Errno.EBUSY, "1 active guard(s)", peer::close);
            assertErrno(Errno.EFAULT, "outside the pool", () -> peer.guard(BufferRef.encode(0, 8)));
            peer.unguard(ref);
            peer.close();
            assertTrue(peer.isClosed());
            assertEquals(0, owner.activeGuards());
        }
    }
}
