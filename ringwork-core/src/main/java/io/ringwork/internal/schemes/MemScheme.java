package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.VerbFlags;
import io.ringwork.buffer.BufferPool;
import io.ringwork.scheme.PollWatcher;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code mem:}: named in-memory files in the runtime's buffer pool, shared by every ring of the runtime and kept until
 * the runtime closes (like files in {@code /dev/shm}). Names are 1 to 255 characters of letters, digits and
 * {@code . _ - /}; anything else is ENOENT. A file is always readable and writable for POLL; a subscribed poll gets an
 * event after each write or truncation.
 */
public final class MemScheme implements Scheme
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
    private static final int DEFAULT_MODE = 0600;

    private final BufferPool pool;
    private final Map<String, MemFile> files = new ConcurrentHashMap<>();

    /**
     * A scheme whose files live in {@code pool}.
     *
     * @param pool the runtime's buffer pool.
     */
    public MemScheme(final BufferPool pool)
    {
        this.pool = pool;
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        if (!NAME.matcher(path).matches())
        {
            request.fail(Errno.ENOENT);
            return;
        }
        MemFile file = files.get(path);
        if (null == file)
        {
            if (0 == (flags & VerbFlags.OPEN_CREATE))
            {
                request.fail(Errno.ENOENT);
                return;
            }
            final MemFile created = new MemFile(pool, 0 == mode ? DEFAULT_MODE : mode);
            file = files.putIfAbsent(path, created);
            if (null == file)
            {
                file = created;
            }
            else if (0 != (flags & VerbFlags.OPEN_EXCLUSIVE))
            {
                request.fail(Errno.EEXIST);
                return;
            }
        }
        else if (0 != (flags & VerbFlags.OPEN_EXCLUSIVE))
        {
            request.fail(Errno.EEXIST);
            return;
        }
        if (0 != (flags & VerbFlags.OPEN_TRUNCATE))
        {
            file.truncate();
        }
        request.completeOpen(new MemHandle(file));
    }

    /**
     * Frees every file's storage.
     */
    @Override
    public void close()
    {
        for (final MemFile file : files.values())
        {
            file.release();
        }
        files.clear();
    }

    private record MemHandle(MemFile file) implements SchemeHandle
    {
        @Override
        public void read(final Request request)
        {
            request.complete(file.read(request));
        }

        @Override
        public void write(final Request request)
        {
            try
            {
                request.complete(file.write(request));
            }
            catch (final RingworkException ex)
            {
                request.fail(ex.errno());
            }
        }

        @Override
        public void truncate(final Request request, final long length)
        {
            try
            {
                file.truncate(length);
                request.complete(0);
            }
            catch (final RingworkException ex)
            {
                request.fail(ex.errno());
            }
        }

        @Override
        public long size()
        {
            return file.size();
        }

        @Override
        public void stat(final Request request)
        {
            request.completeStat(file.stat());
        }

        @Override
        public int poll(final int events, final PollWatcher watcher)
        {
            if (null != watcher)
            {
                file.watch(watcher);
            }
            return events & VerbFlags.POLL_REQUESTABLE;
        }

        @Override
        public void unwatch(final PollWatcher watcher)
        {
            file.unwatch(watcher);
        }

        @Override
        public void close()
        {
        }
    }
}
