package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.BufferPoolDescriptor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of allocate (plain, aligned, low-4G, no-grow, fixed-offset, scatter), free, bad frees, guards and
 * slices against a model of live buffers, checking after every step: no two buffers overlap (in the model and in
 * memory, through a tag written into each buffer), alignment is honoured, every byte is accounted for, the
 * allocator's own invariants hold, an allocation fails only when no free range could hold it and the pool cannot
 * grow, and after freeing everything each segment is one free block again.
 */
class BufferPoolModelProperties
{
    private enum Kind
    {
        ALLOCATE, ALLOCATE_LOW, ALLOCATE_NO_GROW, ALLOCATE_AT, SCATTER, FREE, FREE_BAD, GUARD, UNGUARD, SLICE
    }

    private record Op(Kind kind, long size, int alignShift, int pick, long offsetPick)
    {
    }

    private record Live(long size, long usable, long alignment, byte tag, int guards)
    {
        Live withGuards(final int newGuards)
        {
            return new Live(size, usable, alignment, tag, newGuards);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(30, Arbitraries.just(Kind.ALLOCATE)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ALLOCATE_LOW)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ALLOCATE_NO_GROW)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.ALLOCATE_AT)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.SCATTER)),
            net.jqwik.api.Tuple.of(28, Arbitraries.just(Kind.FREE)),
            net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.FREE_BAD)),
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.GUARD)),
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.UNGUARD)),
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.SLICE)));
        final Arbitrary<Long> sizes = Arbitraries.oneOf(
            Arbitraries.longs().between(1, 256),
            Arbitraries.longs().between(1, 16 << 10),
            Arbitraries.longs().between(1, 300 << 10));
        return Combinators.combine(kinds, sizes, Arbitraries.integers().between(0, 13),
            Arbitraries.integers().between(0, 1 << 20), Arbitraries.longs().between(0, 1L << 20))
            .as(Op::new).list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 250)
    void shouldKeepBuffersDisjointAlignedAndAccountedForAfterEveryStep(
        @ForAll("ops") final List<Op> ops,
        @ForAll final boolean firstFit,
        @ForAll final boolean smallGranule)
    {
        final BufferPoolOptions options = BufferPoolOptions.defaults()
            .withSegmentSize(256 << 10)
            .withMaxSegments(4)
            .withAllocationSizes(1, 600 << 10)
            .withAlignments(smallGranule ? 8 : 64, 64 << 10)
            .withStrategy(firstFit ? AllocationStrategy.FIRST_FIT : AllocationStrategy.BEST_FIT);
        final TreeMap<Long, Live> live = new TreeMap<>(Long::compareUnsigned);
        final List<Long> freed = new ArrayList<>();
        try (BufferPool pool = BufferPool.create(options))
        {
            byte nextTag = 1;
            for (final Op op : ops)
            {
                final long alignment = 8L << op.alignShift();
                switch (op.kind())
                {
                    case ALLOCATE, ALLOCATE_LOW, ALLOCATE_NO_GROW ->
                    {
                        final int flags = switch (op.kind())
                        {
                            case ALLOCATE_LOW -> AllocationFlags.LOW_4G;
                            case ALLOCATE_NO_GROW -> AllocationFlags.NO_GROW;
                            default -> AllocationFlags.NONE;
                        };
                        final long ref = pool.tryAllocate(op.size(), alignment, flags);
                        if (BufferRef.NULL == ref)
                        {
                            final boolean mayGrow = AllocationFlags.NONE == flags;
                            if (mayGrow)
                            {
                                assertEquals(options.maxSegments(), pool.segmentCount(),
                                    "failed although the pool could grow");
                            }
                            assertNoGapFits(pool, live, op.size(), alignment, AllocationFlags.LOW_4G == flags);
                        }
                        else
                        {
                            if (AllocationFlags.LOW_4G == flags)
                            {
                                assertTrue(BufferRef.isLow4G(ref), BufferRef.toString(ref));
                            }
                            nextTag = record(pool, live, ref, op.size(), alignment, nextTag);
                        }
                    }
                    case ALLOCATE_AT ->
                    {
                        final int segment = op.pick() % pool.segmentCount();
                        final long length = pool.segmentMemory(segment).byteSize();
                        final long offset = BufferPoolDescriptor.HEADER_LENGTH +
                            (op.offsetPick() % length & -options.minAlignment());
                        final long ref = BufferRef.encode(segment, offset);
                        final boolean free = rangeIsFree(pool, live, ref, pool.usableSizeFor(op.size()));
                        try
                        {
                            assertEquals(ref, pool.allocateAt(ref, op.size()));
                            assertTrue(free, "allocated over a used range at " + BufferRef.toString(ref));
                            nextTag = record(pool, live, ref, op.size(), options.minAlignment(), nextTag);
                        }
                        catch (final RingworkException ex)
                        {
                            assertTrue(Errno.EADDRINUSE == ex.errno() || Errno.EFAULT == ex.errno(), ex.toString());
                            assertTrue(!free || Errno.EFAULT == ex.errno(), "refused a free range: " + ex);
                        }
                    }
                    case SCATTER ->
                    {
                        final long[] refs = new long[8];
                        final long[] lengths = new long[8];
                        final long total = op.size() * 3;
                        final long minChunk = Math.max(1, op.size() / 4);
                        try
                        {
                            final int count = pool.allocateScatter(total, minChunk, alignment,
                                AllocationFlags.NONE, refs, lengths);
                            long sum = 0;
                            for (int i = 0; i < count; i++)
                            {
                                sum += lengths[i];
                                assertTrue(lengths[i] >= minChunk || i == count - 1, "short chunk " + lengths[i]);
                                nextTag = record(pool, live, refs[i], lengths[i], alignment, nextTag);
                            }
                            assertEquals(total, sum);
                        }
                        catch (final RingworkException ex)
                        {
                            assertEquals(Errno.ENOMEM, ex.errno(), ex.toString());
                        }
                    }
                    case FREE ->
                    {
                        if (!live.isEmpty())
                        {
                            final long ref = pick(live, op.pick());
                            final Live entry = live.get(ref);
                            if (entry.guards() > 0)
                            {
                                expect(Errno.EBUSY, () -> pool.free(ref));
                            }
                            else
                            {
                                checkTag(pool, ref, entry);
                                pool.free(ref);
                                live.remove(ref);
                                freed.add(ref);
                            }
                        }
                    }
                    case FREE_BAD ->
                    {
                        final long bad = switch (op.pick() % 4)
                        {
                            case 0 -> freed.isEmpty() ? BufferRef.encode(0, 8) : freed.get(op.pick() % freed.size());
                            case 1 -> BufferRef.encode(100 + op.pick() % 100, 4096);
                            case 2 -> live.isEmpty() ? BufferRef.encode(0, 16) : pick(live, op.pick()) + 8;
                            default -> BufferRef.encode(0, op.offsetPick());
                        };
                        if (!live.containsKey(bad))
                        {
                            expect(Errno.EINVAL, () -> pool.free(bad));
                        }
                    }
                    case GUARD ->
                    {
                        if (!live.isEmpty())
                        {
                            final long ref = pick(live, op.pick());
                            pool.guard(ref);
                            live.put(ref, live.get(ref).withGuards(live.get(ref).guards() + 1));
                        }
                    }
                    case UNGUARD ->
                    {
                        if (!live.isEmpty())
                        {
                            final long ref = pick(live, op.pick());
                            final Live entry = live.get(ref);
                            if (0 == entry.guards())
                            {
                                expect(Errno.EINVAL, () -> pool.unguard(ref));
                            }
                            else
                            {
                                pool.unguard(ref);
                                live.put(ref, entry.withGuards(entry.guards() - 1));
                            }
                        }
                    }
                    case SLICE ->
                    {
                        if (!live.isEmpty())
                        {
                            final long ref = pick(live, op.pick());
                            final Live entry = live.get(ref);
                            final long inside = op.offsetPick() % entry.usable();
                            assertEquals(entry.usable() - inside,
                                pool.slice(ref + inside, entry.usable() - inside).byteSize());
                            expect(Errno.EFAULT, () -> pool.slice(ref + inside, entry.usable() - inside + 1));
                        }
                        if (!freed.isEmpty())
                        {
                            final long gone = freed.get(op.pick() % freed.size());
                            if (null == containing(live, gone))
                            {
                                expect(Errno.EFAULT, () -> pool.slice(gone, 1));
                            }
                        }
                    }
                    default -> fail("unhandled " + op.kind());
                }
                checkConsistent(pool, live);
            }
            for (final Map.Entry<Long, Live> e : live.entrySet())
            {
                for (int g = 0; g < e.getValue().guards(); g++)
                {
                    pool.unguard(e.getKey());
                }
                checkTag(pool, e.getKey(), e.getValue());
                pool.free(e.getKey());
            }
            live.clear();
            checkConsistent(pool, live);
            assertEquals(pool.totalBytes(), pool.freeBytes());
            assertEquals(pool.segmentCount(), pool.freeBlockCount(), "free space not fully coalesced");
            assertEquals(0, pool.activeGuards());
        }
    }

    private static byte record(final BufferPool pool, final TreeMap<Long, Live> live, final long ref,
        final long size, final long alignment, final byte tag)
    {
        assertEquals(0, BufferRef.offset(ref) % alignment, "misaligned " + BufferRef.toString(ref));
        final long usable = pool.sizeOf(ref);
        assertTrue(usable >= size, "usable=" + usable + " < size=" + size);
        final MemorySegment memory = pool.slice(ref, usable);
        memory.set(ValueLayout.JAVA_BYTE, 0, tag);
        memory.set(ValueLayout.JAVA_BYTE, usable - 1, tag);
        assertNull(live.put(ref, new Live(size, usable, alignment, tag, 0)), "handed out twice");
        return (byte)(tag + 1);
    }

    private static void checkTag(final BufferPool pool, final long ref, final Live entry)
    {
        final MemorySegment memory = pool.slice(ref, entry.usable());
        assertEquals(entry.tag(), memory.get(ValueLayout.JAVA_BYTE, 0), "first byte overwritten");
        assertEquals(entry.tag(), memory.get(ValueLayout.JAVA_BYTE, entry.usable() - 1), "last byte overwritten");
    }

    private static long pick(final TreeMap<Long, Live> live, final int pick)
    {
        final int index = pick % live.size();
        int i = 0;
        for (final long ref : live.keySet())
        {
            if (i++ == index)
            {
                return ref;
            }
        }
        throw new IllegalStateException();
    }

    private static Long containing(final TreeMap<Long, Live> live, final long ref)
    {
        final Map.Entry<Long, Live> floor = live.floorEntry(ref);
        return null != floor && BufferRef.segmentId(floor.getKey()) == BufferRef.segmentId(ref) &&
            ref - floor.getKey() < floor.getValue().usable() ? floor.getKey() : null;
    }

    private static void checkConsistent(final BufferPool pool, final TreeMap<Long, Live> live)
    {
        assertNull(pool.checkInvariants());
        long used = 0;
        long previousEnd = Long.MIN_VALUE;
        int previousSegment = -1;
        for (final Map.Entry<Long, Live> e : live.entrySet())
        {
            final long ref = e.getKey();
            final int segment = BufferRef.segmentId(ref);
            if (segment == previousSegment)
            {
                assertTrue(BufferRef.offset(ref) >= previousEnd, "overlap at " + BufferRef.toString(ref));
            }
            assertTrue(BufferRef.offset(ref) + e.getValue().usable() <= pool.segmentMemory(segment).byteSize());
            previousSegment = segment;
            previousEnd = BufferRef.offset(ref) + e.getValue().usable();
            used += e.getValue().usable();
        }
        assertEquals(used, pool.usedBytes(), "used bytes");
        assertEquals(pool.totalBytes(), pool.usedBytes() + pool.freeBytes(), "every byte accounted for");
        assertEquals(live.size(), pool.liveAllocations());
        assertEquals(live.values().stream().mapToLong(Live::guards).sum(), pool.activeGuards());
    }

    private static boolean rangeIsFree(final BufferPool pool, final TreeMap<Long, Live> live, final long ref,
        final long length)
    {
        final long segmentLength = pool.segmentMemory(BufferRef.segmentId(ref)).byteSize();
        if (BufferRef.offset(ref) + length > (segmentLength & -pool.options().minAlignment()))
        {
            return false;
        }
        for (final Map.Entry<Long, Live> e : live.entrySet())
        {
            if (BufferRef.segmentId(e.getKey()) == BufferRef.segmentId(ref) &&
                e.getKey() < ref + length && ref < e.getKey() + e.getValue().usable())
            {
                return false;
            }
        }
        return true;
    }

    private static void assertNoGapFits(final BufferPool pool, final TreeMap<Long, Live> live, final long size,
        final long alignment, final boolean lowOnly)
    {
        final long granule = pool.options().minAlignment();
        final long align = Math.max(alignment, granule);
        final long need = pool.usableSizeFor(size);
        final int segments = lowOnly ? 1 : pool.segmentCount();
        for (int segment = 0; segment < segments; segment++)
        {
            long gapStart = BufferPoolDescriptor.HEADER_LENGTH;
            final long end = pool.segmentMemory(segment).byteSize() & -granule;
            for (final Map.Entry<Long, Live> e : live.subMap(BufferRef.encode(segment, 0), true,
                BufferRef.encode(segment, BufferRef.MAX_OFFSET), true).entrySet())
            {
                assertGapTooSmall(gapStart, BufferRef.offset(e.getKey()), align, need, segment);
                gapStart = BufferRef.offset(e.getKey()) + e.getValue().usable();
            }
            assertGapTooSmall(gapStart, end, align, need, segment);
        }
    }

    private static void assertGapTooSmall(final long from, final long to, final long align, final long need,
        final int segment)
    {
        final long aligned = (from + align - 1) & -align;
        assertTrue(aligned + need > to, "allocation of " + need + " aligned " + align + " failed but [" + from +
            ", " + to + ") in segment " + segment + " fits it");
    }

    private static void expect(final Errno errno, final Runnable action)
    {
        try
        {
            action.run();
            fail("expected " + errno);
        }
        catch (final RingworkException ex)
        {
            assertEquals(errno, ex.errno(), ex.getMessage());
            assertNotEquals("", ex.getMessage());
        }
    }
}
