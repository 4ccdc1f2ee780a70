package io.ringwork;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Verbs and flags by name, for text front ends: parse and describe are inverses.
 */
class VerbNamesTest
{
    @Test
    void shouldParseVerbsByNameOrNumber()
    {
        assertEquals(Opcode.READ.code(), Opcode.parse("read"));
        assertEquals(Opcode.FUTEX_WAKE.code(), Opcode.parse(" FUTEX_WAKE "));
        assertEquals(130, Opcode.parse("USER(130)"));
        assertEquals(130, Opcode.parse("130"));
        for (int code = 0; code <= Opcode.USER_MAX; code++)
        {
            if (null != Opcode.of(code) || Opcode.isUser(code))
            {
                assertEquals(code, Opcode.parse(Opcode.nameOf(code)));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Opcode.parse("REED"));
        assertThrows(IllegalArgumentException.class, () -> Opcode.parse("256"));
    }

    @Test
    void shouldParseAndDescribeFlagsByName()
    {
        assertEquals(VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE,
            VerbFlags.parse(Opcode.OPEN, "read|Write | CREATE"));
        assertEquals("READ|WRITE|CREATE", VerbFlags.describe(Opcode.OPEN, 7));
        assertEquals(VerbFlags.SEEK_END, VerbFlags.parse(Opcode.SEEK, "end"));
        assertEquals("CUR", VerbFlags.describe(Opcode.SEEK, VerbFlags.SEEK_CUR));
        assertEquals(VerbFlags.CANCEL_ALL | VerbFlags.CANCEL_ANY, VerbFlags.parse(Opcode.CANCEL, "ALL|ANY"));
        assertEquals(VerbFlags.POLL_HUP, VerbFlags.parse(Opcode.POLL, "hup"));
        assertEquals("DATA_ONLY", VerbFlags.describe(Opcode.FSYNC, 1));
        assertEquals("ABSOLUTE|0x8", VerbFlags.describe(Opcode.TIMEOUT, 9));
        assertEquals(0x30, VerbFlags.parse(Opcode.OPEN, "0x30"));
        assertEquals(0, VerbFlags.parse(Opcode.OPEN, ""));
        assertEquals(3, VerbFlags.argumentOf(Opcode.OPEN));
        assertEquals(-1, VerbFlags.argumentOf(Opcode.READ));
        assertThrows(IllegalArgumentException.class, () -> VerbFlags.parse(Opcode.OPEN, "READ|SOMETIMES"));
        assertThrows(IllegalArgumentException.class, () -> VerbFlags.parse(Opcode.NOP, "READ"));
    }
}
