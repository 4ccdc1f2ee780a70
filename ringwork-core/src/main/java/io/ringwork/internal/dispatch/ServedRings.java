package io.ringwork.internal.dispatch;

import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;
import io.ringwork.internal.ring.RingState;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The serving duty cycle of a group of rings, for the one thread that hosts them: a {@link DispatchAgent}'s own
 * thread, or a reactor's owner thread, which serves them between its own rounds. The host calls {@link #doWork()}
 * each round; when it has had no work for a while it sleeps on its own doorbell plus {@link #addDoorbells these},
 * re-checking {@link #hasWork()} after raising every flag ({@link DoorbellSet}), for at most
 * {@link #idleTimeoutNanos}. How long it polls before sleeping is the host's policy, not the group's.
 * <p>
 * Any thread may {@link #join} a ring or {@link #stop()} the group; both ring the host's doorbell. Everything else is
 * the host thread's.
 */
public final class ServedRings
{
    private static final int EXIT_CHECK_MASK = 1023;

    /**
     * A ring the group serves.
     *
     * @param dispatcher its dispatcher, driven by the host thread only.
     * @param doorbell   the server end's doorbell, which the client rings.
     * @param state      the ring, for its counters.
     * @param onExit     runs on the host thread after the dispatcher finished (the ring is unmapped by then).
     */
    public record Member(Dispatcher dispatcher, Doorbell doorbell, RingState state, Runnable onExit)
    {
    }

    private final Doorbell hostBell;
    private final IntSupplier room;
    private final ConcurrentLinkedQueue<Member> joining = new ConcurrentLinkedQueue<>();
    private final Member[] members;
    private final CountDownLatch exited = new CountDownLatch(1);
    private int count;
    private int rounds;
    private boolean finished;
    private boolean working;
    private volatile int size;
    private volatile boolean stopRequested;
    private volatile Thread host;

    /**
     * An empty group.
     *
     * @param hostBell the host thread's own doorbell, rung when a ring joins or the group stops.
     * @param capacity most rings in the group.
     * @param room     how many more rings the host can sleep on now, over everything it serves.
     */
    public ServedRings(final Doorbell hostBell, final int capacity, final IntSupplier room)
    {
        this.hostBell = hostBell;
        this.members = new Member[capacity];
        this.room = room;
    }

    /**
     * Rings served now, or about to be; any thread.
     *
     * @return the count, for choosing the least loaded group.
     */
    public int size()
    {
        return size + joining.size();
    }

    /**
     * Adds a ring; any thread. The host picks it up on its next round, waking if it sleeps.
     *
     * @param member the ring and its dispatcher, not started on another thread.
     * @return false if the group or its host is full, or the group stops: serve the ring elsewhere.
     */
    public boolean join(final Member member)
    {
        if (stopRequested || size() >= members.length || room.getAsInt() <= 0)
        {
            return false;
        }
        joining.add(member);
        // A stop that raced with this join may have admitted for the last time already: take the ring back, unless
        // that admit has it (then the group finishes it).
        if (stopRequested && joining.remove(member))
        {
            return false;
        }
        hostBell.wake();
        return true;
    }

    /**
     * Asks the group to stop; any thread. On its next round the host finishes every ring (pending operations
     * complete with {@code ECANCELED} where they can still be stopped) and closes its server end.
     */
    public void stop()
    {
        stopRequested = true;
        hostBell.wake();
    }

    /**
     * Names the thread that will host the group before its first round, so that a stop on that thread finishes the
     * group at once rather than waiting for a round.
     *
     * @param thread the host thread.
     */
    public void bindHost(final Thread thread)
    {
        host = thread;
    }

    /**
     * Whether {@link #stop()} was asked.
     *
     * @return true once stopping.
     */
    public boolean isStopRequested()
    {
        return stopRequested;
    }

    /**
     * Stops the group and waits until every ring is finished. On the host thread itself, between rounds, it finishes
     * them at once; inside a round (a scheme closing its own server) it only asks, since the host finishes the group
     * when the round ends.
     *
     * @param timeoutNanos how long at most to wait for another host thread.
     * @return true if the group has finished, or will when the current round of this host thread ends; false if
     *         another host thread did not finish it in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean stopAndAwait(final long timeoutNanos) throws InterruptedException
    {
        stop();
        if (Thread.currentThread() == host)
        {
            if (!working)
            {
                finish();
            }
            return true;
        }
        return exited.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the host thread has finished every ring.
     *
     * @param timeoutNanos how long at most.
     * @return true if it has.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitExit(final long timeoutNanos) throws InterruptedException
    {
        return exited.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Whether the group has finished; host thread.
     *
     * @return true after {@link #finish()}.
     */
    public boolean isFinished()
    {
        return finished;
    }

    /**
     * One round on the host thread: admits joining rings, runs every ring's dispatcher once, and drops the rings
     * whose client closed, died or broke them (every {@value #EXIT_CHECK_MASK}+1 busy rounds, and in every idle
     * one). A stopped group finishes here.
     *
     * @return work done; 0 when idle.
     */
    public int doWork()
    {
        final Thread current = Thread.currentThread();
        if (current != host)
        {
            host = current;
        }
        if (finished)
        {
            return 0;
        }
        if (stopRequested)
        {
            finish();
            return 1;
        }
        working = true;
        try
        {
            int work = admit();
            final boolean checkExit = 0 == (++rounds & EXIT_CHECK_MASK);
            for (int i = 0; i < count; i++)
            {
                work += members[i].dispatcher().doWork();
            }
            if (work > 0)
            {
                if (checkExit)
                {
                    removeFinished();
                }
                return work;
            }
            return removeFinished();
        }
        finally
        {
            working = false;
        }
    }

    /**
     * How long the host may sleep for the group's sake: until the earliest timer of its rings.
     *
     * @param timeoutNanos the host's own longest sleep.
     * @return the shorter of the two.
     */
    public long idleTimeoutNanos(final long timeoutNanos)
    {
        long timeout = timeoutNanos;
        for (int i = 0; i < count; i++)
        {
            timeout = Math.min(timeout, members[i].dispatcher().idleTimeoutNanos());
        }
        return timeout;
    }

    /**
     * Adds the server doorbell of every ring to the host's next sleep.
     *
     * @param doorbells the host's set, cleared and holding its own doorbell.
     * @return false if the set had no room for all of them: the host must not sleep long.
     */
    public boolean addDoorbells(final DoorbellSet doorbells)
    {
        for (int i = 0; i < count; i++)
        {
            if (!doorbells.add(members[i].doorbell()))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts a sleep of the host in every ring's server counters.
     */
    public void countSleep()
    {
        for (int i = 0; i < count; i++)
        {
            members[i].state().addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.SLEEPS_OFFSET, 1);
        }
    }

    /**
     * Whether a round would find something to do; the host's re-check before sleeping, after the flags are raised.
     *
     * @return true if sleeping now could lose work.
     */
    public boolean hasWork()
    {
        if (finished)
        {
            return false;
        }
        if (stopRequested || !joining.isEmpty())
        {
            return true;
        }
        for (int i = 0; i < count; i++)
        {
            final Dispatcher dispatcher = members[i].dispatcher();
            if (dispatcher.hasWork() || dispatcher.shouldExit())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the service of every ring, on the host thread: rings that are still joining included, each dispatcher
     * stopped and finished, then its {@code onExit}. Idempotent; later joins are refused.
     */
    public void finish()
    {
        if (finished)
        {
            return;
        }
        stopRequested = true;
        host = Thread.currentThread();
        try
        {
            admit();
            for (int i = 0; i < count; i++)
            {
                members[i].dispatcher().stop();
            }
            while (count > 0)
            {
                finishAt(count - 1);
            }
        }
        finally
        {
            finished = true;
            exited.countDown();
        }
    }

    private int admit()
    {
        int admitted = 0;
        Member member;
        while (null != (member = joining.poll()))
        {
            member.dispatcher().bindToCurrentThread();
            members[count++] = member;
            admitted++;
        }
        size = count;
        return admitted;
    }

    private int removeFinished()
    {
        int removed = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            if (members[i].dispatcher().shouldExit())
            {
                finishAt(i);
                removed++;
            }
        }
        return removed;
    }

    private void finishAt(final int index)
    {
        final Member member = members[index];
        members[index] = members[--count];
        members[count] = null;
        size = count;
        try
        {
            member.dispatcher().finish();
        }
        finally
        {
            member.onExit().run();
        }
    }
}
