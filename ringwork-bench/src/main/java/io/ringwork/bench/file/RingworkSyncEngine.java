package io.ringwork.bench.file;

import io.ringwork.IoUringOptions;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.SyncIo;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;

/**
 * Random block reads through Ringwork's blocking API ({@link SyncIo} over a {@link RingReactor}), the way an
 * application uses it: one platform thread at depth 1, {@code depth} virtual threads otherwise, each reading into a
 * pool buffer of its own. Two variants in the same run: {@code ringwork_sync}, with the default caller reads (a
 * page-cache hit is a {@code preadv2(RWF_NOWAIT)} on the reading thread, no SQE), and {@code ringwork_sync_ring},
 * with them off, so every read crosses the reactor, the dispatcher and the io_uring loop. O_DIRECT handles never read
 * on the caller's thread. A quarter of the duration warms up first, uncounted.
 */
public final class RingworkSyncEngine implements ReadEngine
{
    private final boolean callerReads;

    /**
     * An engine.
     *
     * @param callerReads whether page-cache hits are read on the calling thread.
     */
    public RingworkSyncEngine(final boolean callerReads)
    {
        this.callerReads = callerReads;
    }

    @Override
    public String name()
    {
        return callerReads ? "ringwork_sync" : "ringwork_sync_ring";
    }

    @Override
    public String unavailableBecause()
    {
        return Ringwork.ioUringUnavailable().orElse(null);
    }

    @Override
    public double run(final Job job) throws Exception
    {
        final RingworkOptions options = RingworkOptions.defaults()
            .withIoUring(IoUringOptions.defaults().withCallerReads(callerReads));
        try (Ringwork runtime = Ringwork.start(options);
            RingReactor reactor = RingReactor.start(runtime))
        {
            ReadEngine.requireIoUring(runtime);
            final SyncIo io = reactor.sync();
            final BufferPool pool = runtime.pool();
            final long handle = io.open("file:" + job.file().toAbsolutePath(),
                VerbFlags.OPEN_READ | (job.direct() ? VerbFlags.OPEN_DIRECT : 0));
            try
            {
                final BlockingReaders.ReaderFactory readers = () ->
                {
                    final long buffer = pool.allocate(job.blockSize(), 4096);
                    return offset -> io.read(handle, buffer, job.blockSize(), offset);
                };
                BlockingReaders.run(job, job.durationNanos() / 4, readers);
                return BlockingReaders.run(job, job.durationNanos(), readers);
            }
            finally
            {
                io.close(handle);
            }
        }
    }
}
