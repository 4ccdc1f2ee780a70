package io.ringwork.stress;

import io.ringwork.Sqe;
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
 * SQE publication: the client fills all 64 bytes of an SQE with plain stores and publishes the SQ tail with one
 * release store; a server that sees the new tail (acquire) sees every field of the entry, never a stale or torn one.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The server looked before the tail moved: nothing to read yet.")
@Outcome(id = "1, 7", expect = ACCEPTABLE, desc = "The server saw the tail and every field of the SQE.")
@Outcome(expect = FORBIDDEN, desc = "The server saw the tail but not the whole SQE: publication is broken.")
@State
public class SqePublicationTest
{
    private static final int ID = 7;

    private final MemorySegment region = RingMemory.allocate(0);
    private final QueueProducer client = RingMemory.sqProducer(region);
    private final QueueConsumer server = RingMemory.sqConsumer(region);

    /**
     * The client: claims a slot, writes the entry in place, publishes.
     */
    @Actor
    public void client()
    {
        EntryPattern.writeSqe(new Sqe(region, client.claim()), ID);
        client.publish();
    }

    /**
     * The server: reads the tail, then the entry if the tail moved.
     *
     * @param r entries seen, and the entry's id ({@link EntryPattern#TORN} if any field is off).
     */
    @Actor
    public void server(final II_Result r)
    {
        final int ready = server.available();
        r.r1 = ready;
        if (ready > 0)
        {
            r.r2 = EntryPattern.readSqe(new Sqe(region, server.entryOffset(0)), 0);
        }
    }
}
