package io.ringwork;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;

/**
 * Reaches into a ring for tests that play a hostile peer by writing its memory directly.
 */
final class RingTestAccess
{
    private RingTestAccess()
    {
    }

    static MemorySegment region(final Ring ring)
    {
        try
        {
            final Field field = Ring.class.getDeclaredField("segment");
            field.setAccessible(true);
            return (MemorySegment)field.get(ring);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
