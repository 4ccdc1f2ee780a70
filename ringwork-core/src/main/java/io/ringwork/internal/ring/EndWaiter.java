package io.ringwork.internal.ring;

import io.ringwork.IdleStrategy;
import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;

import java.util.function.BooleanSupplier;

/**
 * The wait loop of one end of a ring: poll with the idle strategy, then sleep on the doorbell, until enough entries
 * are ready, the peer has gone, or the time is up. Used for "queue not empty" waits, which the peer's publications
 * wake; "queue not full" waits poll only (see {@link #awaitSpace}), because the peer does not ring for freed slots.
 */
public final class EndWaiter
{
    /** A wait found the ring broken. */
    public static final int BROKEN = -1;
    /** A wait found the peer closed or dead, with nothing left to read. */
    public static final int PEER_CLOSED = -2;

    /** Longest single doorbell sleep: a peer that died without closing is noticed within this time. */
    public static final long MAX_SLEEP_NANOS = 100_000_000L;

    /** How often a waiting end asks whether a peer process is still alive (a system call, so not every poll). */
    public static final long PID_CHECK_INTERVAL_NANOS = 20_000_000L;

    /**
     * Polls a wait makes first, spinning, without reading the clock: a clock read costs as much as a spin, so
     * checking it on every poll doubles the time it takes to notice a quick answer. About 3 microseconds of
     * spinning; a timeout can be overshot by that much.
     */
    public static final int FIRST_SPIN_POLLS = 100;

    /**
     * How many entries are ready (or free), or a negative sentinel.
     */
    @FunctionalInterface
    public interface Readiness
    {
        /**
         * The current count.
         *
         * @return count, or {@link #BROKEN}.
         */
        int count();
    }

    private final RingState state;
    private final Doorbell doorbell;
    private final IdleStrategy idle;
    private final PollWindow pollWindow;
    private final long counterBlock;
    private final int peerClosedBit;
    private final long peerPidOffset;
    private final Readiness readiness;
    private final Doorbell.WorkCheck workCheck;
    private final Doorbell.WorkCheck conditionCheck;
    private BooleanSupplier condition;
    private int awaitMin = 1;
    private long nextPidCheckNanos;
    private boolean peerDead;

    /**
     * A waiter for one end.
     *
     * @param state           the ring.
     * @param doorbell        this end's doorbell.
     * @param idle            this end's polling policy.
     * @param sleepAfterNanos longest polling time before sleeping (see {@link PollWindow}).
     * @param server          true for the server end.
     * @param readiness       counts what the wait is for, reading the peer's index afresh each time.
     */
    public EndWaiter(final RingState state, final Doorbell doorbell, final IdleStrategy idle,
        final long sleepAfterNanos, final boolean server, final Readiness readiness)
    {
        this.state = state;
        this.doorbell = doorbell;
        this.idle = idle;
        this.pollWindow = new PollWindow(sleepAfterNanos);
        this.counterBlock = server ? RingDescriptor.SERVER_COUNTERS_OFFSET : RingDescriptor.CLIENT_COUNTERS_OFFSET;
        this.peerClosedBit = server ? RingDescriptor.STATUS_CLIENT_CLOSED : RingDescriptor.STATUS_SERVER_CLOSED;
        this.peerPidOffset = server ? RingDescriptor.CLIENT_PID_OFFSET : RingDescriptor.SERVER_PID_OFFSET;
        this.readiness = readiness;
        this.workCheck = () ->
        {
            final int count = readiness.count();
            return count >= awaitMin || count < 0 || peerGone();
        };
        this.conditionCheck = () -> condition.getAsBoolean() || peerGone();
    }

