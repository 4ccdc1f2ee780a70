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
 * A completion through the public API: the server posts a CQE with {@link ServedRing#postCqe} and publishes it with
 * {@link ServedRing#publishCqes()} (which then checks the client's doorbell); a client whose
 * {@link Ring#peekCqe()} finds it sees every field.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The client looked before the publish: no completion yet.")
@Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "The client found the completion, every field as posted.")
@Outcome(expect = FORBIDDEN, desc = "The client found the completion but a stale or torn CQE.")
@State
public class CompletionPublicationTest
{
    private static final int ID = 5;

    private final Ring ring = Ring.create(RingMemory.OPTIONS);
    private final ServedRing served = ring.serverEnd();

    /**
     * The server: posts one completion and publishes it.
     */
    @Actor
    public void server()
    {
        served.postCqe(ID, EntryPattern.cqeResult(ID), EntryPattern.errno(ID), EntryPattern.opcode(ID), Cqe.MORE,
            EntryPattern.cqeExtra(ID));
        served.publishCqes();
    }

    /**
     * The client: peeks at the oldest completion.
     *
     * @param r whether one was there, and its id ({@link EntryPattern#TORN} if any field is off).
     */
    @Actor
    public void client(final II_Result r)
    {
        final Cqe cqe = ring.peekCqe();
        if (null != cqe)
        {
            r.r1 = 1;
            r.r2 = EntryPattern.readCqe(cqe);
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
