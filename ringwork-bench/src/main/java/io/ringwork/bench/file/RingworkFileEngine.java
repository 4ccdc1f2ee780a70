package io.ringwork.bench.file;

import io.ringwork.Cqe;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

import java.util.SplittableRandom;

/**
 * Random block reads through a Ringwork runtime's {@code file:}: one ring keeps {@code depth} READ SQEs outstanding,
 * each completion is answered by the next read into the same pool buffer. Three variants, compared in the same run:
 * io_uring with every read through the kernel ring ({@code ringwork}), io_uring with the inline
 * {@code preadv2(RWF_NOWAIT)} read first ({@code ringwork_nowait}, page cache only: an O_DIRECT handle never reads
 * inline), and the portable NIO backend ({@code ringwork_nio}). O_DIRECT runs open with {@code OPEN_DIRECT}. A
 * quarter of the duration is spent warming up first.
 */
public final class RingworkFileEngine implements ReadEngine
{
    /** Which backend and read policy. */
    public enum Variant
    {
        /** io_uring, every read an SQE. */
        IO_URING("ringwork"),
        /** io_uring, RWF_NOWAIT inline first. */
        NOWAIT("ringwork_nowait"),
        /** The portable NIO backend. */
        NIO("ringwork_nio"),
        /** io_uring with COOP_TASKRUN instead of SINGLE_ISSUER|DEFER_TASKRUN (setup comparison). */
        COOP("ringwork_coop"),
        /** io_uring with an SQPOLL kernel thread, 10 ms idle (setup comparison). */
        SQPOLL("ringwork_sqpoll"),
        /** io_uring without registered buffers and files (fixed-resource comparison). */
        NOFIXED("ringwork_nofixed"),
        /** io_uring with the ring on a dispatcher thread of its own, not hosted by the io_uring thread. */
        UNHOSTED("ringwork_unhosted");

        private final String figure;

        Variant(final String figure)
        {
            this.figure = figure;
        }
    }

    private final Variant variant;

    /**
     * An engine.
     *
     * @param variant backend and read policy.
     */
    public RingworkFileEngine(final Variant variant)
    {
        this.variant = variant;
    }

    @Override
    public String name()
    {
        return variant.figure;
    }

    @Override
    public String unavailableBecause()
    {
        return Variant.NIO == variant ? null : Ringwork.ioUringUnavailable().orElse(null);
    }

    @Override
    public String notApplicableBecause(final Job job)
    {
        return job.direct() && Variant.NOWAIT == variant ? "an O_DIRECT handle never reads inline; see ringwork_direct"
            : null;
    }

    @Override
    public double run(final Job job) throws Exception
    {
        io.ringwork.IoUringOptions ioUring = io.ringwork.IoUringOptions.defaults()
            .withNowaitReads(Variant.NOWAIT == variant);
        if (Variant.COOP == variant)
        {
            ioUring = ioUring.withTaskrun(false, false, true);
        }
        else if (Variant.SQPOLL == variant)
        {
            ioUring = ioUring.withSqpoll(10);
        }
        else if (Variant.UNHOSTED == variant)
        {
            ioUring = ioUring.withHostRings(false);
        }
        final RingworkOptions options = RingworkOptions.defaults().withPortableFiles(Variant.NIO == variant)
            .withIoUring(ioUring);
        // Read once by the loop thread while the runtime starts; a bench-only switch.
        System.setProperty("ringwork.iouring.fixedbuffers", Boolean.toString(Variant.NOFIXED != variant));
        System.setProperty("ringwork.iouring.fixedfiles", Boolean.toString(Variant.NOFIXED != variant));
        final Ringwork started;
        try
        {
            started = Ringwork.start(options);
        }
        finally
        {
            System.clearProperty("ringwork.iouring.fixedbuffers");
            System.clearProperty("ringwork.iouring.fixedfiles");
        }
        try (Ringwork runtime = started)
        {
            if (Variant.NIO != variant)
            {
                ReadEngine.requireIoUring(runtime);
            }
            final int entries = Integer.highestOneBit(Math.max(2, job.depth()) * 2 - 1);
            try (Ring ring = runtime.open(RingOptions.defaults().withEntries(Math.max(entries, 8),
                Math.max(entries, 8) * 2)))
            {
                return readLoop(runtime, ring, job);
            }
        }
    }

    private static double readLoop(final Ringwork runtime, final Ring ring, final Job job)
    {
        final BufferPool pool = runtime.pool();
        final long handle = RawRingLoop.open(runtime, ring, job,
            VerbFlags.OPEN_READ | (job.direct() ? VerbFlags.OPEN_DIRECT : 0));
        final long[] buffers = new long[job.depth()];
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = pool.allocate(job.blockSize(), 4096);
            ring.getSqe().prepRead(handle, buffers[i], job.blockSize(), job.randomOffset(random)).userData(i);
        }
        return RawRingLoop.run(ring, job, buffers.length, handle, new RawRingLoop.Units()
        {
            @Override
            public boolean ends(final Cqe cqe)
            {
                if (0 != cqe.error())
                {
                    throw new IllegalStateException("READ failed: " + cqe.errno());
                }
                return true;
            }

            @Override
            public void next(final long userData)
            {
                final int i = (int)userData;
                ring.getSqe().prepRead(handle, buffers[i], job.blockSize(), job.randomOffset(random)).userData(i);
            }
        });
    }
}
