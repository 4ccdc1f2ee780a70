package io.ringwork.bench.file;

import io.ringwork.Cqe;
import io.ringwork.Ring;
import io.ringwork.Ringwork;
import io.ringwork.buffer.BufferPool;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The shape the raw-ring engines share: OPEN the job's file on a bare ring, keep a number of units (a read, a chain)
 * in flight for the job's duration after a quarter of it as uncounted warm-up, each unit's last CQE answered by
 * the next unit, then CLOSE. The engine says which CQE ends a unit and how to submit the next.
 */
final class RawRingLoop
{
    private static final long WAIT_NANOS = 10_000_000_000L;

    /** What an engine does with the loop's CQEs. */
    interface Units
    {
        /**
         * Checks a CQE.
         *
         * @param cqe a completion, still in the ring.
         * @return true if it ends its unit.
         */
        boolean ends(Cqe cqe);

        /**
         * Submits the next unit in the place of the one a CQE ended (its SQEs only; the loop enters).
         *
         * @param userData the ending CQE's user data.
         */
        void next(long userData);
    }

    private RawRingLoop()
    {
    }

    /**
     * OPENs {@code job}'s file through the ring.
     *
     * @return the handle.
     */
    static long open(final Ringwork runtime, final Ring ring, final ReadEngine.Job job, final int flags)
    {
        final BufferPool pool = runtime.pool();
        final byte[] path = ("file:" + job.file().toAbsolutePath()).getBytes(StandardCharsets.UTF_8);
        final long pathRef = pool.allocate(path.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(path), 0, pool.slice(pathRef, path.length), 0, path.length);
        ring.getSqe().prepOpen(pathRef, path.length, flags, 0);
        ring.enter(Integer.MAX_VALUE, 1, WAIT_NANOS);
        final Cqe opened = ring.peekCqe();
        if (null == opened || 0 != opened.error())
        {
            throw new IllegalStateException("OPEN " + job.file() + " failed: " + opened);
        }
        final long handle = opened.result();
        ring.advanceCq(1);
        return handle;
    }

    /**
     * Runs {@code inFlight} units, already prepared in the SQ, for the job's duration, then CLOSEs {@code handle}.
     *
     * @return units completed per second after the warm-up.
     */
    static double run(final Ring ring, final ReadEngine.Job job, final int inFlight, final long handle,
        final Units units)
    {
        // The first quarter warms the JIT and both threads up and is not counted.
        final long start = System.nanoTime() + job.durationNanos() / 4;
        final long deadline = start + job.durationNanos();
        long done = 0;
        long warmDone = -1;
        int outstanding = inFlight;
        ring.enter(Integer.MAX_VALUE, 0, 0);
        while (outstanding > 0)
        {
            ring.awaitCqes(1, WAIT_NANOS);
            final long now = System.nanoTime();
            final boolean more = now < deadline;
            if (warmDone < 0 && now >= start)
            {
                warmDone = done;
            }
            int ready = ring.cqReady();
            while (ready-- > 0)
            {
                final Cqe cqe = ring.peekCqe();
                final boolean ends = units.ends(cqe);
                final long userData = cqe.userData();
                ring.advanceCq(1);
                if (!ends)
                {
                    continue;
                }
                done++;
                if (more)
                {
                    units.next(userData);
                }
                else
                {
                    outstanding--;
                }
            }
            ring.enter(Integer.MAX_VALUE, 0, 0);
        }
        final double rate = (done - Math.max(0, warmDone)) * 1e9 / (System.nanoTime() - start);
        ring.getSqe().prepClose(handle);
        ring.enter(Integer.MAX_VALUE, 1, WAIT_NANOS);
        return rate;
    }
}
