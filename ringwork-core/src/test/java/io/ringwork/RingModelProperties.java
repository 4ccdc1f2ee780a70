package io.ringwork;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayDeque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Random interleavings of push, submit, serve, peek and pop on both queues of a ring, checked step by step against a
 * model queue, starting with indices just below 2^32 so every run crosses the wrap-around.
 */
class RingModelProperties
{
    private enum Step
    {
        CLAIM, SUBMIT, SERVE, PUBLISH, PEEK, POP
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        return Arbitraries.of(Step.class).list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 300)
    void shouldBehaveLikeAModelQueueAcrossTheWrap(
        @ForAll("steps") final List<Step> steps,
        @ForAll @IntRange(min = 1, max = 4) final int sqShift,
        @ForAll @IntRange(min = 1, max = 5) final int cqShift,
        @ForAll @IntRange(min = 0, max = 64) final int belowWrap)
    {
        final int sqEntries = 1 << sqShift;
        final int cqEntries = 1 << cqShift;
        final RingOptions options = RingOptions.defaults().withEntries(sqEntries, cqEntries);
        try (Ring ring = Ring.create(options, -belowWrap); ServedRing served = ring.serverEnd())
        {
            final ArrayDeque<Long> claimed = new ArrayDeque<>();
            final ArrayDeque<Long> submitted = new ArrayDeque<>();
            final ArrayDeque<Long> served0 = new ArrayDeque<>();
            final ArrayDeque<Long> published = new ArrayDeque<>();
            long next = 1;
            for (final Step step : steps)
            {
                switch (step)
                {
                    case CLAIM ->
                    {
                        final Sqe sqe = ring.getSqe();
                        final int inSq = claimed.size() + submitted.size();
                        if (inSq == sqEntries)
                        {
                            assertNull(sqe, "SQ full with " + inSq);
                        }
                        else
                        {
                            assertNotNull(sqe, "SQ has room: " + inSq + "/" + sqEntries);
                            sqe.prepNop().userData(next);
                            claimed.add(next++);
                        }
                    }
                    case SUBMIT ->
                    {
                        assertEquals(claimed.size(), ring.submit());
                        submitted.addAll(claimed);
                        claimed.clear();
                    }
                    case SERVE ->
                    {
                        assertEquals(submitted.size(), served.sqesReady());
                        final int room = cqEntries - served0.size() - published.size();
                        final int n = Math.min(submitted.size(), room);
                        for (int i = 0; i < n; i++)
                        {
                            final long expected = submitted.poll();
                            assertEquals(expected, served.sqeAt(i).userData());
                            assertEquals(true, served.postCqe(expected, expected * 3, 0, 0, 0, 0));
                            served0.add(expected);
                        }
                        served.takeSqes(n);
                        if (room == 0 && !submitted.isEmpty())
                        {
                            assertNull(served.getCqe(), "CQ full");
                        }
                    }
                    case PUBLISH ->
                    {
                        assertEquals(served0.size(), served.publishCqes());
                        published.addAll(served0);
                        served0.clear();
                    }
                    case PEEK ->
                    {
                        final Cqe cqe = ring.peekCqe();
                        if (published.isEmpty())
                        {
                            assertNull(cqe);
                        }
                        else
                        {
                            assertEquals(published.peek(), cqe.userData());
                            assertEquals(published.peek() * 3, cqe.result());
                        }
                    }
                    case POP ->
                    {
                        assertEquals(published.size(), ring.cqReady());
                        if (!published.isEmpty())
                        {
                            assertEquals(published.poll(), ring.peekCqe().userData());
                            ring.advanceCq(1);
                        }
                    }
                    default -> throw new AssertionError(step);
                }
            }
            final RingCounters counters = ring.counters();
            assertEquals(next - 1 - claimed.size(), counters.submitted());
            assertEquals(counters.submitted() - submitted.size(), counters.taken());
        }
    }
}
