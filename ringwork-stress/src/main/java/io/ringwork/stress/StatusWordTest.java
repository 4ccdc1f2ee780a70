package io.ringwork.stress;

import io.ringwork.Errno;
import io.ringwork.internal.layout.RingDescriptor;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The shared status word ({@link RingDescriptor#orStatus}): both sides set bits in it at once, and whoever breaks the
 * ring first records why.
 */
public final class StatusWordTest
{
    private StatusWordTest()
    {
    }

    /**
     * The client closes its end while the server breaks the ring: neither bit is lost.
     */
    @JCStressTest
    @Outcome(id = "5, 5", expect = ACCEPTABLE,
        desc = "Both bits are set (CLIENT_CLOSED | BROKEN = 5) and the reason is EIO (5).")
    @Outcome(expect = FORBIDDEN, desc = "A bit or the reason was lost to the concurrent update.")
    @State
    public static class BothBitsStay
    {
        private final MemorySegment region = RingMemory.allocate(0);

        /**
         * The client: marks its end closed.
         */
        @Actor
        public void client()
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_CLIENT_CLOSED, Errno.EOK);
        }

        /**
         * The server: breaks the ring.
         */
        @Actor
        public void server()
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EIO);
        }

        /**
         * Reads the status word and the reason once both are done.
         *
         * @param r the status bits and the reason's number.
         */
        @Arbiter
        public void arbiter(final II_Result r)
        {
            r.r1 = RingDescriptor.statusVolatile(region);
            r.r2 = RingDescriptor.brokenReason(region).number();
        }
    }

    /**
     * Both sides break the ring at once with different reasons: one reason wins, and nobody sees it change.
     */
    @JCStressTest
    @Outcome(id = "5, 5, 5", expect = ACCEPTABLE, desc = "The client's EIO (5) came first; everyone sees it.")
    @Outcome(id = "71, 71, 71", expect = ACCEPTABLE, desc = "The server's EPROTO (71) came first; everyone sees it.")
    @Outcome(expect = FORBIDDEN, desc = "The reason changed after it was set, or was lost.")
    @State
    public static class FirstReasonWins
    {
        private final MemorySegment region = RingMemory.allocate(0);

        /**
         * The client: breaks the ring with EIO, then reads the recorded reason.
         *
         * @param r the reason the client sees.
         */
        @Actor
        public void client(final III_Result r)
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EIO);
            r.r1 = RingDescriptor.brokenReason(region).number();
        }

        /**
         * The server: breaks the ring with EPROTO, then reads the recorded reason.
         *
         * @param r the reason the server sees.
         */
        @Actor
        public void server(final III_Result r)
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EPROTO);
            r.r2 = RingDescriptor.brokenReason(region).number();
        }

        /**
         * Reads the reason once both are done.
         *
         * @param r the final reason.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r3 = RingDescriptor.brokenReason(region).number();
        }
    }

    /**
     * One side breaks the ring while the other checks it, as a waiting end does: whoever sees the BROKEN bit also
     * sees the reason, because the reason is written before the bit.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The observer looked before the break.")
    @Outcome(id = "1, 5", expect = ACCEPTABLE, desc = "The observer saw the break and its reason, EIO (5).")
    @Outcome(expect = FORBIDDEN, desc = "The observer saw the BROKEN bit without its reason.")
    @State
    public static class ReasonBeforeBit
    {
        private final MemorySegment region = RingMemory.allocate(0);

        /**
         * The breaker: breaks the ring with EIO.
         */
        @Actor
        public void breaker()
        {
            RingDescriptor.orStatus(region, RingDescriptor.STATUS_BROKEN, Errno.EIO);
        }

        /**
         * The observer: checks the BROKEN bit, then the reason.
         *
         * @param r 1 if broken, and the reason seen.
         */
        @Actor
        public void observer(final II_Result r)
        {
            if (0 != (RingDescriptor.statusVolatile(region) & RingDescriptor.STATUS_BROKEN))
            {
                r.r1 = 1;
                r.r2 = RingDescriptor.brokenReason(region).number();
            }
        }
    }
}
