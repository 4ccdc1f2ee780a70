package io.ringwork.internal.dispatch;

import io.ringwork.IdleStrategy;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.linux.FutexVector;
import io.ringwork.internal.ring.Doorbell;
import io.ringwork.internal.ring.DoorbellSet;
import io.ringwork.internal.ring.EndWaiter;
import io.ringwork.internal.ring.PollWindow;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread serving many rings (Agrona's agent shape): each round calls every member dispatcher's
 * {@code doWork()}; a round with no work backs off with the idle strategy, and after a {@link PollWindow} (at most
 * {@code sleepAfterNanos}) of rounds without work the thread sleeps on all the rings' doorbells at once with
 * {@code futex_waitv}, so an idle server costs no CPU and any client's submission wakes it.
 * <p>
 * Sleeping follows each doorbell's Dekker protocol, for all of them together ({@link DoorbellSet}): raise every
 * NEED_WAKEUP flag, one full fence, re-check every dispatcher, then wait while every sequence word is unchanged. The
 * agent's own doorbell (in private memory) is in the set too: rings joining and {@link #stop()} ring it.
 * <p>
 * The serving itself (admitting rings, running their dispatchers, dropping finished ones, what to sleep on) is
 * {@link ServedRings}, which a reactor's thread runs too; the agent adds the thread and its polling policy.
 */
public final class DispatchAgent implements Runnable
{
    /** Most rings one agent serves: the kernel's futex_waitv limit, less the agent's own doorbell. */
    public static final int MAX_RINGS = FutexVector.MAX_WORDS - 1;

    private final String name;
    private final IdleStrategy idle;
    private final PollWindow pollWindow;
    // Automatic: a thread waking the agent may still be inside a futex call on its doorbell when the agent exits.
    private final Arena arena = Arena.ofAuto();
    private final Doorbell agentBell;
    private final DoorbellSet doorbells;
    private final ServedRings rings;
    private final Doorbell.WorkCheck workCheck;

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
        final ServedRings group = new ServedRings(agentBell, MAX_RINGS, this::room);
        this.rings = group;
        this.workCheck = group::hasWork;
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
     * The rings this agent serves: join them, stop them, wait for them.
     *
     * @return the agent's group.
     */
    public ServedRings rings()
    {
        return rings;
    }

    private int room()
    {
        return MAX_RINGS - rings.size();
    }

    @Override
    public void run()
    {
        final ServedRings rings = this.rings;
        try
        {
            long idleSince = System.nanoTime();
            long lastWork = idleSince;
            boolean slept = false;
            idle.reset();
            while (!rings.isStopRequested())
            {
                if (rings.doWork() > 0)
                {
                    idle.reset();
                    idleSince = System.nanoTime();
                    if (slept)
                    {
                        pollWindow.slept(idleSince - lastWork);
                        slept = false;
                    }
                    lastWork = idleSince;
                }
                else if (System.nanoTime() - idleSince < pollWindow.nanos())
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
            rings.finish();
        }
    }

    private boolean sleep()
    {
        final DoorbellSet doorbells = this.doorbells;
        doorbells.clear();
        doorbells.add(agentBell);
        rings.addDoorbells(doorbells);
        if (!doorbells.sleep(workCheck, rings.idleTimeoutNanos(EndWaiter.MAX_SLEEP_NANOS)))
        {
            return false;
        }
        rings.countSleep();
        return true;
    }
}
