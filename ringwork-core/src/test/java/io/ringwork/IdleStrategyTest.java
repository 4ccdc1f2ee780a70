package io.ringwork;

import io.ringwork.internal.idle.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategyTest
{
    @Test
    void shouldBackOffFromSpinningToYieldingToParking()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 5, 2_000_000, 4_000_000);
        final long spinStart = System.nanoTime();
        for (int i = 0; i < 15; i++)
        {
            idle.idle();
        }
        final long spinAndYield = System.nanoTime() - spinStart;
        final long parkStart = System.nanoTime();
        idle.idle();
        final long park = System.nanoTime() - parkStart;
        assertTrue(park >= 2_000_000, "the sixteenth idle parks at least 2 ms, took " + park);
        assertTrue(spinAndYield < 2_000_000L * 15, "spins and yields do not park: " + spinAndYield);
    }

    @Test
    void shouldStartOverAfterWork()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(1, 0, 5_000_000, 5_000_000);
        idle.idle();
        idle.idle(1);
        final long start = System.nanoTime();
        idle.idle(0);
        assertTrue(System.nanoTime() - start < 5_000_000, "after work the first idle spins again");
    }

    @Test
    void shouldRefuseInconsistentSettings()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IdleStrategy.backoff(1, 1, 10, 5));
        assertTrue(ex.getMessage().contains("maxParkNanos=5"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IdleStrategy.sleeping(0));
    }

    @Test
    void shouldNameEveryStrategy()
    {
        assertEquals("busy-spin", IdleStrategy.busySpin().alias());
        assertEquals("yielding", IdleStrategy.yielding().alias());
        assertEquals("backoff", IdleStrategy.backoff().alias());
        assertEquals("backoff", IdleStrategy.spinThenYield().alias());
        assertEquals("sleeping-1000ns", IdleStrategy.sleeping(1000).alias());
    }
}
