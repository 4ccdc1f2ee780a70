package io.ringwork.stress;

import io.ringwork.RingworkException;
import io.ringwork.internal.layout.RingDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The ring header's publication: {@link RingDescriptor#initialize} writes every header field with plain stores and
 * the magic last, with release; a peer whose {@link RingDescriptor#checkMapped} sees the magic (acquire) sees every
 * other field, so it never refuses a good ring for a stale version, size or length.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The peer looked before the magic was published: not a ring yet.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The peer saw the magic and a complete header (2 SQ entries).")
@Outcome(expect = FORBIDDEN, desc = "The peer saw the magic but a stale field, and refused a good ring.")
@State
public class HeaderPublicationTest
{
    private final MemorySegment region = Arena.ofAuto().allocate(
        RingDescriptor.regionLength(RingMemory.ENTRIES, RingMemory.ENTRIES), 64);

    /**
     * The creator: lays out the ring.
     */
    @Actor
    public void creator()
    {
        RingDescriptor.initialize(region, RingMemory.ENTRIES, RingMemory.ENTRIES, 0);
    }

    /**
     * The peer: checks the header as an attaching process does.
     *
     * @param r 1 if accepted (0 if not a ring yet, -1 if refused otherwise), and the SQ size it then reads.
     */
    @Actor
    public void peer(final II_Result r)
    {
        try
        {
            RingDescriptor.checkMapped(region, "stress");
            r.r1 = 1;
            r.r2 = RingDescriptor.sqEntries(region);
        }
        catch (final RingworkException ex)
        {
            r.r1 = ex.getMessage().contains("ring magic mismatch") ? 0 : -1;
        }
    }
}
