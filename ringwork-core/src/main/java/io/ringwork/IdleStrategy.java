package io.ringwork;

import io.ringwork.internal.idle.BackoffIdleStrategy;
import io.ringwork.internal.idle.BusySpinIdleStrategy;
import io.ringwork.internal.idle.SleepingIdleStrategy;
import io.ringwork.internal.idle.YieldingIdleStrategy;

/**
 * What a thread does while it polls a ring and finds nothing (Agrona's {@code IdleStrategy}): spin, yield, back off
 * or sleep. Ringwork uses it for the polling phase of a wait; when polling has gone on for the ring's
 * {@link RingOptions#sleepAfterNanos()}, the thread sleeps on the ring's doorbell instead, so an idle side costs no
 * CPU and is still woken within microseconds.
 * {@snippet lang=java :
 * while (running) {
 *     int work = doWork();
 *     idle.idle(work);   // resets on work, backs off on none
 * }
 * }
 * An instance keeps per-thread state; give each thread its own. Long spins delay safepoints only as long as one
 * {@link #idle()} call; none of these block longer than their configured park.
 */
public interface IdleStrategy
{
    /**
     * Idles if {@code workCount} is 0, resets if work was done.
     *
     * @param workCount work done in the last pass.
     */
    default void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    /**
     * Idles once, going one step further in the back-off.
     */
    void idle();

    /**
     * Starts the back-off again from its first step.
     */
    void reset();

    /**
     * A short name for logs and the command line.
     *
     * @return such as {@code "backoff"}.
     */
    String alias();

    /**
     * Spins with {@link Thread#onSpinWait()}: lowest latency, one core busy.
     *
     * @return a new instance.
     */
    static IdleStrategy busySpin()
    {
        return new BusySpinIdleStrategy();
    }

    /**
     * Yields the processor on each idle.
     *
     * @return a new instance.
     */
    static IdleStrategy yielding()
    {
        return new YieldingIdleStrategy();
    }

    /**
     * Spins 100 times, then yields on every further idle, never parking: the ring default, whose sleeps happen on
     * the doorbell instead.
     *
     * @return a new instance.
     */
    static IdleStrategy spinThenYield()
    {
        return new BackoffIdleStrategy(100, Long.MAX_VALUE, 1, 1);
    }

    /**
     * Spins, then yields, then parks with doubling periods.
     *
     * @return a new instance with 100 spins, 10 yields, parks from 1 microsecond to 1 millisecond.
     */
    static IdleStrategy backoff()
    {
        return new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
    }

    /**
     * Spins, then yields, then parks with doubling periods.
     *
     * @param maxSpins       spins before yielding.
     * @param maxYields      yields before parking.
     * @param minParkNanos   first park.
     * @param maxParkNanos   longest park.
     * @return a new instance.
     */
    static IdleStrategy backoff(final long maxSpins, final long maxYields, final long minParkNanos,
        final long maxParkNanos)
    {
        return new BackoffIdleStrategy(maxSpins, maxYields, minParkNanos, maxParkNanos);
    }

    /**
     * Parks for a fixed period on each idle.
     *
     * @param parkNanos the period.
     * @return a new instance.
     */
    static IdleStrategy sleeping(final long parkNanos)
    {
        return new SleepingIdleStrategy(parkNanos);
    }
}
