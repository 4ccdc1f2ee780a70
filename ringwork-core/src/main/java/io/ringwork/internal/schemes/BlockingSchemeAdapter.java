package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.scheme.BlockingHandle;
import io.ringwork.scheme.BlockingScheme;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a {@link BlockingScheme} behind the non-blocking SPI: every call goes to a worker, which claims the request
 * ({@link Request#begin()}: a request cancelled or timed out while it queued is dropped), runs the blocking code and
 * completes the request with its result, or with the errno of the {@link RingworkException} it threw ({@code EIO} for
 * any other exception, which is a bug of the scheme and is logged).
 */
public final class BlockingSchemeAdapter implements Scheme
{
    private static final System.Logger LOG = System.getLogger(BlockingSchemeAdapter.class.getName());

    private final BlockingScheme scheme;
    private final Executor workers;

    /**
     * An adapter.
     *
     * @param scheme  the blocking code.
     * @param workers runs each call.
     */
    public BlockingSchemeAdapter(final BlockingScheme scheme, final Executor workers)
    {
        this.scheme = scheme;
        this.workers = workers;
    }

    /**
     * One blocking call, completing the request with what it returns.
     */
    @FunctionalInterface
    private interface Call
    {
        void run(Request request);
    }

    private void submit(final Request request, final Call call)
    {
        try
        {
            workers.execute(() -> run(request, call));
        }
        catch (final RejectedExecutionException ex)
        {
            request.fail(Errno.ESHUTDOWN);
        }
    }

    private static void run(final Request request, final Call call)
    {
        if (!request.begin())
        {
            return;
        }
        try
        {
            call.run(request);
        }
        catch (final RingworkException ex)
        {
            request.fail(ex.errno());
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "blocking scheme call failed: opcode=" + request.opcode(), ex);
            request.fail(Errno.EIO);
        }
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        submit(request, r -> r.completeOpen(new Handle(scheme.open(path, flags, mode))));
    }

    @Override
    public void close()
    {
        scheme.close();
    }

    /**
     * An open {@link BlockingHandle} behind the non-blocking SPI.
     */
    private final class Handle implements SchemeHandle
    {
        private final BlockingHandle handle;

        Handle(final BlockingHandle handle)
        {
            if (null == handle)
            {
                throw new RingworkException(Errno.EIO, "the scheme's open returned no handle");
            }
            this.handle = handle;
        }

        @Override
        public void read(final Request request)
        {
            submit(request, r -> r.complete(transfer(r, true)));
        }

        @Override
        public void write(final Request request)
        {
            submit(request, r -> r.complete(transfer(r, false)));
        }

        /**
         * Moves the request's buffers in order; a short transfer ends it, as for a file.
         */
        private long transfer(final Request request, final boolean read)
        {
            long total = 0;
            final long position = request.position();
            for (int i = 0; i < request.bufferCount(); i++)
            {
                final MemorySegment buffer = request.buffer(i);
                final int done = read ? handle.read(position + total, buffer) : handle.write(position + total, buffer);
                if (done < 0 || done > buffer.byteSize())
                {
                    throw new RingworkException(Errno.EIO, "the scheme reported " + done + " bytes for a buffer of " +
                        buffer.byteSize());
                }
                total += done;
                if (done < buffer.byteSize())
                {
                    break;
                }
            }
            return total;
        }

        @Override
        public long size()
        {
            return handle.size();
        }

        @Override
        public void stat(final Request request)
        {
            submit(request, r -> r.completeStat(handle.stat()));
        }

        @Override
        public void fsync(final Request request, final boolean dataOnly)
        {
            submit(request, r ->
            {
                handle.fsync(dataOnly);
                r.complete(0);
            });
        }

        @Override
        public void truncate(final Request request, final long length)
        {
            submit(request, r ->
            {
                handle.truncate(length);
                r.complete(0);
            });
        }

        @Override
        public void call(final Request request)
        {
            submit(request, r -> r.complete(handle.call(r.opcode(), r)));
        }

        @Override
        public void close()
        {
            try
            {
                workers.execute(this::closeQuietly);
            }
            catch (final RejectedExecutionException ex)
            {
                closeQuietly();
            }
        }

        private void closeQuietly()
        {
            try
            {
                handle.close();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.WARNING, "blocking scheme handle close failed", ex);
            }
        }
    }
}
