package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferRefTest
{
    @Test
    void shouldRoundTripSegmentAndOffsetAtTheExtremes()
    {
        for (final int segment : new int[]{0, 1, 0x7FFF, 0x8000, BufferRef.MAX_SEGMENT_ID})
        {
            for (final long offset : new long[]{0, 1, 4096, BufferRef.MAX_OFFSET})
            {
                final long ref = BufferRef.encode(segment, offset);
                assertEquals(segment, BufferRef.segmentId(ref));
                assertEquals(offset, BufferRef.offset(ref));
            }
        }
    }

    @Test
    void shouldNameTheValueWhenSegmentOrOffsetIsOutOfRange()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferRef.encode(65536, 0))
            .getMessage().contains("segmentId=65536"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferRef.encode(-1, 0))
            .getMessage().contains("segmentId=-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferRef.encode(0, 1L << 48))
            .getMessage().contains("offset=" + (1L << 48)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BufferRef.encode(0, -5))
            .getMessage().contains("offset=-5"));
    }

    @Test
    void shouldPrintSegmentAndHexOffset()
    {
        assertEquals("seg=1+0x4000", BufferRef.toString(BufferRef.encode(1, 0x4000)));
        assertEquals("null", BufferRef.toString(BufferRef.NULL));
    }

    @Test
    void shouldCheckBoundsWithoutOverflowForHostileValues()
    {
        final long ref = BufferRef.encode(2, 8192);
        assertTrue(BufferRef.inBounds(ref, 100, 4096, 16384));
        assertTrue(BufferRef.inBounds(ref, 8192, 4096, 16384));
        assertFalse(BufferRef.inBounds(ref, 8193, 4096, 16384));
        assertFalse(BufferRef.inBounds(ref, Long.MAX_VALUE, 4096, 16384));
        assertFalse(BufferRef.inBounds(ref, -1, 4096, 16384));
        assertFalse(BufferRef.inBounds(BufferRef.encode(2, 100), 1, 4096, 16384));
        assertFalse(BufferRef.inBounds(BufferRef.encode(2, BufferRef.MAX_OFFSET), 1, 4096, 16384));
        final RingworkException ex = assertThrows(RingworkException.class,
            () -> BufferRef.checkBounds(ref, 9000, 4096, 16384));
        assertEquals(Errno.EFAULT, ex.errno());
        assertTrue(ex.getMessage().contains("seg=2+0x2000"), ex.getMessage());
    }

    @Test
    void shouldAddWithinTheSegmentAndRefuseLeavingIt()
    {
        final long ref = BufferRef.encode(3, 4096);
        assertEquals(BufferRef.encode(3, 4196), BufferRef.add(ref, 100));
        assertThrows(IllegalArgumentException.class, () -> BufferRef.add(ref, BufferRef.MAX_OFFSET));
        assertThrows(IllegalArgumentException.class, () -> BufferRef.add(ref, -1));
    }

    @Test
    void shouldTellWhetherAReferenceFitsThirtyTwoBits()
    {
        assertTrue(BufferRef.isLow4G(BufferRef.encode(0, 0xFFFF_FFF0L)));
        assertFalse(BufferRef.isLow4G(BufferRef.encode(0, 1L << 32)));
        assertFalse(BufferRef.isLow4G(BufferRef.encode(1, 4096)));
    }
}
