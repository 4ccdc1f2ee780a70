package io.ringwork;

import io.ringwork.internal.idle.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategyTest
{
    @Test
    void shouldBackOffFromSpinningToYieldingToParkingWithDoublingPeriods()
    {
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(3, 2, 1_000, 4_000);
        final StringBuilder steps = new StringBuilder();
        final StringBuilder parks = new StringBuilder();
        for (int i = 0; i < 8; i++)
        {
            steps.append(idle.nextStep()).append(' ');
            if ("park".equals(idle.nextStep()))
            {
                parks.append(idle.nextParkNanos()).append(' ');
            }
            idle.idle();
        }
        assertEquals("spin spin spin yield yield park park park ", steps.toString());
        assertEquals("1000 2000 4000 ", parks.toString(), "parks double up to the maximum");
        idle.idle(1);
        assertEquals("spin", idle.nextStep(), "work starts the back-off over");
        assertEquals(1000, idle.nextParkNanos());
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
