package io.ringwork.internal.ring;

import io.ringwork.internal.linux.FutexVector;

import java.lang.foreign.Arena;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread sleeping on several doorbells at once: a server thread on all its rings ({@code DispatchAgent}), a
 * reactor on all its rings and its own doorbell ({@code ReactorEngine}). It runs the sleeper's half of each
 * doorbell's Dekker protocol for all of them together: raise every NEED_WAKEUP flag, one full fence, re-check, then
 * wait on every sequence word with one {@code futex_waitv}, so a wake of any doorbell ends the sleep. Doorbells that
 * park (both ends in this process) are armed so that their waker wakes the word too.
 * <p>
 * Without {@code futex_waitv} (Linux before 5.16) the set sleeps on its only doorbell, or polls several every
 * millisecond. Used by one thread; fill it with {@link #add} before each sleep, as members come and go.
 */
public final class DoorbellSet
{
    private static final long FALLBACK_POLL_NANOS = 1_000_000L;

    private final Doorbell[] bells;
    private final FutexVector vector;
    private int count;

    /**
     * An empty set.
     *
     * @param capacity most doorbells, at most {@link FutexVector#MAX_WORDS}.
     * @param arena    owner of the futex_waitv array.
     */
    public DoorbellSet(final int capacity, final Arena arena)
    {
        this.bells = new Doorbell[capacity];
        this.vector = FutexVector.isAvailable() ? new FutexVector(capacity, arena) : null;
    }

    /**
     * Empties the set.
     */
    public void clear()
    {
        for (int i = 0; i < count; i++)
        {
            bells[i] = null;
        }
        count = 0;
    }

    /**
     * Adds a doorbell for the next {@link #sleep}.
     *
     * @param bell a doorbell this thread sleeps on.
     * @return false if the set is full (the doorbell is not in it).
     */
    public boolean add(final Doorbell bell)
    {
        if (count == bells.length)
        {
            return false;
        }
        bells[count++] = bell;
        return true;
    }

    /**
     * Sleeps until any doorbell is rung, the check finds work, or the timeout passes.
     *
     * @param check        re-checked after every flag is raised; true skips the sleep.
     * @param timeoutNanos longest sleep.
     * @return true if the thread went to sleep.
     */
    public boolean sleep(final Doorbell.WorkCheck check, final long timeoutNanos)
    {
        final FutexVector vector = this.vector;
        if (null == vector && 1 == count)
        {
            return bells[0].sleep(check, timeoutNanos);
        }
        if (!armAll(check))
        {
            return false;
        }
        try
        {
            if (null != vector)
            {
                vector.sleep(timeoutNanos);
            }
            else
            {
                LockSupport.parkNanos(this, Math.min(timeoutNanos, FALLBACK_POLL_NANOS));
            }
            return true;
        }
        finally
        {
            disarmAll();
        }
    }

    /**
     * The first half of a sleep that another call waits out (an io_uring loop's {@code FUTEX_WAITV} SQE): raises
     * every flag, fills the futex vector with every sequence word, one full fence, then re-checks. After a true
     * answer the caller waits on {@link #vector()} and then calls {@link #disarmAll()}; after false it must not.
     *
     * @param check re-checked after every flag is raised.
     * @return true if the caller may sleep; false if the check found work (every doorbell is lowered again).
     */
    public boolean armAll(final Doorbell.WorkCheck check)
    {
        final int count = this.count;
        final FutexVector vector = this.vector;
        if (null != vector)
        {
            vector.clear();
        }
        for (int i = 0; i < count; i++)
        {
            final Doorbell bell = bells[i];
            final int sequence = bell.arm(null != vector);
            if (null != vector)
            {
                vector.add(bell.futexWord(), sequence);
            }
        }
        // full fence: every NEED_WAKEUP flag must be visible before the re-check loads the peers' indices
        // (store-load order); pairs with each waker's fullFence in Doorbell.wakeIfNeeded.
        VarHandle.fullFence();
        if (check.hasWork())
        {
            disarmAll();
            return false;
        }
        return true;
    }

    /**
     * Lowers every flag after a sleep.
     */
    public void disarmAll()
    {
        for (int i = 0; i < count; i++)
        {
            bells[i].disarm();
        }
    }

    /**
     * The futex words and the values they held when {@link #armAll} raised the flags.
     *
     * @return the vector, or null without {@code futex_waitv}.
     */
    public FutexVector vector()
    {
        return vector;
    }

    /**
     * The doorbells in the set now.
     *
     * @return the count.
     */
    public int size()
    {
        return count;
    }

    /**
     * A doorbell of the set.
     *
     * @param index below {@link #size()}.
     * @return the doorbell.
     */
    public Doorbell get(final int index)
    {
        return bells[index];
    }
}
