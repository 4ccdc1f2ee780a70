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
 * A ring whose client closed, died or broke it, or every ring of a stopping group, ends over the next rounds
 * without blocking the host: what waits is cancelled, and what a scheme has begun completes as it finishes — from
 * the scheme's threads, or from the host's other work, as when a scheme served by a reactor waits for one of that
 * reactor's futures (at most 5 seconds). Only {@link #finish()}, for a host that exits, waits for them.
 * <p>
 * Any thread may {@link #join} a ring or {@link #stop()} the group; both ring the host's doorbell. Everything else is
 * the host thread's.
 */
public final class ServedRings
{
    private static final int EXIT_CHECK_MASK = 1023;
    private static final long FINISH_POLL_NANOS = 1_000_000L;

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
    private final Member[] ending;
    private final CountDownLatch exited = new CountDownLatch(1);
    private int count;
    private int endingCount;
    private int rounds;
    private boolean finished;
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
        this.ending = new Member[capacity];
        this.room = room;
    }

    /**
     * Rings served now, about to be, or still ending; any thread.
     *
     * @return the count, for choosing the least loaded group and keeping within its capacity.
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
     * Names the thread that will host the group before its first round, so that a stop on that thread does not wait
     * for itself.
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
     * Stops the group and waits until every ring is finished. On the host thread itself it only asks: the rings end
     * over the host's next rounds, which must go on for the work they wait for to complete (a reactor's futures).
     *
     * @param timeoutNanos how long at most to wait for another host thread.
     * @return true if the group has finished, or is left to this host thread's next rounds; false if another host
     *         thread did not finish it in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean stopAndAwait(final long timeoutNanos) throws InterruptedException
    {
        stop();
        if (Thread.currentThread() == host)
        {
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
     * One round on the host thread: admits joining rings, runs every ring's dispatcher once, moves on the rings that
     * are ending, and starts ending those whose client closed, died or broke them (checked every
     * {@value #EXIT_CHECK_MASK}+1 busy rounds, and in every idle one). A stopped group ends all its rings and, once
     * they are done, is {@link #isFinished() finished}.
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
            admit();
            while (count > 0)
            {
                beginEndingAt(count - 1);
            }
            final int work = stepEnding();
            if (0 == endingCount)
            {
                markFinished();
                return work + 1;
            }
            return work;
        }
        int work = admit();
        final boolean checkExit = 0 == (++rounds & EXIT_CHECK_MASK);
        for (int i = 0; i < count; i++)
        {
            work += serve(members[i]);
        }
        if (endingCount > 0)
        {
            work += stepEnding();
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

    /**
     * One round of one ring. A failure of the runtime's own code there (a bug) ends that ring only: the host goes on
     * serving the others, which on an io_uring thread are every file operation of the process.
     */
    private static int serve(final Member member)
    {
        try
        {
            return member.dispatcher().doWork();
        }
        catch (final RuntimeException ex)
        {
            failed("serving", ex);
            member.dispatcher().stop();
            return 1;
        }
    }

    private static void failed(final String what, final RuntimeException ex)
    {
        System.getLogger("io.ringwork").log(System.Logger.Level.ERROR, "a ring failed while " + what +
            "; it is ended, the other rings of its thread go on", ex);
    }

    /**
     * How long the host may sleep for the group's sake: until the earliest timer of its rings.
     *
     * @param timeoutNanos the host's own longest sleep.
     * @return the shorter of the two.
     */
    public long idleTimeoutNanos(final long timeoutNanos)
    {
        // An ending ring's grace period runs out without anybody ringing: look again now and then.
        long timeout = endingCount > 0 ? Math.min(timeoutNanos, FINISH_POLL_NANOS) : timeoutNanos;
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
        // A stopping group has work until all its rings are ending and then once more, to finish; not while they end.
        if (!joining.isEmpty() || (stopRequested && (count > 0 || 0 == endingCount)))
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
        for (int i = 0; i < endingCount; i++)
        {
            if (ending[i].dispatcher().finishHasWork())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Ends the service of every ring, on the host thread, and waits for it: rings that are still joining included,
     * each one's pending work cancelled or, if begun, waited for (at most 5 seconds), then its server end closed and
     * its {@code onExit} run. For a host that exits. Idempotent; later joins are refused.
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
            while (count > 0)
            {
                beginEndingAt(count - 1);
            }
            while (endingCount > 0)
            {
                stepEnding();
                if (endingCount > 0)
                {
                    Thread.sleep(1);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            while (endingCount > 0)
            {
                endAt(endingCount - 1);
            }
        }
        finally
        {
            markFinished();
        }
    }

    private void markFinished()
    {
        finished = true;
        exited.countDown();
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
        size = count + endingCount;
        return admitted;
    }

    private int removeFinished()
    {
        int removed = 0;
        for (int i = count - 1; i >= 0; i--)
        {
            if (members[i].dispatcher().shouldExit())
            {
                beginEndingAt(i);
                removed++;
            }
        }
        if (removed > 0)
        {
            stepEnding();
        }
        return removed;
    }

    private void beginEndingAt(final int index)
    {
        final Member member = members[index];
        members[index] = members[--count];
        members[count] = null;
        size = count + endingCount;
        ending[endingCount++] = member;
        member.dispatcher().beginFinish();
    }

    /**
     * One step of every ending ring; those done are closed and leave the group.
     */
    private int stepEnding()
    {
        int work = 0;
        for (int i = endingCount - 1; i >= 0; i--)
        {
            int step;
            try
            {
                step = ending[i].dispatcher().finishStep();
            }
            catch (final RuntimeException ex)
            {
                failed("ending", ex);
                step = -1;
            }
            if (step < 0)
            {
                endAt(i);
                work++;
            }
            else
            {
                work += step;
            }
        }
        return work;
    }

    private void endAt(final int index)
    {
        final Member member = ending[index];
        ending[index] = ending[--endingCount];
        ending[endingCount] = null;
        size = count + endingCount;
        try
        {
            member.dispatcher().endFinish();
        }
        catch (final RuntimeException ex)
        {
            failed("closing", ex);
        }
        finally
        {
            member.onExit().run();
        }
    }
}
