package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest
{
    @Test
    void shouldUseLinuxNumbersSoKernelResultsMapDirectly()
    {
        assertEquals(9, Errno.EBADF.number());
        assertEquals(125, Errno.ECANCELED.number());
        assertEquals(110, Errno.ETIMEDOUT.number());
        assertSame(Errno.EBADF, Errno.of(-9), "a negated kernel result maps too");
        assertSame(Errno.EOK, Errno.of(0));
    }

    @Test
    void shouldNeverGiveTwoCodesTheSameNumber()
    {
        final Set<Integer> numbers = new HashSet<>();
        for (final Errno e : Errno.values())
        {
            assertTrue(numbers.add(e.number()), "number reused: " + e);
            if (Errno.EUNKNOWN != e)
            {
                assertSame(e, Errno.of(e.number()));
            }
        }
    }

    @Test
    void shouldMapUnknownNumbersToEunknownWithoutFailing()
    {
        assertSame(Errno.EUNKNOWN, Errno.of(4095));
        assertSame(Errno.EUNKNOWN, Errno.of(Integer.MIN_VALUE + 1));
    }

    @Test
    void shouldFindCodesByNameForTheCommandLine()
    {
        assertSame(Errno.ENOSYS, Errno.ofName("enosys"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Errno.ofName("EWAT"));
        assertEquals("errno name=EWAT is unknown", ex.getMessage());
        assertEquals("EBADF (9): Bad file descriptor", Errno.EBADF.describe());
    }

    @Test
    void shouldPrefixExceptionsWithCategoryAndCode()
    {
        final RingworkException ex = new RingworkException(Errno.EFAULT, "ref=0x10 is outside the pool");
        assertEquals("ERROR EFAULT: ref=0x10 is outside the pool (Bad address)", ex.getMessage());
        assertSame(Errno.EFAULT, ex.errno());
    }
}
