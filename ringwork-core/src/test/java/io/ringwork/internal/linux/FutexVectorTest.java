package io.ringwork.internal.linux;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * futex_waitv against the real kernel: which word woke the sleeper, a changed word, a timeout.
 */
class FutexVectorTest
{
    private static final int EAGAIN = 11;
    private static final int ETIMEDOUT = 110;

    @BeforeEach
    void needsTheCall()
    {
        Assumptions.assumeTrue(FutexVector.isAvailable(), () -> "futex_waitv: " + FutexVector.unavailabilityCause());
    }

    @Test
    void shouldReturnTheIndexOfTheWordThatWasWoken() throws Exception
    {
        try (Arena arena = Arena.ofShared())
        {
            final MemorySegment words = arena.allocate(64, 64);
            final MemorySegment first = words.asSlice(0, 4);
            final MemorySegment second = words.asSlice(32, 4);
            final FutexVector vector = new FutexVector(2, arena);
            vector.add(first, 0);
            vector.add(second, 0);
            final Thread waker = Thread.ofPlatform().start(() ->
            {
                try
                {
                    Thread.sleep(50);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                second.set(ValueLayout.JAVA_INT, 0, 1);
                Futex.wake(second, 1);
            });
            assertEquals(1, vector.await(10_000_000_000L));
            waker.join();
        }
    }

    @Test
    void shouldNotSleepWhenAWordChangedAndShouldTimeOut()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment word = arena.allocate(ValueLayout.JAVA_INT);
            word.set(ValueLayout.JAVA_INT, 0, -5);
            final FutexVector vector = new FutexVector(1, arena);
            vector.add(word, 7);
            assertEquals(-EAGAIN, vector.await(10_000_000_000L));
            vector.clear();
            vector.add(word, -5);
            assertEquals(-ETIMEDOUT, vector.await(20_000_000L), "a negative expected value compares as 32 bits");
        }
    }
}
