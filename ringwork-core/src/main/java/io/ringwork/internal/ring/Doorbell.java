package io.ringwork.internal.ring;

import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;
import io.ringwork.internal.linux.Futex;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One side's doorbell: the only place where Ringwork makes a system call in steady operation, and only when that
 * side is asleep.
 * <p>
 * The protocol is Dekker's, as in liburing's {@code IORING_SQ_NEED_WAKEUP}:
 * <ul>
 *   <li>The sleeper reads the sequence word, stores NEED_WAKEUP = 1, issues a full fence, re-checks its queue, and
 *   only then waits until the sequence word changes.</li>
 *   <li>The waker publishes its index (release), issues a full fence, and reads NEED_WAKEUP; only if it is set does it
 *   bump the sequence word and wake.</li>
 * </ul>
 * Either the sleeper's re-check sees the new entry, or the waker sees the flag: both fences forbid both missing
 * each other. A wake that lands between the sleeper's read of the sequence and its wait changes the word, so the wait
 * returns at once ({@code EAGAIN}). Cross-process the wait is a futex on the sequence word; within one process it is
 * {@link LockSupport#park}, which suits virtual threads.
 */
public final class Doorbell
{
    private final MemorySegment region;
    private final long flagOffset;
    private final long sequenceOffset;
    private final MemorySegment futexWord;
    private final boolean useFutex;
    private final MemorySegment sleepTimespec;
    private volatile Thread sleeper;
    /** In-process doorbell whose sleeper waits in futex_waitv with other words, not in park: wake it by futex. */
    private volatile boolean futexSleeper;

    /**
     * A doorbell at {@code doorbellOffset} of the ring region.
     *
     * @param region         the ring region.
     * @param doorbellOffset {@link RingDescriptor#SERVER_DOORBELL_OFFSET} or {@code CLIENT_DOORBELL_OFFSET}.
     * @param useFutex       wait on a futex (peer in another process) or park (same process).
     * @param arena          owner of the scratch memory for futex calls.
     */
    public Doorbell(final MemorySegment region, final long doorbellOffset, final boolean useFutex, final Arena arena)
    {
        this.region = region;
        this.flagOffset = doorbellOffset + RingDescriptor.DOORBELL_NEED_WAKEUP_OFFSET;
        this.sequenceOffset = doorbellOffset + RingDescriptor.DOORBELL_SEQUENCE_OFFSET;
        this.futexWord = region.asSlice(sequenceOffset, Integer.BYTES);
        this.useFutex = useFutex && Futex.isAvailable();
        this.sleepTimespec = Futex.allocateTimespec(arena);
    }

    /**
     * What the sleeper re-checks after raising its flag.
     */
    @FunctionalInterface
    public interface WorkCheck
    {
        /**
         * Whether there is something to do, so sleeping would lose it.
         *
         * @return true to skip the sleep.
         */
        boolean hasWork();
    }

    /**
     * Sleeps until woken, the check finds work, or the timeout passes. Sleeper thread only.
     *
     * @param check        re-checked after the flag is raised.
     * @param timeoutNanos longest sleep; {@link Long#MAX_VALUE} for none.
     * @return true if the side actually went to sleep (for the counters).
     */
    public boolean sleep(final WorkCheck check, final long timeoutNanos)
    {
        final int sequence = arm();
        // full fence: the flag must be visible before the re-check loads the peer's index (store-load order); pairs
        // with the waker's fullFence. A volatile store alone would not do: it orders only against later volatile
        // loads, and the re-check is an acquire load.
        VarHandle.fullFence();
        boolean slept = false;
        try
        {
            if (!check.hasWork())
            {
                slept = true;
                if (useFutex)
                {
                    Futex.sleep(futexWord, sequence, timeoutNanos, sleepTimespec);
                }
                else
                {
                    LockSupport.parkNanos(this, Math.min(timeoutNanos, Long.MAX_VALUE / 2));
                }
            }
        }
        finally
        {
            disarm();
        }
        return slept;
    }

    /**
     * The first half of a sleep, for a thread that sleeps on several doorbells at once ({@code DoorbellSet}): reads
     * the sequence word and raises NEED_WAKEUP. The caller then issues one full fence for all its doorbells,
     * re-checks every queue, waits on every sequence word, and {@link #disarm}s each.
     *
     * @return the sequence value to wait on.
     */
    public int arm()
    {
        return arm(false);
    }

    /**
     * {@link #arm()} for a thread that will wait on this doorbell's word with {@code futex_waitv}, even when the
     * doorbell itself parks (both ends in this process): its waker then wakes the word too.
     *
     * @param inFutexVector true when the caller waits with {@code futex_waitv}.
     * @return the sequence value to wait on.
     */
    public int arm(final boolean inFutexVector)
    {
        // acquire: a wake that bumps the sequence after this read makes the futex wait return at once.
        final int sequence = (int)SharedAccess.INT.getAcquire(region, sequenceOffset);
        if (!useFutex)
        {
            sleeper = Thread.currentThread();
            // volatile, same process: the waker reads it after the flag, which the release store below orders.
            futexSleeper = inFutexVector;
        }
        // release: the waker that sees the flag (acquire) also sees the sleeper thread reference written above.
        SharedAccess.INT.setRelease(region, flagOffset, 1);
        return sequence;
    }

    /**
     * Lowers NEED_WAKEUP after a sleep (or a sleep skipped because the re-check found work).
     */
    public void disarm()
    {
        futexSleeper = false;
        // release: a stale 1 seen by the waker only costs it a needless wake, never a lost one.
        SharedAccess.INT.setRelease(region, flagOffset, 0);
    }

    /**
     * The 32-bit sequence word a futex sleep waits on.
     *
     * @return a 4-byte slice of the ring region.
     */
    public MemorySegment futexWord()
    {
        return futexWord;
    }

    /**
     * Wakes the sleeper if its flag is up. Waker thread only, right after publishing an index.
     *
     * @return true if a wake-up was sent.
     */
    public boolean wakeIfNeeded()
    {
        // full fence: the index just published must be visible before the flag is read (store-load order),
        // or the sleeper's re-check and this read could both see old values; pairs with sleep's volatile store.
        VarHandle.fullFence();
        // acquire: seeing 1 also makes the sleeper's thread reference (written before the flag) visible.
        if (0 == (int)SharedAccess.INT.getAcquire(region, flagOffset))
        {
            return false;
        }
        wake();
        return true;
    }

    /**
     * Wakes the sleeper unconditionally, for closing and shutdown.
     */
    public void wake()
    {
        // getAndAdd: both sides may wake (close) concurrently; the futex word must change for any waiter.
        final int ignoredPrevious = (int)SharedAccess.INT.getAndAdd(region, sequenceOffset, 1);
        if (useFutex)
        {
            Futex.wake(futexWord, Integer.MAX_VALUE);
        }
        else
        {
            final Thread thread = sleeper;
            if (null != thread)
            {
                LockSupport.unpark(thread);
            }
            if (futexSleeper && Futex.isAvailable())
            {
                Futex.wake(futexWord, Integer.MAX_VALUE);
            }
        }
    }

    /**
     * Whether this doorbell waits on a futex.
     *
     * @return true for cross-process doorbells.
     */
    public boolean usesFutex()
    {
        return useFutex;
    }
}
