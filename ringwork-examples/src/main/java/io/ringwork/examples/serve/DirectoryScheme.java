package io.ringwork.examples.serve;

import io.ringwork.AsyncIo;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves the files under a runtime's file root to other processes: {@code OPEN "<name>:a/b"} opens
 * {@code file:/a/b}. It keeps nothing of its own: every request becomes an operation on the runtime's {@code file:}
 * through an {@link AsyncIo}, and completes when that operation's future does. Published with
 * {@link io.ringwork.RingReactor#publish}, its calls and the futures' completions run on the reactor's thread, so it
 * never waits: it starts the operation and returns. Vectored reads and writes (more than one buffer) answer
 * {@code EOPNOTSUPP}.
 */
public final class DirectoryScheme implements Scheme
{
    private final AsyncIo files;

    /**
     * A scheme forwarding to {@code file:} through {@code files}.
     *
     * @param files operations on a ring of the runtime whose file root is served, such as
     *              {@code reactor.io()}.
     */
    public DirectoryScheme(final AsyncIo files)
    {
        this.files = files;
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        forward(request, files.open("file:/" + path, flags, mode), handle ->
            request.completeOpen(new Handle(handle)));
    }

    /**
     * Completes {@code request} when {@code operation} does: with {@code onValue}, or with the operation's errno.
     */
    private static <T> void forward(final Request request, final CompletableFuture<T> operation,
        final Consumer<T> onValue)
    {
        operation.whenComplete((value, failure) ->
        {
            if (null == failure)
            {
                onValue.accept(value);
            }
            else
            {
                request.fail(errnoOf(failure));
            }
        });
    }

    private static Errno errnoOf(final Throwable failure)
    {
        final Throwable cause = failure instanceof CompletionException && null != failure.getCause() ?
            failure.getCause() : failure;
        return cause instanceof RingworkException ex ? ex.errno() : Errno.EIO;
    }

    private static boolean oneBuffer(final Request request)
    {
        if (1 == request.bufferCount())
        {
            return true;
        }
        request.fail(Errno.EOPNOTSUPP);
        return false;
    }

    /**
     * An open file: the handle on the reactor's ring, and the largest size seen, for {@code SEEK} from the end.
     */
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
            if (oneBuffer(request))
            {
                // The request's buffer is in the client's pool; the read copies through a buffer of the reactor's.
                forward(request, files.read(handle, request.buffer(0).asByteBuffer(), request.position()),
                    request::complete);
            }
        }

        @Override
        public void write(final Request request)
        {
            if (oneBuffer(request))
            {
                final long position = request.position();
                forward(request, files.write(handle, request.buffer(0).asByteBuffer(), position), written ->
                {
                    knownSize.accumulateAndGet(position + written, Math::max);
                    request.complete(written);
                });
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
            forward(request, files.stat(handle), (FileStat stat) ->
            {
                knownSize.set(stat.size());
                request.completeStat(stat);
            });
        }

        @Override
        public void fsync(final Request request, final boolean dataOnly)
        {
            forward(request, files.fsync(handle, dataOnly), ignored -> request.complete(0));
        }

        @Override
        public void truncate(final Request request, final long length)
        {
            forward(request, files.truncate(handle, length), ignored ->
            {
                knownSize.set(length);
                request.complete(0);
            });
        }

        @Override
        public void close()
        {
            files.close(handle);
        }
    }
}
