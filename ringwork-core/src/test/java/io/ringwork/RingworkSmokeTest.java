package io.ringwork;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RingworkSmokeTest
{
    @Test
    void shouldRunNopAndChainOnMem()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.sqe().prepNop().userData(1);
            assertEquals(List.of(new Completion(1, 0, 0, 0, 0, 0)), f.submitAndWait(1));

            final String path = "mem:hello";
            final long pathRef = f.text(path);
            final long data = f.text("hello world");
            final long out = f.buffer(64);
            f.sqe().prepOpen(pathRef, RuntimeFixture.length(path), VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE |
                VerbFlags.OPEN_CREATE, 0).flags(Sqe.LINK).saveResult(0).userData(10);
            f.sqe().prepWrite(0, data, 11, -1).loadArg(0, 0).flags(Sqe.LINK).userData(11);
            f.sqe().prepSeek(0, 6, VerbFlags.SEEK_SET).loadArg(0, 0).flags(Sqe.LINK).userData(12);
            f.sqe().prepRead(0, out, 64, -1).loadArg(0, 0).flags(Sqe.LINK).userData(13);
            f.sqe().prepClose(0).loadArg(0, 0).userData(14);
            final List<Completion> done = f.submitAndWait(5);
            System.out.println(done);
            assertEquals("world", f.read(out, 5));
        }
    }
}
