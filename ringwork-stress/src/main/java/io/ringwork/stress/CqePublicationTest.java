package io.ringwork.stress;

import io.ringwork.Cqe;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * CQE publication: the server fills all 32 bytes of a CQE with plain stores and publishes the CQ tail with one
 * release store; a client that sees the new tail (acquire) sees every field of the entry, never a stale or torn one.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The client looked before the tail moved: nothing to read yet.")
@Outcome(id = "1, 9", expect = ACCEPTABLE, desc = "The client saw the tail and every field of the CQE.")
@Outcome(expect = FORBIDDEN, desc = "The client saw the tail but not the whole CQE: publication is broken.")
@State
public class CqePublicationTest
{
    private static final int ID = 9;

    private final MemorySegment region = RingMemory.allocate(0);
    private final QueueProducer server = RingMemory.cqProducer(region);
    private final QueueConsumer client = RingMemory.cqConsumer(region);

    /**
     * The server: claims a slot, fills the entry in place, publishes.
     */
    @Actor
    public void server()
    {
        EntryPattern.writeCqe(new Cqe(region, server.claim()), ID);
        server.publish();
    }

    /**
     * The client: reads the tail, then the entry if the tail moved.
     *
     * @param r entries seen, and the entry's id ({@link EntryPattern#TORN} if any field is off).
     */
    @Actor
    public void client(final II_Result r)
    {
        final int ready = client.available();
        r.r1 = ready;
        if (ready > 0)
        {
            r.r2 = EntryPattern.readCqe(new Cqe(region, client.entryOffset(0)));
        }
    }
}
