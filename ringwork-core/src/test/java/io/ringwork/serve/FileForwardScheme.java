package io.ringwork.serve;

import io.ringwork.AsyncIo;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A scheme that keeps nothing of its own: each request becomes an operation on the runtime's {@code file:} through
 * an {@link AsyncIo} (the reactor that serves this scheme, in the tests), and completes when that operation's future
 * does. {@code fwd:<name>} is {@code file:/<name>} under the runtime's file root. Records the threads it ran on.
 */
public final class FileForwardScheme implements Scheme
{
    /** Names of the threads the scheme's calls and its completions ran on. */
    public final Set<String> threads = ConcurrentHashMap.newKeySet();
    /** Requests completed from a future. */
    public final AtomicInteger forwarded = new AtomicInteger();

    private final AsyncIo io;

    /**
     * A scheme forwarding through {@code io}.
     *
     * @param io reaches {@code file:}.
     */
    public FileForwardScheme(final AsyncIo io)
    {
        this.io = io;
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        threads.add(Thread.currentThread().getName());
        if (!request.begin())
        {
            return;
        }
        io.open("file:/" + path, flags, mode).whenComplete(done(request, handle ->
            request.completeOpen(new Handle(handle))));
    }

    private <T> BiConsumer<T, Throwable> done(final Request request, final java.util.function.Consumer<T> onValue)
    {
        return (value, failure) ->
        {
            threads.add(Thread.currentThread().getName());
            forwarded.incrementAndGet();
            if (null == failure)
            {
                onValue.accept(value);
            }
            else
            {
                request.fail(errnoOf(failure));
            }
        };
    }

    private static Errno errnoOf(final Throwable failure)
    {
        final Throwable cause = failure instanceof CompletionException && null != failure.getCause() ?
            failure.getCause() : failure;
        return cause instanceof RingworkException ex ? ex.errno() : Errno.EIO;
    }

    private final class Handle implements SchemeHandle
    {
        private final long handle;
        private final AtomicLong knownSize = new AtomicLong();

        Handle(final long handle)
        {
            this.handle = handle;
        }

        @Override
        public void read(final Request request)
        {
            threads.add(Thread.currentThread().getName());
            if (request.begin())
            {
                io.read(handle, request.buffer(0).asByteBuffer(), request.position())
                    .whenComplete(done(request, request::complete));
            }
        }

        @Override
        public void write(final Request request)
        {
            threads.add(Thread.currentThread().getName());
            if (request.begin())
            {
                final long position = request.position();
                io.write(handle, request.buffer(0).asByteBuffer(), position)
                    .whenComplete(done(request, (Long written) ->
                    {
                        knownSize.accumulateAndGet(position + written, Math::max);
                        request.complete(written);
                    }));
            }
        }

        @Override
        public long size()
        {
            return knownSize.get();
        }

        @Override
        public void stat(final Request request)
        {
            threads.add(Thread.currentThread().getName());
            if (request.begin())
            {
                io.stat(handle).whenComplete(done(request, (FileStat stat) ->
                {
                    knownSize.accumulateAndGet(stat.size(), Math::max);
                    request.completeStat(stat);
                }));
            }
        }

        @Override
        public void fsync(final Request request, final boolean dataOnly)
        {
            if (request.begin())
            {
                io.fsync(handle, dataOnly).whenComplete(done(request, (Long ignored) -> request.complete(0)));
            }
        }

        @Override
        public void close()
        {
            io.close(handle);
        }
    }
}
