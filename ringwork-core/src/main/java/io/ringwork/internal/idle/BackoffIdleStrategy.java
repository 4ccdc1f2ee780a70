package io.ringwork.internal.idle;

import io.ringwork.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks with a period that doubles up to a maximum (Agrona's back-off). The state is a few
 * fields of one thread; padding is not needed because no other thread reads them.
 */
public final class BackoffIdleStrategy implements IdleStrategy
{
    private final long maxSpins;
    private final long maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;

    private long spins;
    private long yields;
    private long parkNanos;

    /**
     * A back-off strategy.
     *
     * @param maxSpins     spins before yielding, at least 0.
     * @param maxYields    yields before parking, at least 0.
     * @param minParkNanos first park, at least 1.
     * @param maxParkNanos longest park, at least {@code minParkNanos}.
     */
    public BackoffIdleStrategy(final long maxSpins, final long maxYields, final long minParkNanos,
        final long maxParkNanos)
    {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos)
        {
            throw new IllegalArgumentException("maxSpins=" + maxSpins + ", maxYields=" + maxYields +
                ", minParkNanos=" + minParkNanos + ", maxParkNanos=" + maxParkNanos + " are inconsistent");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    @Override
    public void idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }

    /**
     * Which step the next idle takes, for tests and diagnostics.
     *
     * @return "spin", "yield" or "park".
     */
    public String nextStep()
    {
        return spins < maxSpins ? "spin" : (yields < maxYields ? "yield" : "park");
    }

    /**
     * The period of the next park.
     *
     * @return nanoseconds.
     */
    public long nextParkNanos()
    {
        return parkNanos;
    }

    @Override
    public String alias()
    {
        return "backoff";
    }
}
