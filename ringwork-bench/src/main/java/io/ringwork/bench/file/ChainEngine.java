package io.ringwork.bench.file;

import io.ringwork.Cqe;
import io.ringwork.IoUringOptions;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.util.SplittableRandom;

/**
 * LINK chains of {@link #LENGTH} random 4 KiB reads (or writes) at explicit offsets through a Ringwork runtime's
 * io_uring {@code file:}, {@code depth} chains outstanding, each chain resubmitted as soon as its last CQE arrives:
 * chains per second. The variants ({@link Variant}) pair native link runs (one trip to the loop thread per chain)
 * with the same chains step by step (one trip per member, or none for a read the inline NOWAIT path serves from the
 * page cache). A quarter of the duration warms up first.
 */
public final class ChainEngine
{
    /** Reads per chain. */
    public static final int LENGTH = 4;

    /** How the chain is served, and what it does. */
    public enum Variant
    {
        /** The defaults: native runs, inline NOWAIT reads (a cached READ leads no run: it is served inline). */
        NATIVE("ringwork_chain4_native", true, true, false),
        /** Step by step, with the inline NOWAIT read. */
        STEPWISE("ringwork_chain4_stepwise", false, true, false),
        /** Native runs, every read through the ring. */
        NATIVE_RING("ringwork_chain4_native_ring", true, false, false),
        /** Step by step, every read through the loop. */
        STEPWISE_RING("ringwork_chain4_stepwise_ring", false, false, false),
        /** Chains of four 4 KiB writes, native runs (writes never go inline). */
        WRITE_NATIVE("ringwork_chain4_write_native", true, true, true),
        /** The same writes step by step. */
        WRITE_STEPWISE("ringwork_chain4_write_stepwise", false, true, true);

        private final String figure;
        private final boolean nativeLinks;
        private final boolean nowait;
        private final boolean write;

        Variant(final String figure, final boolean nativeLinks, final boolean nowait, final boolean write)
        {
            this.figure = figure;
            this.nativeLinks = nativeLinks;
            this.nowait = nowait;
            this.write = write;
        }

        /**
         * The figure's name prefix.
         *
         * @return such as {@code ringwork_chain4_native}.
         */
        public String figure()
        {
            return figure;
        }
    }

    private ChainEngine()
    {
    }

    /**
     * Runs chains for a while.
     *
     * @param variant       how they are served.
     * @param job           the file, the depth (chains outstanding) and the duration; blocks of {@code blockSize}.
     * @return chains completed per second.
     */
    public static double run(final Variant variant, final ReadEngine.Job job)
    {
        final IoUringOptions ioUring = IoUringOptions.defaults()
            .withNativeLinks(variant.nativeLinks)
            .withNowaitReads(variant.nowait);
        try (Ringwork runtime = Ringwork.start(RingworkOptions.defaults().withIoUring(ioUring)))
        {
            ReadEngine.requireIoUring(runtime);
            final int entries = Integer.highestOneBit(Math.max(2, job.depth() * LENGTH) * 2 - 1);
            try (Ring ring = runtime.open(RingOptions.defaults().withEntries(Math.max(entries, 8),
                Math.max(entries, 8) * 2)))
            {
                return loop(runtime, ring, job, variant.write);
            }
        }
    }

    private static double loop(final Ringwork runtime, final Ring ring, final ReadEngine.Job job,
        final boolean write)
    {
        final BufferPool pool = runtime.pool();
        final long handle = RawRingLoop.open(runtime, ring, job, write ? VerbFlags.OPEN_WRITE : VerbFlags.OPEN_READ);
        final long[] buffers = new long[job.depth() * LENGTH];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = pool.allocate(job.blockSize(), 4096);
        }
        final SplittableRandom random = new SplittableRandom(11);
        for (int c = 0; c < job.depth(); c++)
        {
            submitChain(ring, handle, buffers, c, job, random, write);
        }
        return RawRingLoop.run(ring, job, job.depth(), handle, new RawRingLoop.Units()
        {
            @Override
            public boolean ends(final Cqe cqe)
            {
                if (0 != cqe.error() || cqe.result() != job.blockSize())
                {
                    throw new IllegalStateException("chained READ failed: " + cqe.errno() + " " + cqe.result());
                }
                // A chain's CQEs arrive in chain order: its last one means the chain is done.
                return LENGTH - 1 == (int)cqe.userData() % LENGTH;
            }

            @Override
            public void next(final long userData)
            {
                submitChain(ring, handle, buffers, (int)userData / LENGTH, job, random, write);
            }
        });
    }

    private static void submitChain(final Ring ring, final long handle, final long[] buffers, final int chain,
        final ReadEngine.Job job, final SplittableRandom random, final boolean write)
    {
        for (int k = 0; k < LENGTH; k++)
        {
            final int member = chain * LENGTH + k;
            final Sqe sqe = ring.getSqe();
            if (write)
            {
                sqe.prepWrite(handle, buffers[member], job.blockSize(), job.randomOffset(random));
            }
            else
            {
                sqe.prepRead(handle, buffers[member], job.blockSize(), job.randomOffset(random));
            }
            sqe.flags(LENGTH - 1 == k ? 0 : Sqe.LINK).userData(member);
        }
    }
}
