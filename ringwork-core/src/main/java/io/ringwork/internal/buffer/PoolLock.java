package io.ringwork.internal.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The buffer pool's lock: one holder at a time, and optimistic readers that check afterwards whether a holder ran
 * meanwhile, like {@link java.util.concurrent.locks.StampedLock}'s write and optimistic-read modes. The difference is
 * the release: a release store, where {@code StampedLock.unlockWrite} makes a volatile store (a full fence on x86)
 * and then looks for queued waiters to wake. An allocate+free pair takes the lock twice, and with the allocator's
 * work taking 30 to 60 ns, those two fences cost 6 to 9 ns a pair (measured interleaved, one thread).
 * <p>
 * A release store cannot also see a waiter that registered a moment before it (that takes a store-load fence), so
 * nobody is woken: a waiter spins, then yields, then sleeps in timed parks that grow from 1 to 100 microseconds, and
 * looks again after each. No wakeup can be lost, as none is sent. The pool's critical sections are tens of
 * nanoseconds, so a waiter nearly always gets the lock while spinning; only behind a long one (a segment added, which
 * maps a file) does it park, and it then notices the release within one park.
 * <p>
 * The state is even while free and odd while held, and grows by two with every holder, so a reader's stamp (the even
 * state it started from) validates only if nobody held the lock since. It starts at 2, so the stamp 0 never
 * validates. Not reentrant.
 */
public final class PoolLock
{
    /** What {@link #tryOptimisticRead} returns while the lock is held: a stamp that never validates. */
    public static final long NO_STAMP = 0;

    private static final VarHandle STATE;
    private static final int SPINS = 1 << 10;
    private static final int YIELDS = 1 << 4;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 100_000;

    static
    {
        try
        {
            STATE = MethodHandles.lookup().findVarHandle(PoolLock.class, "state", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    // Only through STATE, each access in the mode its comment names.
    private long state = 2;

    /**
     * Takes the lock, waiting as long as it takes; an interrupt does not end the wait, but is kept.
     *
     * @return the stamp to pass to {@link #unlock}.
     */
    public long lock()
    {
        // Opaque: only a guess at the current state, which the CAS checks.
        final long s = (long)STATE.getOpaque(this);
        if (0 == (s & 1) && STATE.compareAndSet(this, s, s + 1))
        {
            // The CAS is a volatile read and write, so nothing the holder reads next can be read before it. The
            // store-store fence keeps what it writes next from becoming visible before the odd state, which is what
            // tells an optimistic reader that its reads may be torn (StampedLock.writeLock does the same).
            VarHandle.storeStoreFence();
            return s + 1;
        }
        return lockSlowly();
    }

    private long lockSlowly()
    {
        boolean interrupted = false;
        long parkNanos = MIN_PARK_NANOS;
        for (int attempt = 0; ; attempt++)
        {
            // Opaque: a guess, as in lock.
            final long s = (long)STATE.getOpaque(this);
            if (0 == (s & 1) && STATE.compareAndSet(this, s, s + 1))
            {
                // As in lock.
                VarHandle.storeStoreFence();
                if (interrupted)
                {
                    Thread.currentThread().interrupt();
                }
                return s + 1;
            }
            if (attempt < SPINS)
            {
                Thread.onSpinWait();
            }
            else if (attempt < SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(this, parkNanos);
                parkNanos = Math.min(MAX_PARK_NANOS, parkNanos << 1);
                // A pending interrupt would end every park at once: clear it while waiting, restore it after.
                interrupted |= Thread.interrupted();
            }
        }
    }

    /**
     * Releases the lock.
     *
     * @param stamp what {@link #lock} returned.
     * @throws IllegalMonitorStateException if the stamp is not the current holder's.
     */
    public void unlock(final long stamp)
    {
        // Opaque: the holder reads its own last write.
        if (stamp != (long)STATE.getOpaque(this) || 0 == (stamp & 1))
        {
            throw new IllegalMonitorStateException("stamp " + stamp + " does not hold the lock");
        }
        // Release: everything written while holding the lock is visible to whoever sees the new state (the next
        // holder's CAS, a reader's validation). No fence after it: there is no waiter to look for.
        STATE.setRelease(this, stamp + 1);
    }

    /**
     * A stamp for reads made without the lock, to be checked with {@link #validate} after them.
     *
     * @return the stamp, or {@link #NO_STAMP} if the lock is held now.
     */
    public long tryOptimisticRead()
    {
        // Acquire: the reads that follow see at least what the holder that released this state wrote.
        final long s = (long)STATE.getAcquire(this);
        return 0 == (s & 1) ? s : NO_STAMP;
    }

    /**
     * Whether nobody has held the lock since {@code stamp} was taken, so the reads made since are consistent.
     *
     * @param stamp from {@link #tryOptimisticRead}.
     * @return true if the reads may be used.
     */
    public boolean validate(final long stamp)
    {
        // The reads before this fence are done before the state is read again (StampedLock.validate does the same);
        // a holder that started since made the state odd before writing anything (lock's store-store fence).
        VarHandle.acquireFence();
        // Acquire: ordered after the fence's loads like any load; the mode only documents the pairing.
        return NO_STAMP != stamp && stamp == (long)STATE.getAcquire(this);
    }

    /**
     * Whether the lock is held now, for assertions and tests.
     *
     * @return true while a holder has it.
     */
    public boolean isLocked()
    {
        // Acquire: a snapshot, as any answer to this question is.
        return 0 != ((long)STATE.getAcquire(this) & 1);
    }
}
