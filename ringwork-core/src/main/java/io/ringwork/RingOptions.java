package io.ringwork;

import io.ringwork.internal.layout.RingDescriptor;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a ring is made and how its sides wait. Validated once, in the constructor, with messages naming the value.
 *
 * @param sqEntries       submission queue size, a power of two in [2, 65536].
 * @param cqEntries       completion queue size, a power of two in [2, 65536]; may exceed {@code sqEntries}.
 * @param idleStrategy    makes the per-thread polling policy used while waiting.
 * @param sleepAfterNanos how long at most a waiting side polls before it sleeps on its doorbell; 0 sleeps at once,
 *                        {@link Long#MAX_VALUE} never sleeps (spinning mode, lowest latency, one core busy). In
 *                        between, each waiting thread learns its polling time from the waits it has had: it polls
 *                        less while work comes long after it would have stopped polling (rare requests: sleep at
 *                        once), and again up to this much while work comes soon after it fell asleep.
 */
public record RingOptions(int sqEntries, int cqEntries, Supplier<IdleStrategy> idleStrategy, long sleepAfterNanos)
{
    /** Default SQ size. */
    public static final int DEFAULT_SQ_ENTRIES = 256;
    /** Default CQ size: twice the SQ, as Linux does, so completions have room while new work is queued. */
    public static final int DEFAULT_CQ_ENTRIES = 512;
    /** Default polling time before sleeping: long enough to catch a quick answer, short enough to idle cheaply. */
    public static final long DEFAULT_SLEEP_AFTER_NANOS = 50_000;

    /**
     * Validates the options.
     *
     * @param sqEntries       submission queue size.
     * @param cqEntries       completion queue size.
     * @param idleStrategy    polling policy factory.
     * @param sleepAfterNanos polling time before sleeping.
     */
    public RingOptions
    {
        RingDescriptor.checkEntries(sqEntries, cqEntries);
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        if (sleepAfterNanos < 0)
        {
            throw new IllegalArgumentException("sleepAfterNanos=" + sleepAfterNanos + " must not be negative");
        }
    }

    /**
     * 256 SQ entries, 512 CQ entries; a waiting side spins, then yields, for 50 microseconds, then sleeps on its
     * doorbell. The polling phase never parks: a park on Linux lasts at least the timer slack (50 microseconds), so
     * the doorbell, which a peer wakes precisely, is the better sleep.
     *
     * @return the defaults.
     */
    public static RingOptions defaults()
    {
        return new RingOptions(DEFAULT_SQ_ENTRIES, DEFAULT_CQ_ENTRIES, IdleStrategy::spinThenYield,
            DEFAULT_SLEEP_AFTER_NANOS);
    }

    /**
     * These options with other queue sizes.
     *
     * @param sq SQ entries.
     * @param cq CQ entries.
     * @return new options.
     */
    public RingOptions withEntries(final int sq, final int cq)
    {
        return new RingOptions(sq, cq, idleStrategy, sleepAfterNanos);
    }

    /**
     * These options with another polling policy.
     *
     * @param strategy factory of per-thread strategies.
     * @return new options.
     */
    public RingOptions withIdleStrategy(final Supplier<IdleStrategy> strategy)
    {
        return new RingOptions(sqEntries, cqEntries, strategy, sleepAfterNanos);
    }

    /**
     * These options with another polling time before sleeping.
     *
     * @param nanos 0 to sleep at once, {@link Long#MAX_VALUE} never to sleep.
     * @return new options.
     */
    public RingOptions withSleepAfterNanos(final long nanos)
    {
        return new RingOptions(sqEntries, cqEntries, idleStrategy, nanos);
    }

    /**
     * Spinning mode: busy-spin and never sleep, for latency-critical use.
     *
     * @return new options.
     */
    public RingOptions spinning()
    {
        return new RingOptions(sqEntries, cqEntries, IdleStrategy::busySpin, Long.MAX_VALUE);
    }
}
