package io.ringwork.stress;

import io.ringwork.Ring;
import io.ringwork.ServedRing;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Registers travel with the entries: a value written to a register (release) before an entry is published is seen
 * by the side that sees the entry and then reads the register (acquire). Both directions, through the public API.
 */
public final class RegisterTest
{
    private static final int REGISTER = 3;
    private static final int VALUE = 42;

    private RegisterTest()
    {
    }

    /**
     * The server saves a result to a register, then publishes the CQE; the client that sees the CQE sees the value.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader saw neither the entry nor the register yet.")
    @Outcome(id = "0, 42", expect = ACCEPTABLE,
        desc = "The reader saw the register but not the entry: the register was written first, so this is fine.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "The reader saw the entry and the register.")
    @Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "The reader saw the entry but the register's old value: it did not travel with the entry.")
    @Outcome(expect = FORBIDDEN, desc = "Not a result the protocol can give.")
    @State
    public static class ServerToClient
    {
        private final Ring ring = Ring.create(RingMemory.OPTIONS);
        private final ServedRing served = ring.serverEnd();

        /**
         * The server: saves the register, then posts and publishes a CQE.
         */
        @Actor
        public void server()
        {
            served.register(REGISTER, VALUE);
            served.postCqe(1, VALUE, 0, 0, 0, 0);
            served.publishCqes();
        }

        /**
         * The client: peeks for the CQE, then reads the register.
         *
         * @param r 1 if the CQE was there, and the register's value.
         */
        @Actor
        public void client(final II_Result r)
        {
            r.r1 = null == ring.peekCqe() ? 0 : 1;
            r.r2 = (int)ring.register(REGISTER);
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

    /**
     * The client sets a register, then submits an SQE that loads it; the server that sees the SQE sees the value.
     */
    @JCStressTest
    @JCStressMeta(ServerToClient.class)
    @State
    public static class ClientToServer
    {
        private final Ring ring = Ring.create(RingMemory.OPTIONS);
        private final ServedRing served = ring.serverEnd();

        /**
         * The client: sets the register, then submits an SQE loading it.
         */
        @Actor
        public void client()
        {
            ring.register(REGISTER, VALUE);
            ring.getSqe().prepNop().loadArg(0, REGISTER).userData(1);
            ring.submit();
        }

        /**
         * The server: looks for the SQE, then reads the register as dispatch would.
         *
         * @param r SQEs ready, and the register's value.
         */
        @Actor
        public void server(final II_Result r)
        {
            r.r1 = served.sqesReady();
            r.r2 = (int)served.register(REGISTER);
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
}
