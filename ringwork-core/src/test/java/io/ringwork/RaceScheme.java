package io.ringwork;

import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user scheme for race tests: WRITE and user verb {@link #VERB} complete either inside the call or on a virtual
 * thread after a random spin, calling {@code begin()} first as the SPI requires, so cancels and timeouts race with
 * them. It counts what it saw, so a test can check nothing was completed twice or lost.
 */
final class RaceScheme implements Scheme
{
    static final int VERB = Opcode.USER_MIN + 2;

    final AtomicLong begun = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong inline = new AtomicLong();
    private final SplittableRandom seeds;

    RaceScheme(final long seed)
    {
        this.seeds = new SplittableRandom(seed);
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        request.completeOpen(new Handle());
    }

    private void serve(final Request request, final long result)
    {
        final long seed;
        synchronized (seeds)
        {
            seed = seeds.nextLong();
        }
        final SplittableRandom random = new SplittableRandom(seed);
        if (random.nextInt(4) == 0)
        {
            inline.incrementAndGet();
            request.complete(result);
            return;
        }
        final int spins = random.nextInt(5_000);
        Thread.startVirtualThread(() ->
        {
            for (int i = 0; i < spins; i++)
            {
                Thread.onSpinWait();
            }
            if (request.begin())
            {
                begun.incrementAndGet();
                request.complete(result);
            }
            else
            {
                refused.incrementAndGet();
            }
        });
    }

    private final class Handle implements SchemeHandle
    {
        @Override
        public void read(final Request request)
        {
            request.complete(0);
        }

        @Override
        public void write(final Request request)
        {
            long total = 0;
            for (int i = 0; i < request.bufferCount(); i++)
            {
                total += request.buffer(i).byteSize();
            }
            serve(request, total);
        }

        @Override
        public long size()
        {
            return 0;
        }

        @Override
        public void stat(final Request request)
        {
            request.completeStat(new FileStat(0, FileStat.TYPE_OTHER, 0, 0, 0, 0));
        }

        @Override
        public void call(final Request request)
        {
            serve(request, request.arg(1));
        }

        @Override
        public void close()
        {
        }
    }
}
