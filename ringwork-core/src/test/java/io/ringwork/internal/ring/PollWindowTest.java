package io.ringwork.internal.ring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The adaptive polling window: rare work shrinks it to sleeping at once, work that comes soon after a sleep grows it
 * back to the configured polling time, and the two fixed modes never move.
 */
class PollWindowTest
{
    private static final long MAX = 50_000L;

    @Test
    void shouldStartAtTheConfiguredPollingTime()
    {
        assertEquals(MAX, new PollWindow(MAX).nanos());
    }

    @Test
    void shouldHalveToSleepingAtOnceWhenEveryWaitSleptLongerThanTheLongestPoll()
    {
        final PollWindow window = new PollWindow(MAX);
        window.slept(1_000_000L);
        assertEquals(25_000L, window.nanos());
        window.slept(1_000_000L);
        window.slept(1_000_000L);
        window.slept(1_000_000L);
        assertEquals(3_125L, window.nanos());
        window.slept(1_000_000L);
        assertEquals(0L, window.nanos(), "under MIN_NANOS the window is 0: sleep at once");
        window.slept(1_000_000L);
        assertEquals(0L, window.nanos());
    }

    @Test
    void shouldGrowBackWhenWorkCameWithinTheLongestPoll()
    {
        final PollWindow window = new PollWindow(MAX);
        for (int i = 0; i < 10; i++)
        {
            window.slept(1_000_000L);
        }
        assertEquals(0L, window.nanos());
        window.slept(20_000L);
        assertEquals(PollWindow.MIN_NANOS, window.nanos());
        window.slept(MAX);
        assertEquals(2 * PollWindow.MIN_NANOS, window.nanos());
        for (int i = 0; i < 10; i++)
        {
            window.slept(30_000L);
        }
        assertEquals(MAX, window.nanos(), "never past the configured time");
    }

    @Test
    void shouldKeepSpinningAndSleepingAtOnceFixed()
    {
        final PollWindow spinning = new PollWindow(Long.MAX_VALUE);
        spinning.slept(10L);
        spinning.slept(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, spinning.nanos());
        final PollWindow sleeping = new PollWindow(0);
        sleeping.slept(10L);
        sleeping.slept(1_000_000_000L);
        assertEquals(0L, sleeping.nanos());
    }

    @Test
    void shouldRefuseANegativePollingTime()
    {
        assertThrows(IllegalArgumentException.class, () -> new PollWindow(-1));
    }
}
