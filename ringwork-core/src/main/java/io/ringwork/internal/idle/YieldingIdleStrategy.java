package io.ringwork.internal.idle;

import io.ringwork.IdleStrategy;

/**
 * Yields the processor on every idle.
 */
public final class YieldingIdleStrategy implements IdleStrategy
{
    @Override
    public void idle()
    {
        Thread.yield();
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "yielding";
    }
}
