package io.ringwork.internal.ring;

/**
 * How long a waiting thread polls before it sleeps on a doorbell, learnt from the waits it has had, as KVM's and
 * the haltpoll driver's adaptive halt polling learn theirs. The configured {@code sleepAfterNanos} is the most it
 * polls.
 * <p>
 * Polling pays off only when the work comes within the window. When a wait had to sleep and the work came later than
 * the longest window, polling was wasted: the window halves, down to 0 (sleep at once). When a wait slept but the
 * work came within the longest window, a longer poll would have caught it: the window doubles, up to the longest.
 * A wait that polling ended leaves it as it is, and so does one that timed out without work: an idle spell says
 * nothing about how soon work comes once it flows, and forgetting the window over it would make the first requests
 * after it wake a sleeping side.
 * <p>
 * Why it matters: a server that requests reach only rarely (each one finding it asleep) answers no sooner for
 * having polled after the last one, and on a busy machine it answers later. The scheduler lets a thread woken from a
 * futex preempt the running one sooner when it has used little CPU lately; polling after each request spends that,
 * and a poll that yields gives the CPU away for whole time slices, during which the server is neither polling nor
 * asleep, so requests wait without a wake-up. Measured with {@code ringwork bench ipc} (requests 1 ms apart, other
 * builds running): a 50 microsecond poll with yields gave a p50 of about 3 ms, a spinning one 25 to 100
 * microseconds, sleeping at once about 22. Steady traffic, whose answers come within the window, keeps the full
 * window and never sleeps.
 * <p>
 * One waiting thread's state: not thread-safe, and it needs no padding.
 */
public final class PollWindow
{
    /** The smallest window after 0: growing from 0 starts here. */
    public static final long MIN_NANOS = 2_000L;

    private final long maxNanos;
    private long nanos;

    /**
     * A window that starts at its longest.
     *
     * @param maxNanos the configured polling time: 0 always sleeps at once, {@link Long#MAX_VALUE} never sleeps; both
     *                 stay as they are.
     */
    public PollWindow(final long maxNanos)
    {
        if (maxNanos < 0)
        {
            throw new IllegalArgumentException("maxNanos=" + maxNanos + " must not be negative");
        }
        this.maxNanos = maxNanos;
        this.nanos = maxNanos;
    }

    /**
     * How long to poll now before sleeping.
     *
     * @return nanoseconds, 0 to sleep at once.
     */
    public long nanos()
    {
        return nanos;
    }

    /**
     * Learns from a wait that slept: it found work {@code waitedNanos} after it began.
     *
     * @param waitedNanos from the start of the wait, polling included, to its end.
     */
    public void slept(final long waitedNanos)
    {
        if (Long.MAX_VALUE == maxNanos || 0 == maxNanos)
        {
            return;
        }
        if (waitedNanos <= maxNanos)
        {
            nanos = Math.min(maxNanos, Math.max(MIN_NANOS, nanos << 1));
        }
        else
        {
            final long half = nanos >> 1;
            nanos = half < MIN_NANOS ? 0 : half;
        }
    }
}
