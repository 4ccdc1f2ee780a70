package io.ringwork.internal.idle;

import io.ringwork.IdleStrategy;

/**
 * Spins with a CPU hint; never gives the core up.
 */
public final class BusySpinIdleStrategy implements IdleStrategy
{
    @Override
    public void idle()
    {
        Thread.onSpinWait();
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "busy-spin";
    }
}
