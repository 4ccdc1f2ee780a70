package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Registers: loaded when an SQE is dispatched, saved before its CQE is published, all seven, not saved on failure.
 */
class RegisterTest
{
    @Test
    void shouldLoadEveryArgumentFromAnyRegisterAtDispatch()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final GateScheme gate = new GateScheme();
            f.runtime.mount("gate", gate);
            final long h = f.open("gate:r", VerbFlags.OPEN_READ);
            for (int register = 0; register < 7; register++)
            {
                f.ring.register(register, 1000 + register);
            }
            f.ring.register(0, h);
            f.ring.register(1, GateScheme.INLINE);
            f.sqe().prepUser(GateScheme.VERB, 0, 99, 99, 0, 0).loadArg(0, 0).loadArg(1, 1).loadArg(2, 6);
            assertEquals(1006, f.one().result(), "arg0 from R0, arg1 from R1, arg2 from R6");
        }
    }

    @Test
    void shouldSaveEveryRegisterBeforeTheCqeIsVisible()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:regs", VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            for (int register = 0; register < 7; register++)
            {
                f.sqe().prepSeek(h, 10 + register, VerbFlags.SEEK_SET).saveResult(register).userData(register);
                final Completion done = f.one();
                assertEquals(10 + register, done.result());
                assertEquals(10 + register, f.ring.register(register), "R" + register + " already holds it");
            }
            f.ring.register(2, -5);
            f.sqe().prepClose(12345).saveResult(2);
            assertEquals(Errno.EBADF, f.errno());
            assertEquals(-5, f.ring.register(2), "a failure saves nothing");
        }
    }

    @Test
    void shouldLoadAPredecessorsResultInAChainButNotInAnIndependentEntry()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:r2", VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE);
            f.ring.register(4, 0);
            f.sqe().prepDup(h).flags(Sqe.LINK).saveResult(4).userData(1);
            f.sqe().prepSeek(0, 3, VerbFlags.SEEK_SET).loadArg(0, 4).userData(2);
            final List<Completion> done = f.submitAndWait(2);
            assertEquals(Errno.EOK, done.get(1).errno(), "the SEEK loaded the DUP's handle: " + done);
            assertEquals(done.get(0).result(), f.ring.register(4));
        }
    }
}
