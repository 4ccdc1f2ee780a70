package io.ringwork.examples.kv;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.VerbFlags;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.SchemeHandle;

/**
 * An open key of {@code kv:}: the value it named when opened, and whether it may change it. The runtime refuses
 * READ and WRITE on a handle not opened for them; the scheme's own verb {@link KvScheme#KV_DELETE} it cannot know
 * about, so the handle checks write access for it.
 */
final class KvHandle implements SchemeHandle
{
    private final KvScheme scheme;
    private final String key;
    private final KvEntry entry;
    private final boolean writable;

    KvHandle(final KvScheme scheme, final String key, final KvEntry entry, final int flags)
    {
        this.scheme = scheme;
        this.key = key;
        this.entry = entry;
        this.writable = 0 != (flags & VerbFlags.OPEN_WRITE);
    }

    @Override
    public void read(final Request request)
    {
        request.complete(entry.read(request));
    }

    @Override
    public void write(final Request request)
    {
        try
        {
            request.complete(entry.write(request));
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
            entry.truncate(length);
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
        return entry.size();
    }

    @Override
    public void stat(final Request request)
    {
        request.completeStat(entry.stat());
    }

    @Override
    public void call(final Request request)
    {
        if (KvScheme.KV_DELETE != request.opcode())
        {
            request.fail(Errno.ENOSYS);
            return;
        }
        if (0 != request.arg(1) || 0 != request.arg(2) || 0 != request.arg(3) || 0 != request.arg(4))
        {
            request.fail(Errno.EINVAL);
            return;
        }
        if (!writable)
        {
            request.fail(Errno.EBADF);
            return;
        }
        if (scheme.delete(key, entry))
        {
            request.complete(0);
        }
        else
        {
            request.fail(Errno.ENOENT);
        }
    }

    @Override
    public void close()
    {
    }
}
