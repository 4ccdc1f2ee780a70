package io.ringwork.internal.schemes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Keeps a file descriptor open while threads outside its owner use it: each use holds a lease, and the descriptor is
 * closed by whichever comes second of the owner's {@link #close()} and the last lease's {@link #release()}. So a
 * descriptor number is never closed, and so never reused by the kernel for another file, under a use in progress,
 * and no use starts after close. One int: a count of leases and a closed bit, changed only by CAS and atomic adds;
 * {@code DescriptorLeaseTest} in ringwork-stress checks the protocol with jcstress.
 */
public final class DescriptorLease
{
    private static final int CLOSED = 1 << 30;
    private static final VarHandle STATE;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(DescriptorLease.class, "state", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Leases held, plus {@link #CLOSED}; only through {@link #STATE}. */
    @SuppressWarnings("unused")
    private volatile int state;

    /**
     * Takes a lease, unless the descriptor is closed or closing.
     *
     * @return true if the caller may use the descriptor until its {@link #release()}.
     */
    public boolean acquire()
    {
        while (true)
        {
            // Volatile read and CAS: a lease taken before close() sets CLOSED is counted when close() looks, and one
            // tried after it sees CLOSED; there is no third order.
            final int current = (int)STATE.getVolatile(this);
            if (0 != (current & CLOSED))
            {
                return false;
            }
            if (STATE.compareAndSet(this, current, current + 1))
            {
                return true;
            }
        }
    }

    /**
     * Gives a lease back.
     *
     * @return true if the descriptor is closed now and this was the last lease: the caller must close it.
     */
    public boolean release()
    {
        // Atomic add: exactly one releaser sees the count reach zero with CLOSED set.
        return CLOSED == (int)STATE.getAndAdd(this, -1) - 1;
    }

    /**
     * The owner closes: no new leases from now on.
     *
     * @return true if no lease is held, so the caller must close the descriptor now; false if the last lease's
     *         {@link #release()} will say so. Call it once.
     */
    public boolean close()
    {
        // Atomic or: with no lease held at this instant none can start any more, so closing now is safe.
        return 0 == (int)STATE.getAndBitwiseOr(this, CLOSED);
    }
}
