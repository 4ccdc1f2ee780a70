package io.ringwork.stress;

import io.ringwork.internal.buffer.PoolLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The buffer pool's {@link PoolLock}: a CAS to take it, a release store (no fence) to give it back, optimistic
 * readers that validate against the state.
 */
public final class PoolLockTest
{
    private PoolLockTest()
    {
    }

    /**
     * Two holders each add to plain fields under the lock: neither update is lost, and each sees the other's whole or
     * not at all.
     */
    @JCStressTest
    @Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "Both increments kept; the second holder saw the first's.")
    @Outcome(expect = FORBIDDEN, desc = "An increment was lost, or a holder saw the other's writes half done.")
    @State
    public static class MutualExclusion
    {
        private final PoolLock lock = new PoolLock();
        // Plain fields: only the lock orders them.
        private int x;
        private int y;
        private int torn;

        /**
         * One holder.
         */
        @Actor
        public void first()
        {
            update();
        }

        /**
         * The other.
         */
        @Actor
        public void second()
        {
            update();
        }

        private void update()
        {
            final long stamp = lock.lock();
            try
            {
                if (x != y)
                {
                    torn = -1;
                }
                x++;
                y++;
                torn = torn >= 0 ? 1 : torn;
            }
            finally
            {
                lock.unlock(stamp);
            }
        }

        /**
         * Reads the fields once both holders are done.
         *
         * @param r x, y, and 1 unless a holder found them unequal.
         */
        @Arbiter
        public void arbiter(final III_Result r)
        {
            r.r1 = x;
            r.r2 = y;
            r.r3 = torn;
        }
    }

    /**
     * A holder writes two fields under the lock; an optimistic reader reads them in the other order and validates:
     * whatever validates is one consistent snapshot, before the holder or after it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "Validated before the holder: both fields old.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Validated after the holder: both fields new.")
    @Outcome(id = "-1, -1", expect = ACCEPTABLE, desc = "A holder ran meanwhile (or held it): not validated.")
    @Outcome(expect = FORBIDDEN, desc = "A torn snapshot validated.")
    @State
    public static class OptimisticRead
    {
        private final PoolLock lock = new PoolLock();
        // Plain fields, written only under the lock and read racily by the reader.
        private int a;
        private int b;

        /**
         * The holder: a, then b.
         */
        @Actor
        public void holder()
        {
            final long stamp = lock.lock();
            try
            {
                a = 1;
                b = 1;
            }
            finally
            {
                lock.unlock(stamp);
            }
        }

        /**
         * The reader: b, then a, then validates.
         *
         * @param r the snapshot if it validated, else -1, -1.
         */
        @Actor
        public void reader(final II_Result r)
        {
            final long stamp = lock.tryOptimisticRead();
            final int readB = b;
            final int readA = a;
            if (lock.validate(stamp))
            {
                r.r1 = readA;
                r.r2 = readB;
            }
            else
            {
                r.r1 = -1;
                r.r2 = -1;
            }
        }
    }

    /**
     * A holder releases while another thread waits: the waiter gets the lock (jcstress fails a test whose actor never
     * returns) and sees what the first holder wrote.
     */
    @JCStressTest
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The slow holder came first; the waiter saw its write.")
    @Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "The waiter came first; the slow holder saw its write.")
    @Outcome(expect = FORBIDDEN, desc = "A holder missed the other's write.")
    @State
    public static class HandOver
    {
        private final PoolLock lock = new PoolLock();
        // Plain: only the lock orders it.
        private int value;

        /**
         * Holds the lock for a while, so the other actor often has to wait, and increments.
         *
         * @param r r2: the value after this holder's increment.
         */
        @Actor
        public void slowHolder(final II_Result r)
        {
            final long stamp = lock.lock();
            try
            {
                for (int i = 0; i < 100; i++)
                {
                    Thread.onSpinWait();
                }
                r.r2 = ++value;
            }
            finally
            {
                lock.unlock(stamp);
            }
        }

        /**
         * Waits for the lock and increments.
         *
         * @param r r1: the value this holder found.
         */
        @Actor
        public void waiter(final II_Result r)
        {
            final long stamp = lock.lock();
            try
            {
                r.r1 = value++;
            }
            finally
            {
                lock.unlock(stamp);
            }
        }
    }
}
