package io.ringwork;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random batches of linked entries (inline successes and failures, asynchronous successes on a scheme's thread,
 * timer failures; LINK, HARDLINK, DRAIN, priorities) against a small reference model of the chain rules in
 * {@code docs/concepts/chains.md}: each SQE's errno, exactly one CQE each, and members of a chain completing in order.
 */
class ChainModelProperties
{
    private static RuntimeFixture fixture;
    private static long gate;

    enum Kind
    {
        /** NOP: succeeds inside the dispatcher. */
        OK,
        /** CLOSE of a handle that is not open: EBADF inside the dispatcher. */
        FAIL,
        /** A scheme's verb completed on another thread: succeeds later. */
        ASYNC_OK,
        /** NOP with a 1 ns timeout: ETIMEDOUT from the timer. */
        TIMER_FAIL
    }

    enum Link
    {
        NONE, LINK, HARDLINK
    }

    record Entry(Kind kind, Link link, boolean drain, int priority)
    {
    }

    @BeforeContainer
    static void start()
    {
        fixture = new RuntimeFixture();
        fixture.runtime.mount("gate", new GateScheme());
        gate = fixture.open("gate:model", VerbFlags.OPEN_READ);
    }

    @AfterContainer
    static void stop()
    {
        fixture.close();
    }

    @Provide
    Arbitrary<List<List<Entry>>> batches()
    {
        final Arbitrary<Entry> entry = Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.of(Link.class),
            Arbitraries.integers().between(0, 9).map(i -> 0 == i),
            Arbitraries.integers().between(0, 3)).as(Entry::new);
        return entry.list().ofMinSize(1).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void shouldMatchTheReferenceModel(@ForAll("batches") final List<List<Entry>> batches)
    {
        final Map<Long, Errno> expected = new HashMap<>();
        final Map<Long, Long> predecessor = new HashMap<>();
        long userData = 0;
        int total = 0;
        for (final List<Entry> batch : batches)
        {
            boolean inChain = false;
            boolean broken = false;
            long previous = -1;
            for (int i = 0; i < batch.size(); i++)
            {
                final Entry e = batch.get(i);
                final boolean last = i == batch.size() - 1;
                final long id = ++userData;
                prepare(e, id);
                if (!inChain)
                {
                    broken = false;
                }
                else
                {
                    predecessor.put(id, previous);
                }
                final boolean trailingLink = Link.NONE != e.link() && last;
                final Errno result;
                if (broken)
                {
                    result = Errno.ECANCELED;
                }
                else if (trailingLink)
                {
                    result = Errno.EINVAL;
                }
                else
                {
                    result = switch (e.kind())
                    {
                        case OK, ASYNC_OK -> Errno.EOK;
                        case FAIL -> Errno.EBADF;
                        case TIMER_FAIL -> Errno.ETIMEDOUT;
                    };
                }
                expected.put(id, result);
                final boolean links = Link.NONE != e.link() && !last;
                if (!broken && links && Errno.EOK != result && Link.HARDLINK != e.link())
                {
                    broken = true;
                }
                inChain = links;
                previous = id;
                total++;
            }
            fixture.ring.submit();
        }
        final List<Completion> done = fixture.await(total);
        final Map<Long, Integer> position = new HashMap<>();
        for (int i = 0; i < done.size(); i++)
        {
            final Completion c = done.get(i);
            assertTrue(null == position.put(c.userData(), i), "one CQE per SQE: " + c);
            assertEquals(expected.get(c.userData()), c.errno(), () -> "SQE " + c.userData() + " in " + batches +
                ": " + done);
        }
        for (final Map.Entry<Long, Long> link : predecessor.entrySet())
        {
            assertTrue(position.get(link.getValue()) < position.get(link.getKey()),
                () -> "chain order " + link + " in " + done);
        }
        assertEquals(0, fixture.pool.activeGuards());
    }

    private static void prepare(final Entry e, final long id)
    {
        final Sqe sqe = fixture.ring.getSqe();
        switch (e.kind())
        {
            case OK -> sqe.prepNop();
            case FAIL -> sqe.prepClose(987_654);
            case ASYNC_OK -> sqe.prepUser(GateScheme.VERB, gate, GateScheme.ASYNC, 0, 0, 0);
            default -> sqe.prepNop().timeoutNanos(1);
        }
        int flags = switch (e.link())
        {
            case NONE -> 0;
            case LINK -> Sqe.LINK;
            case HARDLINK -> Sqe.HARDLINK;
        };
        if (e.drain())
        {
            flags |= Sqe.DRAIN;
        }
        sqe.flags(flags).priority(e.priority()).userData(id);
    }
}