    /**
     * Waits until {@code ready} says there is work: polls with the idle strategy, then sleeps on this end's doorbell,
     * which the peer rings when it publishes and this process's other threads ring through {@link Doorbell#wake}.
     * The condition must be cheap and must not allocate; it is called on every poll.
     *
     * @param ready        true when there is something to do.
     * @param timeoutNanos how long at most; 0 checks once.
     * @return 1 when ready, 0 on timeout, {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitCondition(final BooleanSupplier ready, final long timeoutNanos)
    {
        if (ready.getAsBoolean())
        {
            return 1;
        }
        final long start = System.nanoTime();
        final long window = pollWindow.nanos();
        idle.reset();
        condition = ready;
        boolean slept = false;
        while (true)
        {
            if (peerGone())
            {
                return isBroken() ? BROKEN : PEER_CLOSED;
            }
            final long elapsed = System.nanoTime() - start;
            if (elapsed >= timeoutNanos)
            {
                return 0;
            }
            if (elapsed >= window)
            {
                final long sleep = Math.min(timeoutNanos - elapsed, MAX_SLEEP_NANOS);
                if (doorbell.sleep(conditionCheck, sleep))
                {
                    slept = true;
                    state.addToCounter(counterBlock, CountersDescriptor.SLEEPS_OFFSET, 1);
                }
            }
            else
            {
                idle.idle();
            }
            if (ready.getAsBoolean())
            {
                if (slept)
                {
                    pollWindow.slept(System.nanoTime() - start);
                }
                return 1;
            }
        }
    }

    /**
     * Waits until at least {@code min} entries are ready.
     * <p>
     * A wait that may poll (a positive timeout and polling window) first spins {@link #FIRST_SPIN_POLLS} times
     * without looking at the clock, then polls with the idle strategy until the {@link PollWindow} ends (at most
     * {@code sleepAfterNanos}), then sleeps. A wait that slept and then found work teaches the window how long
     * polling would have had to last; one that timed out teaches nothing.
     *
     * @param min          entries wanted, at least 1.
     * @param timeoutNanos how long at most; 0 checks once.
     * @return entries ready (fewer than {@code min} on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int await(final int min, final long timeoutNanos)
    {
        int ready = readiness.count();
        if (ready >= min || ready < 0)
        {
            return ready;
        }
        final long window = pollWindow.nanos();
        if (timeoutNanos > 0 && window > 0)
        {
            for (int i = 0; i < FIRST_SPIN_POLLS; i++)
            {
                Thread.onSpinWait();
                ready = readiness.count();
                if (ready >= min || ready < 0)
                {
                    return ready;
                }
            }
        }
        final long start = System.nanoTime();
        idle.reset();
        awaitMin = min;
        boolean slept = false;
        while (true)
        {
            final long now = System.nanoTime();
            if (peerGone(now))
            {
                if (isBroken())
                {
                    return BROKEN;
                }
                ready = readiness.count();
                return ready > 0 ? ready : (ready < 0 ? BROKEN : PEER_CLOSED);
            }
            final long elapsed = now - start;
            if (elapsed >= timeoutNanos)
            {
                return ready;
            }
            if (elapsed >= window)
            {
                final long sleep = Math.min(timeoutNanos - elapsed, MAX_SLEEP_NANOS);
                if (doorbell.sleep(workCheck, sleep))
                {
                    slept = true;
                    state.addToCounter(counterBlock, CountersDescriptor.SLEEPS_OFFSET, 1);
                }
            }
            else
            {
                idle.idle();
            }
            ready = readiness.count();
            if (ready >= min || ready < 0)
            {
                if (slept)
                {
                    pollWindow.slept(System.nanoTime() - start);
                }
                return ready;
            }
        }
    }

    /**
     * Waits, polling only, until {@code space} counts at least {@code min}.
     *
     * @param space        counts free slots.
     * @param min          slots wanted.
     * @param timeoutNanos how long at most.
     * @return free slots (fewer than {@code min} on timeout), {@link #BROKEN} or {@link #PEER_CLOSED}.
     */
    public int awaitSpace(final Readiness space, final int min, final long timeoutNanos)
    {
        int free = space.count();
        if (free >= min || free < 0)
        {
            return free;
        }
        final long start = System.nanoTime();
        idle.reset();
        while (true)
        {
            final long now = System.nanoTime();
            if (peerGone(now))
            {
                return isBroken() ? BROKEN : PEER_CLOSED;
            }
            if (now - start >= timeoutNanos)
            {
                return free;
            }
            idle.idle();
            free = space.count();
            if (free >= min || free < 0)
            {
                return free;
            }
        }
    }

    private boolean isBroken()
    {
        return 0 != (RingDescriptor.statusVolatile(state.segment()) & RingDescriptor.STATUS_BROKEN);
    }

    /**
     * Whether the peer closed its end, broke the ring, or (in another process) died.
     *
     * @return true if nothing more will come from it.
     */
    public boolean peerGone()
    {
        return peerGone(System.nanoTime());
    }

    private boolean peerGone(final long now)
    {
        final int status = RingDescriptor.statusVolatile(state.segment());
        if (0 != (status & (peerClosedBit | RingDescriptor.STATUS_BROKEN)))
        {
            return true;
        }
        if (!state.isCrossProcess())
        {
            return false;
        }
        if (peerDead)
        {
            return true;
        }
        if (now - nextPidCheckNanos < 0)
        {
            return false;
        }
        nextPidCheckNanos = now + PID_CHECK_INTERVAL_NANOS;
        // acquire: the pid is written once by the attaching side with release.
        final long pid = (long)SharedAccess.LONG.getAcquire(state.segment(), peerPidOffset);
        // A dead process stays dead: remember it, so later checks need no system call.
        peerDead = !RingState.isAlive(pid);
        return peerDead;
    }
}
