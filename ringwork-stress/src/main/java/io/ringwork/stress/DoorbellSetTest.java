package io.ringwork.stress;

import io.ringwork.Sqe;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
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
 * No lost wake-up when one thread sleeps on several doorbells at once ({@link DoorbellSet}, as a server thread of
 * many rings and the reactor do): the sleeper raises the flags of two rings' doorbells, fences once, re-checks both
 * queues, and sleeps on both words with {@code futex_waitv}; a client publishes on the second ring and rings its
 * doorbell if the flag is up. As for one doorbell, "slept without the entry" and "saw no flag" are forbidden
 * together; a lost wake-up would leave the sleeper asleep until {@link DoorbellTest#SLEEP_LIMIT_NANOS}.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE,
    desc = "The sleeper's re-check found the entry on the second ring, and it did not sleep; no wake needed.")
@Outcome(id = "0, 1", expect = ACCEPTABLE,
    desc = "The sleeper found the entry and did not sleep; the client saw the flag still up: one needless wake.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
    desc = "The sleeper found nothing on either ring and slept on both; the client saw its flag and woke it.")
@Outcome(id = "1, 0", expect = FORBIDDEN,
    desc = "Lost wake-up: the sleeper slept without seeing the entry, and the client did not see its flag.")
@Outcome(expect = FORBIDDEN, desc = "Not a result the protocol can give.")
@State
public class DoorbellSetTest
{
    private final MemorySegment first = RingMemory.allocate(0);
    private final MemorySegment second = RingMemory.allocate(0);
    private final QueueConsumer firstQueue = RingMemory.sqConsumer(first);
    private final QueueConsumer secondQueue = RingMemory.sqConsumer(second);
    private final QueueProducer client = RingMemory.sqProducer(second);
    private final Doorbell firstBell = RingMemory.futexDoorbell(first, RingDescriptor.SERVER_DOORBELL_OFFSET);
    private final Doorbell secondBell = RingMemory.futexDoorbell(second, RingDescriptor.SERVER_DOORBELL_OFFSET);
    private final DoorbellSet set = new DoorbellSet(2, Arena.ofAuto());
    private final Doorbell.WorkCheck eitherReady = () -> 0 != firstQueue.available() || 0 != secondQueue.available();

    /**
     * The server thread of both rings: sleeps on both doorbells unless its re-check finds an SQE.
     *
     * @param r 1 if it slept.
     */
    @Actor
    public void server(final II_Result r)
    {
        set.clear();
        set.add(firstBell);
        set.add(secondBell);
        r.r1 = set.sleep(eitherReady, DoorbellTest.SLEEP_LIMIT_NANOS) ? 1 : 0;
    }

    /**
     * The second ring's client: submits an SQE, then rings if the server's flag is up.
     *
     * @param r 1 if it woke the server.
     */
    @Actor
    public void client(final II_Result r)
    {
        EntryPattern.writeSqe(new Sqe(second, client.claim()), 1);
        client.publish();
        r.r2 = secondBell.wakeIfNeeded() ? 1 : 0;
    }
}
