package io.ringwork.serve;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.VerbFlags;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheme for the cross-process tests: named byte arrays ({@code store:<name>}, created on OPEN_CREATE) and three
 * user verbs: {@link #PEER} answers the client's pid, {@link #PARK} leaves the request in flight until
 * {@link #releaseAll()}, {@link #PARKED} answers how many are parked.
 */
public final class StoreScheme implements Scheme
{
    /** Completes with the peer's pid as result. */
    public static final int PEER = Opcode.USER_MIN + 10;
    /** Stays in flight until {@link #releaseAll()}. */
    public static final int PARK = Opcode.USER_MIN + 11;
    /** Completes with the number of requests parked so far (released or not). */
    public static final int PARKED = Opcode.USER_MIN + 12;

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Queue<Request> parked = new ConcurrentLinkedQueue<>();
    /** Requests that reached PARK. */
    public final AtomicInteger parkedCount = new AtomicInteger();
    /** Parked requests that were still live when released. */
    public final AtomicInteger released = new AtomicInteger();
    /** Parked requests the runtime had cancelled before the release. */
    public final AtomicInteger refused = new AtomicInteger();

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        if (path.isEmpty())
        {
            request.fail(Errno.ENOENT);
            return;
        }
        if (0 != (flags & VerbFlags.OPEN_CREATE))
        {
            files.putIfAbsent(path, new byte[0]);
        }
        if (!files.containsKey(path))
        {
            request.fail(Errno.ENOENT);
            return;
        }
        request.completeOpen(new Handle(path));
    }

    /**
     * Completes every parked request that is still live.
     *
     * @return how many were released.
     */
    public int releaseAll()
    {
        int count = 0;
        Request request;
        while (null != (request = parked.poll()))
        {
            if (request.begin())
            {
                request.complete(1);
                released.incrementAndGet();
                count++;
            }
            else
            {
                refused.incrementAndGet();
            }
        }
        return count;
    }

    private final class Handle implements SchemeHandle
    {
        private final String name;

        Handle(final String name)
        {
            this.name = name;
        }

        @Override
        public void read(final Request request)
        {
            final byte[] data = files.get(name);
            long done = 0;
            for (int i = 0; i < request.bufferCount(); i++)
            {
                final MemorySegment buffer = request.buffer(i);
                final long from = request.position() + done;
                final long n = Math.max(0, Math.min(buffer.byteSize(), data.length - from));
                MemorySegment.copy(data, (int)from, buffer, ValueLayout.JAVA_BYTE, 0, (int)n);
                done += n;
                if (n < buffer.byteSize())
                {
                    break;
                }
            }
            request.complete(done);
        }

        @Override
        public void write(final Request request)
        {
            long done = 0;
            synchronized (files)
            {
                byte[] data = files.get(name);
                for (int i = 0; i < request.bufferCount(); i++)
                {
                    final MemorySegment buffer = request.buffer(i);
                    final long end = request.position() + done + buffer.byteSize();
                    if (end > data.length)
                    {
                        data = Arrays.copyOf(data, (int)end);
                    }
                    MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, data,
                        (int)(request.position() + done), (int)buffer.byteSize());
                    done += buffer.byteSize();
                }
                files.put(name, data);
            }
            request.complete(done);
        }

        @Override
        public long size()
        {
            return files.get(name).length;
        }

        @Override
        public void stat(final Request request)
        {
            request.completeStat(new FileStat(size(), FileStat.TYPE_MEMORY, 0600, 0, 0, 0));
        }

        @Override
        public void call(final Request request)
        {
            switch (request.opcode())
            {
                case PEER -> request.complete(request.peer().pid());
                case PARK ->
                {
                    parkedCount.incrementAndGet();
                    parked.add(request);
                }
                case PARKED -> request.complete(parkedCount.get());
                default -> request.fail(Errno.ENOSYS);
            }
        }

        @Override
        public void close()
        {
        }
    }
}
