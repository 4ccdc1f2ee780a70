package io.ringwork;

import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user scheme for tests, serving its verbs on plain threads so a test controls where a request stands. User verb
 * {@link #VERB} with arg1 = mode and arg2 = the result to complete with:
 * <ul>
 *   <li>{@link #INLINE}: completes inside the call;</li>
 *   <li>{@link #BEFORE_BEGIN}: a thread waits for a gate permit, then calls begin() and completes (cancellable while
 *   it waits);</li>
 *   <li>{@link #AFTER_BEGIN}: a thread calls begin() at once, then waits for a permit and completes (too late to
 *   cancel);</li>
 *   <li>{@link #THROW}: throws from the call;</li>
 *   <li>{@link #ASYNC}: a thread calls begin() and completes at once;</li>
 *   <li>{@link #STOPPABLE}: a thread calls begin(), then waits until the handle's {@code cancel} stops it and fails
 *   it with the cancel's reason (or until a gate permit, then completes).</li>
 * </ul>
 */
final class GateScheme implements Scheme
{
    static final int VERB = Opcode.USER_MIN + 1;
    static final long INLINE = 0;
    static final long BEFORE_BEGIN = 1;
    static final long AFTER_BEGIN = 2;
    static final long THROW = 3;
    static final long ASYNC = 4;
    static final long STOPPABLE = 5;

    final Semaphore gate = new Semaphore(0);
    final AtomicInteger begun = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger cancelCalls = new AtomicInteger();
    final java.util.Map<io.ringwork.scheme.Request, java.util.concurrent.CompletableFuture<Errno>> stoppable =
        new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        request.completeOpen(new Handle());
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
            request.complete(0);
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
            final long mode = request.arg(1);
            final long result = request.arg(2);
            if (INLINE == mode)
            {
                request.complete(result);
            }
            else if (BEFORE_BEGIN == mode)
            {
                Thread.startVirtualThread(() ->
                {
                    gate.acquireUninterruptibly();
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
            else if (AFTER_BEGIN == mode)
            {
                Thread.startVirtualThread(() ->
                {
                    if (request.begin())
                    {
                        begun.incrementAndGet();
                        gate.acquireUninterruptibly();
                        request.complete(result);
                    }
                });
            }
            else if (STOPPABLE == mode)
            {
                final java.util.concurrent.CompletableFuture<Errno> stop =
                    new java.util.concurrent.CompletableFuture<>();
                Thread.startVirtualThread(() ->
                {
                    if (!request.begin())
                    {
                        return;
                    }
                    stoppable.put(request, stop);
                    begun.incrementAndGet();
                    final Errno reason = stop.join();
                    stoppable.remove(request);
                    if (Errno.EOK == reason)
                    {
                        request.complete(result);
                    }
                    else
                    {
                        request.fail(reason);
                    }
                });
            }
            else if (ASYNC == mode)
            {
                Thread.startVirtualThread(() ->
                {
                    if (request.begin())
                    {
                        request.complete(result);
                    }
                });
            }
            else
            {
                throw new IllegalStateException("mode=" + mode + " asks the scheme to throw");
            }
        }

        @Override
        public boolean cancel(final Request request, final Errno reason)
        {
            cancelCalls.incrementAndGet();
            final java.util.concurrent.CompletableFuture<Errno> stop = stoppable.get(request);
            return null != stop && stop.complete(reason);
        }

        @Override
        public void close()
        {
            closed.incrementAndGet();
        }
    }
}
