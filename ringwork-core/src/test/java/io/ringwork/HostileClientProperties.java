package io.ringwork;

import io.ringwork.internal.layout.RingDescriptor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile client writes arbitrary values over everything it owns in a ring — its indices, its entries — and the
 * server end must never throw, never touch memory outside the ring, and either serve a sane number of entries or
 * report the ring broken. (Random inputs from jqwik: Jazzer's instrumentation cannot read Java 25 class files.)
 */
class HostileClientProperties
{
    record Scribble(int sqTail, int cqHead, byte[] entries)
    {
    }

    @Provide
    Arbitrary<List<Scribble>> scribbles()
    {
        final Arbitrary<Integer> index = Arbitraries.oneOf(Arbitraries.integers().between(-8, 16),
            Arbitraries.integers());
        final Arbitrary<byte[]> entries = Arbitraries.bytes().array(byte[].class).ofSize(4 * 64);
        return net.jqwik.api.Combinators.combine(index, index, entries).as(Scribble::new).list().ofMinSize(1)
            .ofMaxSize(8);
    }

    @Property(tries = 2000)
    void shouldSurviveArbitraryClientMemory(@ForAll("scribbles") final List<Scribble> scribbles)
    {
        try (Ring ring = Ring.create(RingOptions.defaults().withEntries(4, 8)); ServedRing served = ring.serverEnd())
        {
            final MemorySegment region = RingTestAccess.region(ring);
            for (final Scribble scribble : scribbles)
            {
                region.set(ValueLayout.JAVA_INT, RingDescriptor.SQ_TAIL_OFFSET, scribble.sqTail());
                region.set(ValueLayout.JAVA_INT, RingDescriptor.CQ_HEAD_OFFSET, scribble.cqHead());
                MemorySegment.copy(MemorySegment.ofArray(scribble.entries()), 0, region,
                    RingDescriptor.sqEntriesOffset(), scribble.entries().length);
                final int ready = served.sqesReady();
                assertTrue(ready == ServedRing.BROKEN || (ready >= 0 && ready <= served.sqEntries()),
                    "ready=" + ready);
                if (ready > 0)
                {
                    served.forEachSqe(sqe -> served.postCqe(sqe.userData(), sqe.arg(2), 0, sqe.opcode(), 0, 0),
                        ready);
                    served.publishCqes();
                }
                final int waited = served.awaitSqes(0);
                assertTrue(waited >= ServedRing.PEER_CLOSED && waited <= served.sqEntries(), "waited=" + waited);
                final int reaped = ring.awaitCqes(1, 0);
                assertTrue(reaped >= Ring.PEER_CLOSED && reaped <= ring.cqEntries(), "reaped=" + reaped);
                if (served.isBroken())
                {
                    assertTrue(ServedRing.BROKEN == served.awaitSqes(0), "a broken ring stays broken");
                    return;
                }
            }
        }
    }
}
