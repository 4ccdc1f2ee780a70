package io.ringwork;

import java.lang.foreign.MemorySegment;

final class ArenaRingTest extends RingContractTest
{
    @Override
    Ring newRing(final RingOptions options)
    {
        return Ring.create(options);
    }

    @Override
    ServedRing serverEndOf(final Ring ring, final RingOptions options)
    {
        return ring.serverEnd(options);
    }

    @Override
    MemorySegment regionOf(final Ring ring)
    {
        return RingTestAccess.region(ring);
    }
}
