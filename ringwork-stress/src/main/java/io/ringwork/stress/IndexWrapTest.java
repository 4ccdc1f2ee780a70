package io.ringwork.stress;

import io.ringwork.Sqe;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Publication across the wrap of the free-running 32-bit indices, through the consumer's cached tail. The ring starts
 * at index 2^32 - 1 ({@code RingDescriptor.initialize}'s initialIndex), so the client's two single publications move
 * the tail to 0 and then 1. The server polls twice, re-reading the tail only when its cached one is used up: whatever
 * it sees is a prefix of what was published, in order and whole, and the index checks never take the wrap for a
 * corrupt peer.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Both polls came before the first publication.")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "The server saw the first SQE (index 2^32 - 1) only.")
@Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "The server saw both SQEs, across the wrap, in order.")
@Outcome(expect = FORBIDDEN,
    desc = "A torn or out-of-order SQE, or a ring marked broken (-1) because the wrap looked like a bad index.")
@State
public class IndexWrapTest
{
    private final MemorySegment region = RingMemory.allocate(-1);
    private final QueueProducer client = RingMemory.sqProducer(region);
    private final QueueConsumer server = RingMemory.sqConsumer(region);

    /**
     * The client: publishes two SQEs one at a time.
     */
    @Actor
    public void client()
    {
        EntryPattern.writeSqe(new Sqe(region, client.claim()), 1);
        client.publish();
        EntryPattern.writeSqe(new Sqe(region, client.claim()), 2);
        client.publish();
    }

    /**
     * The server: polls twice, reading and taking whatever each poll finds.
     *
     * @param r SQEs read (or -1 if the ring broke), then the ids of the first and second.
     */
    @Actor
    public void server(final III_Result r)
    {
        int read = 0;
        for (int poll = 0; poll < 2 && read < RingMemory.ENTRIES; poll++)
        {
            final int ready = server.available();
            if (ready < 0)
            {
                r.r1 = ready;
                return;
            }
            for (int i = 0; i < ready; i++)
            {
                final int id = EntryPattern.readSqe(new Sqe(region, server.entryOffset(i)), 0);
                if (0 == read + i)
                {
                    r.r2 = id;
                }
                else
                {
                    r.r3 = id;
                }
            }
            server.take(ready);
            read += ready;
        }
        server.release();
        r.r1 = read;
    }
}
