package io.ringwork.stress;

import io.ringwork.internal.schemes.DescriptorLease;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A read on a client's thread against the runtime closing the handle ({@link DescriptorLease}, as the io_uring
 * {@code file:} handle uses it): the reader takes a lease, looks at the descriptor, and gives the lease back; the
 * owner closes. The descriptor is closed exactly once, by whichever of the two comes second, and never while the
 * reader holds its lease. The "descriptor" is a plain field: a close racing the reader's look would show as 2.
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The owner closed first; the reader got no lease.")
@Outcome(id = "1, 1", expect = ACCEPTABLE,
    desc = "The reader held a lease and saw the descriptor open; it was closed once, after or by the reader.")
@Outcome(id = "2, .*", expect = FORBIDDEN, desc = "The descriptor was closed under the reader's lease.")
@Outcome(id = "., 0", expect = FORBIDDEN, desc = "Nobody closed the descriptor.")
@Outcome(id = "., 2", expect = FORBIDDEN, desc = "The descriptor was closed twice.")
@Outcome(expect = FORBIDDEN, desc = "Not a result the protocol can give.")
@State
public class DescriptorLeaseTest
{
    private final DescriptorLease lease = new DescriptorLease();
    /** 1 while the descriptor is open; plain, so only the lease's ordering protects it. */
    private int open = 1;
    private int closes;

    private void closeDescriptor()
    {
        open = 0;
        closes++;
    }

    /**
     * A client thread's read.
     *
     * @param r r1: 0 if refused a lease, 1 if it saw the descriptor open, 2 if closed under its lease.
     */
    @Actor
    public void reader(final II_Result r)
    {
        if (!lease.acquire())
        {
            r.r1 = 0;
            return;
        }
        r.r1 = 1 == open ? 1 : 2;
        if (lease.release())
        {
            closeDescriptor();
        }
    }

    /**
     * The runtime closing the handle.
     */
    @Actor
    public void owner()
    {
        if (lease.close())
        {
            closeDescriptor();
        }
    }

    /**
     * How many times the descriptor was closed.
     *
     * @param r r2: the count.
     */
    @Arbiter
    public void closes(final II_Result r)
    {
        r.r2 = closes;
    }
}
