package io.ringwork.internal.dispatch;

import io.ringwork.IdleStrategy;
import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.linux.FutexVector;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;
import io.ringwork.internal.ring.EndWaiter;
import io.ringwork.internal.ring.PollWindow;
import io.ringwork.internal.ring.RingState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One thread serving many rings (Agrona's agent shape): each round calls every member dispatcher's
 * {@code doWork()}; a round with no work backs off with the idle strategy, and after a {@link PollWindow} (at most
 * {@code sleepAfterNanos}) of rounds without work the thread sleeps on all the rings' doorbells at once with
 * {@code futex_waitv}, so an idle server costs no CPU and any client's submission wakes it.
 * <p>
 * Sleeping follows each doorbell's Dekker protocol, for all of them together ({@link DoorbellSet}): raise every
 * NEED_WAKEUP flag, one full fence, re-check every dispatcher, then wait while every sequence word is unchanged. The
 * agent's own doorbell (in private memory) is in the set too: rings joining and {@link #stop()} ring it.
 */
public final class DispatchAgent implements Runnable
{
    /** Most rings one agent serves: the kernel's futex_waitv limit, less the agent's own doorbell. */
    public static final int MAX_RINGS = FutexVector.MAX_WORDS - 1;

    private static final int EXIT_CHECK_MASK = 1023;

    /**
     * A ring the agent serves.
     *
     * @param dispatcher its dispatcher, driven by this agent's thread only.
     * @param doorbell   the server end's doorbell, which the client rings.
     * @param state      the ring, for its counters.
     * @param onExit     runs on the agent thread after the dispatcher finished (the ring is unmapped by then).
     */
    public record Member(Dispatcher dispatcher, Doorbell doorbell, RingState state, Runnable onExit)
    {
    }

    private final String name;
    private final IdleStrategy idle;
    private final PollWindow pollWindow;
    private final ConcurrentLinkedQueue<Member> joining = new ConcurrentLinkedQueue<>();
    private final Member[] members = new Member[MAX_RINGS];
    // Automatic: a thread waking the agent may still be inside a futex call on its doorbell when the agent exits.
    private final Arena arena = Arena.ofAuto();
    private final Doorbell agentBell;
    private final DoorbellSet doorbells;
    private final Doorbell.WorkCheck workCheck = this::hasWork;
    private final CountDownLatch exited = new CountDownLatch(1);
    private int count;
    private volatile int size;
    private volatile boolean stopRequested;

    /**
     * An agent; start it with {@link #start()}.
     *
     * @param name            thread name.
     * @param idle            backoff between rounds without work.
     * @param sleepAfterNanos rounds without work for at most this long put the thread to sleep ({@link PollWindow}
     *                        learns how long within it); {@link Long#MAX_VALUE} never.
     */
    public DispatchAgent(final String name, final IdleStrategy idle, final long sleepAfterNanos)
    {
        this.name = name;
        this.idle = idle;
        this.pollWindow = new PollWindow(sleepAfterNanos);
        final MemorySegment bellMemory = arena.allocate(RingDescriptor.DOORBELL_LENGTH, Long.BYTES);
        this.agentBell = new Doorbell(bellMemory, 0, true, arena);
        this.doorbells = new DoorbellSet(FutexVector.MAX_WORDS, arena);
    }

    /**
     * Starts the agent's platform thread (a daemon).
     *
     * @return this agent.
     */
    public DispatchAgent start()
    {
        Thread.ofPlatform().daemon().name(name).start(this);
        return this;
    }

    /**
     * Rings served now, or about to be.
     *
     * @return the count, for choosing the least loaded agent.
     */
    public int size()
    {
        return size + joining.size();
    }

    /**
     * Adds a ring; any thread. The agent picks it up on its next round, waking if it sleeps.
     *
     * @param member the ring and its dispatcher, not started on another thread.
     * @return false if the agent is full or stopping: serve the ring elsewhere.
     */
    public boolean join(final Member member)
    {
        if (stopRequested || size() >= MAX_RINGS)
        {
            return false;
        }
        joining.add(member);
        agentBell.wake();
        return true;
    }

    /**
     * Asks the agent to stop: every ring it serves finishes (pending operations complete with {@code ECANCELED}
     * where they can still be stopped) and its server end closes.
     */
    public void stop()
    {
        stopRequested = true;
        agentBell.wake();
    }

    /**
     * Waits until the agent's thread has finished every ring.
     *
     * @param timeoutNanos how long at most.
     * @return true if it has.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitExit(final long timeoutNanos) throws InterruptedException
    {
        return exited.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run()
    {
        try
        {
            long idleSince = System.nanoTime();
            long lastWork = idleSince;
            boolean slept = false;
            int rounds = 0;
            idle.reset();
            while (!stopRequested)
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
                    idle.reset();
                    idleSince = System.nanoTime();
                    if (slept)
                    {
                        pollWindow.slept(idleSince - lastWork);
                        slept = false;
                    }
                    lastWork = idleSince;
                    continue;
                }
                if (removeFinished() > 0)
                {
                    continue;
                }
                if (System.nanoTime() - idleSince < pollWindow.nanos())
                {
                    idle.idle();
                }
                else
                {
                    slept |= sleep();
                    idle.reset();
                    idleSince = System.nanoTime();
                }
            }
        }
        finally
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

    private boolean sleep()
    {
        long timeout = EndWaiter.MAX_SLEEP_NANOS;
        final DoorbellSet doorbells = this.doorbells;
        doorbells.clear();
        doorbells.add(agentBell);
        for (int i = 0; i < count; i++)
        {
            timeout = Math.min(timeout, members[i].dispatcher().idleTimeoutNanos());
            doorbells.add(members[i].doorbell());
        }
        if (!doorbells.sleep(workCheck, timeout))
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            countSleep(members[i]);
        }
        return true;
    }

    private static void countSleep(final Member member)
    {
        member.state().addToCounter(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.SLEEPS_OFFSET, 1);
    }

    private boolean hasWork()
    {
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
}
