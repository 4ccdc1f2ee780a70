package io.ringwork.stress;

import io.ringwork.internal.schemes.ReaderSlots;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A read on a client's thread against the runtime closing the handle ({@link ReaderSlots}, as the io_uring
 * {@code file:} handle uses it): the reader takes a slot naming the handle, checks the handle's closed flag, looks
 * at the descriptor, and leaves the slot; the closer sets the flag, waits until no slot names the handle, and closes.
 * The descriptor is a plain field: a close racing the reader's look would show as 2.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The closer came first; the reader saw the flag and kept off.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
    desc = "The reader saw the descriptor open; the closer waited for it and closed once.")
@Outcome(id = "2, .*", expect = FORBIDDEN, desc = "The descriptor was closed under the reader.")
@Outcome(expect = FORBIDDEN, desc = "Not a result the protocol can give.")
@State
public class ReaderSlotsTest
{
    private final ReaderSlots slots = new ReaderSlots(4);
    private final Handle handle = new Handle();

    /** The handle: its closed flag and, plain, whether its descriptor is still open. */
    static final class Handle
    {
        volatile boolean closed;
        int open = 1;
        int closes;
    }

    /**
     * A client thread's read.
     *
     * @param r r1: 0 if it saw the handle closed, 1 if it saw the descriptor open, 2 if closed under it.
     */
    @Actor
    public void reader(final II_Result r)
    {
        final int slot = slots.enter(handle);
        if (handle.closed)
        {
            r.r1 = 0;
        }
        else
        {
            r.r1 = 1 == handle.open ? 1 : 2;
        }
        slots.exit(slot);
    }

    /**
     * The runtime closing the handle.
     */
    @Actor
    public void closer()
    {
        handle.closed = true;
        slots.awaitExit(handle);
        handle.open = 0;
        handle.closes++;
    }

    /**
     * How many times the descriptor was closed.
     *
     * @param r r2: the count.
     */
    @Arbiter
    public void closes(final II_Result r)
    {
        r.r2 = handle.closes;
    }
}
