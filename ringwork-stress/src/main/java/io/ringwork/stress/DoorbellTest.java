package io.ringwork.stress;

import io.ringwork.Cqe;
import io.ringwork.Sqe;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * No lost wake-up, Dekker's shape, with the real {@link Doorbell} and queue ends. The sleeper raises NEED_WAKEUP
 * (a volatile store, a full barrier), re-checks its queue as {@code EndWaiter} does ({@code available() != 0}), and
 * sleeps on the futex if it found nothing. The waker publishes an entry (release), then {@link
 * Doorbell#wakeIfNeeded()}: full fence, read NEED_WAKEUP, wake only if it is up. Both store then load with a full
 * barrier in between, so at least one sees the other: "slept without the entry" and "saw no flag" together are
 * forbidden.
 * <p>
 * The sleeper really sleeps (futex, as between processes), so its flag stays up until it is woken: a wake-up lost
 * here would leave it asleep until {@link #SLEEP_LIMIT_NANOS}, which only a lost wake-up reaches, since the waker
 * always comes. In-process rings park instead of using the futex; the flag protocol is the same code, but a park
 * permit left over from an earlier state could end a sleep early, so that wait is not what this test uses.
 */
public final class DoorbellTest
{
    /** Longest sleep: the waker always comes, so only a lost wake-up lets a sleep run this long. */
    static final long SLEEP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private DoorbellTest()
    {
    }

    /**
     * The server sleeps on its doorbell waiting for SQEs; the client submits one and rings.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE,
        desc = "The sleeper's re-check found the entry, and it did not sleep; the waker saw no flag: none needed.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE,
        desc = "The sleeper found the entry and did not sleep; the waker saw the flag still up: one needless wake.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
        desc = "The sleeper found nothing and slept; the waker saw its flag and woke it.")
    @Outcome(id = "1, 0", expect = FORBIDDEN,
        desc = "Lost wake-up: the sleeper slept without seeing the entry, and the waker did not see its flag.")
    @Outcome(expect = FORBIDDEN, desc = "Not a result the protocol can give.")
    @State
    public static class ServerSleeps
    {
        private final MemorySegment region = RingMemory.allocate(0);
        private final QueueProducer client = RingMemory.sqProducer(region);
        private final QueueConsumer server = RingMemory.sqConsumer(region);
        private final Doorbell doorbell = RingMemory.futexDoorbell(region, RingDescriptor.SERVER_DOORBELL_OFFSET);
        private final Doorbell.WorkCheck sqesReady = () -> 0 != server.available();

        /**
         * The server: sleeps unless its re-check finds an SQE.
         *
         * @param r 1 if it slept.
         */
        @Actor
        public void server(final II_Result r)
        {
            r.r1 = doorbell.sleep(sqesReady, SLEEP_LIMIT_NANOS) ? 1 : 0;
        }

        /**
         * The client: submits an SQE, then rings if the server's flag is up.
         *
         * @param r 1 if it woke the server.
         */
        @Actor
        public void client(final II_Result r)
        {
            EntryPattern.writeSqe(new Sqe(region, client.claim()), 1);
            client.publish();
            r.r2 = doorbell.wakeIfNeeded() ? 1 : 0;
        }
    }

    /**
     * The client sleeps on its doorbell waiting for CQEs; the server publishes one and rings.
     */
    @JCStressTest
    @JCStressMeta(ServerSleeps.class)
    @State
    public static class ClientSleeps
    {
        private final MemorySegment region = RingMemory.allocate(0);
        private final QueueProducer server = RingMemory.cqProducer(region);
        private final QueueConsumer client = RingMemory.cqConsumer(region);
        private final Doorbell doorbell = RingMemory.futexDoorbell(region, RingDescriptor.CLIENT_DOORBELL_OFFSET);
        private final Doorbell.WorkCheck cqesReady = () -> 0 != client.available();

        /**
         * The client: sleeps unless its re-check finds a CQE.
         *
         * @param r 1 if it slept.
         */
        @Actor
        public void client(final II_Result r)
        {
            r.r1 = doorbell.sleep(cqesReady, SLEEP_LIMIT_NANOS) ? 1 : 0;
        }

        /**
         * The server: publishes a CQE, then rings if the client's flag is up.
         *
         * @param r 1 if it woke the client.
         */
        @Actor
        public void server(final II_Result r)
        {
            EntryPattern.writeCqe(new Cqe(region, server.claim()), 1);
            server.publish();
            r.r2 = doorbell.wakeIfNeeded() ? 1 : 0;
        }
    }
}
