package io.ringwork.stress;

import io.ringwork.Sqe;
import io.ringwork.internal.ring.QueueConsumer;
import io.ringwork.internal.ring.QueueProducer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.lang.foreign.MemorySegment;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Slot reuse on a full SQ: the server reads the oldest SQE in place and only then hands its slot back (release of the
 * head); the client, finding the queue full, re-reads the head (acquire) and only then overwrites the slot. The
 * server never sees the client's later write, whole or in part.
 */
public final class SlotReuseTest
{
    private static final int OLD_ID = 1;
    private static final int NEW_ID = 3;

    private SlotReuseTest()
    {
    }

    /**
     * Indices from 0: the reused slot is index 2's.
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE,
        desc = "The client found the queue still full: the server's release had not reached it yet.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE,
        desc = "The server read the old SQE whole and released it; the client then reused the slot.")
    @Outcome(expect = FORBIDDEN,
        desc = "The server read the client's later write (or a mix of both): the slot was reused while being read.")
    @State
    public static class FromZero
    {
        private final FullQueue queue = new FullQueue(0);

        /**
         * The server: reads the oldest SQE, then releases its slot.
         *
         * @param r the id the server read.
         */
        @Actor
        public void server(final II_Result r)
        {
            r.r1 = queue.readOldestThenRelease();
        }

        /**
         * The client: claims a slot and, if it got one, overwrites it.
         *
         * @param r 1 if the slot was reused, 0 if the queue was still full.
         */
        @Actor
        public void client(final II_Result r)
        {
            r.r2 = queue.reuseSlot();
        }
    }

    /**
     * Indices from 2^32 - 2: the full check, the release and the reuse all cross the wrap (the reused index is 0).
     */
    @JCStressTest
    @JCStressMeta(FromZero.class)
    @State
    public static class AcrossWrap
    {
        private final FullQueue queue = new FullQueue(-2);

        /**
         * The server: reads the oldest SQE, then releases its slot.
         *
         * @param r the id the server read.
         */
        @Actor
        public void server(final II_Result r)
        {
            r.r1 = queue.readOldestThenRelease();
        }

        /**
         * The client: claims a slot and, if it got one, overwrites it.
         *
         * @param r 1 if the slot was reused, 0 if the queue was still full.
         */
        @Actor
        public void client(final II_Result r)
        {
            r.r2 = queue.reuseSlot();
        }
    }

    /**
     * An SQ filled (and published) before the actors start: SQE {@link #OLD_ID} then SQE 2.
     */
    static final class FullQueue
    {
        private final MemorySegment region;
        private final QueueProducer client;
        private final QueueConsumer server;

        FullQueue(final int initialIndex)
        {
            region = RingMemory.allocate(initialIndex);
            client = RingMemory.sqProducer(region);
            server = RingMemory.sqConsumer(region);
            EntryPattern.writeSqe(new Sqe(region, client.claim()), OLD_ID);
            EntryPattern.writeSqe(new Sqe(region, client.claim()), OLD_ID + 1);
            client.publish();
        }

        int readOldestThenRelease()
        {
            final int ready = server.available();
            if (RingMemory.ENTRIES != ready)
            {
                return EntryPattern.MISSING;
            }
            final int id = EntryPattern.readSqe(new Sqe(region, server.entryOffset(0)), 0);
            server.take(1);
            server.release();
            return id;
        }

        int reuseSlot()
        {
            final long offset = client.claim();
            if (QueueProducer.FULL == offset)
            {
                return 0;
            }
            if (offset < 0)
            {
                // BROKEN: the index checks took a legal head for a corrupt one.
                return (int)offset;
            }
            EntryPattern.writeSqe(new Sqe(region, offset), NEW_ID);
            client.publish();
            return 1;
        }
    }
}
