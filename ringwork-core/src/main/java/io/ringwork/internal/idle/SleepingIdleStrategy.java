package io.ringwork.internal.idle;

import io.ringwork.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks for a fixed period on every idle. On Linux the real sleep is at least the thread's {@code timerslack_ns}
 * (50 microseconds by default), whatever the period asked for.
 */
public final class SleepingIdleStrategy implements IdleStrategy
{
    private final long parkNanos;

    /**
     * A strategy parking {@code parkNanos} each time.
     *
     * @param parkNanos the period, positive.
     */
    public SleepingIdleStrategy(final long parkNanos)
    {
        if (parkNanos <= 0)
        {
            throw new IllegalArgumentException("parkNanos=" + parkNanos + " must be positive");
        }
        this.parkNanos = parkNanos;
    }

    @Override
    public void idle()
    {
        LockSupport.parkNanos(parkNanos);
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "sleeping-" + parkNanos + "ns";
    }
}
