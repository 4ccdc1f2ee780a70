package io.ringwork.stress;

import io.ringwork.Cqe;
import io.ringwork.Ring;
import io.ringwork.ServedRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Slot reuse on a full CQ through the public API: the client reads the oldest CQE from {@link Ring#peekCqe()} and
 * then consumes it with {@link Ring#advanceCq}; the server's {@link ServedRing#postCqe} succeeds only once it sees
 * the freed slot, and the client never sees that later completion in place of the one it was reading.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE,
    desc = "The server found the CQ still full: the client's advance had not reached it yet.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
    desc = "The client read the old CQE whole and advanced; the server then reused the slot.")
@Outcome(expect = FORBIDDEN,
    desc = "The client read the server's later completion (or a mix): the slot was reused while being read.")
@State
public class CompletionSlotReuseTest
{
    private static final int OLD_ID = 1;
    private static final int NEW_ID = 3;

    private final Ring ring = Ring.create(RingMemory.OPTIONS);
    private final ServedRing served = ring.serverEnd();

    /**
     * Fills the CQ before the actors start: CQE {@link #OLD_ID}, then CQE 2.
     */
    public CompletionSlotReuseTest()
    {
        post(OLD_ID);
        post(OLD_ID + 1);
        served.publishCqes();
    }

    /**
     * The client: reads the oldest completion, then consumes it.
     *
     * @param r the id the client read.
     */
    @Actor
    public void client(final II_Result r)
    {
        final Cqe cqe = ring.peekCqe();
        if (null == cqe)
        {
            r.r1 = EntryPattern.MISSING;
            return;
        }
        r.r1 = EntryPattern.readCqe(cqe);
        ring.advanceCq(1);
    }

    /**
     * The server: posts one more completion if a slot is free.
     *
     * @param r 1 if the slot was reused, 0 if the CQ was still full.
     */
    @Actor
    public void server(final II_Result r)
    {
        if (post(NEW_ID))
        {
            served.publishCqes();
            r.r2 = 1;
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

    private boolean post(final int id)
    {
        return served.postCqe(id, EntryPattern.cqeResult(id), EntryPattern.errno(id), EntryPattern.opcode(id), Cqe.MORE,
            EntryPattern.cqeExtra(id));
    }
}
