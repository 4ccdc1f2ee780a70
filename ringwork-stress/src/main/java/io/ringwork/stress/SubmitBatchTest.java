package io.ringwork.stress;

import io.ringwork.Ring;
import io.ringwork.ServedRing;
import io.ringwork.internal.layout.SqeDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A batch through the public API: the client fills two SQEs from {@link Ring#getSqe()} and publishes both with one
 * {@link Ring#submit()}, which also marks the last one with the batch-end flag (a plain read-modify-write of the
 * entry just before the release of the tail). A server that sees the batch sees both entries whole, the flag on the
 * second only, and never half a batch.
 */
@JCStressTest
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "The server looked before the submit: nothing to read yet.")
@Outcome(id = "2, 1, 2", expect = ACCEPTABLE, desc = "The server saw the whole batch, the end flag on the last SQE.")
@Outcome(expect = FORBIDDEN, desc = "Half a batch, a torn SQE, or a missing or misplaced batch-end flag.")
@State
public class SubmitBatchTest
{
    private final Ring ring = Ring.create(RingMemory.OPTIONS);
    private final ServedRing served = ring.serverEnd();

    /**
     * The client: fills two SQEs, submits them at once.
     */
    @Actor
    public void client()
    {
        EntryPattern.writeSqe(ring.getSqe(), 1);
        EntryPattern.writeSqe(ring.getSqe(), 2);
        ring.submit();
    }

    /**
     * The server: counts the ready SQEs and reads them.
     *
     * @param r SQEs ready, and the ids of the first and second ({@link EntryPattern#TORN} if any field is off).
     */
    @Actor
    public void server(final III_Result r)
    {
        final int ready = served.sqesReady();
        r.r1 = ready;
        if (ready > 0)
        {
            r.r2 = EntryPattern.readSqe(served.sqeAt(0), 0);
        }
        if (ready > 1)
        {
            r.r3 = EntryPattern.readSqe(served.sqeAt(1), SqeDescriptor.BATCH_END_FLAG);
        }
    }

    /**
     * Frees the ring: its memory comes from a shared arena, which only closing releases.
     */
    @Arbiter
    public void close()
    {
        served.close();
        ring.close();
    }
}
