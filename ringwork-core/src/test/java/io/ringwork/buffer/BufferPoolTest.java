package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.BufferPoolDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolTest
{
    private static final BufferPoolOptions SMALL = BufferPoolOptions.defaults()
        .withSegmentSize(1 << 20).withMaxSegments(4);

    static RingworkException assertErrno(final Errno errno, final String fragment, final Executable action)
    {
        final RingworkException ex = assertThrows(RingworkException.class, action);
        assertEquals(errno, ex.errno(), ex.getMessage());
        assertTrue(ex.getMessage().contains(fragment), () -> "'" + fragment + "' not in: " + ex.getMessage());
        return ex;
    }

    @Test
    void shouldAllocateAlignedNonOverlappingBuffersAndReadBackWhatWasWritten()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final List<Long> refs = new ArrayList<>();
            for (int i = 0; i < 100; i++)
            {
                final long alignment = 8L << (i % 8);
                final long ref = pool.allocate(1 + i * 37, alignment);
                assertEquals(0, BufferRef.offset(ref) % alignment, BufferRef.toString(ref));
                assertTrue(BufferRef.offset(ref) >= BufferPoolDescriptor.HEADER_LENGTH);
                final MemorySegment slice = pool.slice(ref, 1 + i * 37);
                assertEquals(0, slice.address() % alignment, "address alignment");
                slice.fill((byte)i);
                refs.add(ref);
            }
            for (int i = 0; i < refs.size(); i++)
            {
                final MemorySegment slice = pool.slice(refs.get(i), 1 + i * 37);
                for (long b = 0; b < slice.byteSize(); b++)
                {
                    assertEquals((byte)i, slice.get(ValueLayout.JAVA_BYTE, b));
                }
            }
            for (final long ref : refs)
            {
                pool.free(ref);
            }
            assertNull(pool.checkInvariants());
            assertEquals(pool.totalBytes(), pool.freeBytes());
            assertEquals(pool.totalBytes(), pool.largestFreeBlock(), "free space coalesced into one block");
        }
    }

    @Test
    void shouldRoundSizesUpToTheMinimumAlignment()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long ref = pool.allocate(1, 8);
            assertEquals(64, pool.sizeOf(ref));
            assertEquals(64, pool.slice(ref, 64).byteSize());
        }
    }

    @Test
    void shouldRefuseBadSizesAlignmentsAndFlagsNamingTheValue()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            assertErrno(Errno.EINVAL, "size=0", () -> pool.allocate(0, 8));
            assertErrno(Errno.EINVAL, "size=-3", () -> pool.allocate(-3, 8));
            assertErrno(Errno.EINVAL, "alignment=24", () -> pool.allocate(64, 24));
            assertErrno(Errno.EINVAL, "alignment=0", () -> pool.allocate(64, 0));
            assertErrno(Errno.EINVAL, "alignment=4194304", () -> pool.allocate(64, 4L << 20));
            assertErrno(Errno.EINVAL, "size=" + ((64L << 20) + 1), () -> pool.allocate((64L << 20) + 1, 8));
            assertErrno(Errno.EINVAL, "flags=0x80", () -> pool.allocate(64, 8, 0x80));
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldRefuseDoubleAndForeignFreesAndStayConsistent()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long ref = pool.allocate(1000, 64);
            pool.free(ref);
            assertErrno(Errno.EINVAL, "double free", () -> pool.free(ref));
            assertErrno(Errno.EINVAL, "segment 9 is not in this pool",
                () -> pool.free(BufferRef.encode(9, 4096)));
            assertErrno(Errno.EINVAL, "is foreign", () -> pool.free(BufferRef.encode(0, 16)));
            final long live = pool.allocate(1000, 64);
            assertErrno(Errno.EINVAL, "points inside the allocation", () -> pool.free(live + 64));
            assertNull(pool.checkInvariants());
            assertEquals(1, pool.liveAllocations());
        }
    }

    @Test
    void shouldRefuseSlicesOutsideTheSegmentOrOutsideLiveAllocationsWithEfault()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long ref = pool.allocate(256, 64);
            assertEquals(256, pool.slice(ref, 256).byteSize());
            assertEquals(100, pool.slice(ref + 100, 100).byteSize(), "interior slice");
            assertErrno(Errno.EFAULT, "runs past", () -> pool.slice(ref, 257));
            assertErrno(Errno.EFAULT, "segment 3", () -> pool.slice(BufferRef.encode(3, 4096), 1));
            assertErrno(Errno.EFAULT, "outside segment 0", () -> pool.slice(BufferRef.encode(0, 8), 1));
            assertErrno(Errno.EFAULT, "outside segment 0", () -> pool.slice(ref, Long.MAX_VALUE));
            assertErrno(Errno.EFAULT, "outside segment 0", () -> pool.slice(BufferRef.encode(0, 1 << 20), 1));
            pool.free(ref);
            assertErrno(Errno.EFAULT, "not inside a live allocation", () -> pool.slice(ref, 1));
            assertNull(pool.trySlice(ref, 1));
            assertNull(pool.trySlice(BufferRef.encode(3, 4096), 1));
            assertNull(pool.trySlice(BufferRef.encode(0, 8), 1));
            final long live = pool.allocate(64, 64);
            assertEquals(64, pool.trySlice(live, 64).byteSize());
        }
    }

    @Test
    void shouldViewABufferAsAByteBuffer()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long ref = pool.allocate(128, 64);
            final ByteBuffer buffer = pool.byteBuffer(ref, 128);
            assertEquals(128, buffer.remaining());
            buffer.putLong(0, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, pool.slice(ref, 8).get(
                ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0));
        }
    }

    @Test
    void shouldGrowBySegmentsUpToTheMaximumThenFailWithEnomem()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final List<Long> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                refs.add(pool.allocate(600 << 10, 64));
            }
            assertEquals(4, pool.segmentCount());
            assertEquals(4, refs.stream().mapToInt(BufferRef::segmentId).distinct().count());
            assertErrno(Errno.ENOMEM, "segments=4/4", () -> pool.allocate(600 << 10, 64));
            assertEquals(BufferRef.NULL, pool.tryAllocate(600 << 10, 64, AllocationFlags.NONE));
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldGiveAnOversizedRequestASegmentOfItsOwn()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long ref = pool.allocate(5 << 20, 2 << 20);
            assertEquals(1, BufferRef.segmentId(ref));
            assertEquals(0, BufferRef.offset(ref) % (2 << 20));
            assertEquals(0, pool.slice(ref, 5 << 20).address() % (2 << 20));
        }
    }

    @Test
    void shouldNotGrowWhenAskedNotTo()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            pool.allocate(900 << 10, 64);
            assertErrno(Errno.ENOMEM, "size=", () -> pool.allocate(900 << 10, 64, AllocationFlags.NO_GROW));
            assertEquals(1, pool.segmentCount());
        }
    }

    @Test
    void shouldRefuseToFreeOrCloseWhileGuardedAndAllowItAfterUnguard()
    {
        final BufferPool pool = BufferPool.create(SMALL);
        final long ref = pool.allocate(4096, 4096);
        pool.guard(ref);
        pool.guard(ref + 100);
        assertEquals(2, pool.activeGuards());
        assertErrno(Errno.EBUSY, "guarded by 2", () -> pool.free(ref));
        assertErrno(Errno.EBUSY, "2 active guard(s)", pool::close);
        assertFalse(pool.isClosed());
        pool.unguard(ref);
        pool.unguard(ref);
        assertErrno(Errno.EINVAL, "holds no guard", () -> pool.unguard(ref));
        assertEquals(0, pool.activeGuards());
        pool.free(ref);
        assertErrno(Errno.EINVAL, "not inside a live allocation", () -> pool.guard(ref));
        pool.close();
        assertTrue(pool.isClosed());
        assertErrno(Errno.ESHUTDOWN, "closed", () -> pool.allocate(64, 8));
        assertErrno(Errno.ESHUTDOWN, "closed", () -> pool.slice(ref, 1));
    }

    @Test
    void shouldWaitForGuardsWhenClosingWithATimeout() throws Exception
    {
        final BufferPool pool = BufferPool.create(SMALL);
        final long ref = pool.allocate(64, 64);
        pool.guard(ref);
        assertErrno(Errno.EBUSY, "1 active guard(s)", () -> pool.close(Duration.ofMillis(20)));
        final CountDownLatch closing = new CountDownLatch(1);
        final Thread completer = Thread.ofVirtual().start(() ->
        {
            try
            {
                closing.await();
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            pool.unguard(ref);
        });
        closing.countDown();
        pool.close(Duration.ofSeconds(30));
        completer.join();
        assertTrue(pool.isClosed());
        assertEquals(0, pool.activeGuards());
    }

    @Test
    void shouldAllocateAtAFixedOffsetAndRefuseOverlaps()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            final long at = BufferRef.encode(0, 64 << 10);
            assertEquals(at, pool.allocateAt(at, 1000));
            assertEquals(1024, pool.sizeOf(at));
            assertErrno(Errno.EADDRINUSE, "overlaps", () -> pool.allocateAt(at + 512, 64));
            assertErrno(Errno.EINVAL, "minAlignment=64", () -> pool.allocateAt(at + 8, 64));
            assertErrno(Errno.EFAULT, "outside", () -> pool.allocateAt(BufferRef.encode(5, 4096), 64));
            final long next = pool.allocateAt(at + 1024, 64);
            assertEquals(at + 1024, next);
            pool.free(at);
            pool.free(next);
            assertNull(pool.checkInvariants());
            assertEquals(pool.totalBytes(), pool.largestFreeBlock());
        }
    }

    @Test
    void shouldAllocateFromTheLowFourGigabytesOnlyWhenAsked()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            pool.allocate(1000 << 10, 64);
            final long high = pool.allocate(64 << 10, 64);
            assertEquals(1, BufferRef.segmentId(high));
            final long low = pool.allocate(16 << 10, 64, AllocationFlags.LOW_4G);
            assertTrue(BufferRef.isLow4G(low), BufferRef.toString(low));
            assertErrno(Errno.ENOMEM, "low 4 GiB", () -> pool.allocate(200 << 10, 64, AllocationFlags.LOW_4G));
        }
    }

    @Test
    void shouldUseFirstFitWhenConfigured()
    {
        try (BufferPool pool = BufferPool.create(SMALL.withStrategy(AllocationStrategy.FIRST_FIT)))
        {
            final long a = pool.allocate(1000, 64);
            final long b = pool.allocate(1000, 64);
            pool.free(a);
            assertTrue(BufferRef.NULL != pool.allocate(500, 64));
            pool.free(b);
            assertNull(pool.checkInvariants());
        }
    }

    @Test
    void shouldRefusePeerOnlyOperationsOnAnInProcessPoolNever()
    {
        try (BufferPool pool = BufferPool.create(SMALL))
        {
            assertTrue(pool.isOwner());
            assertTrue(pool.directory().isEmpty());
            assertTrue(pool.segmentMemory(0).byteSize() >= SMALL.segmentSize());
        }
    }
}
