package io.ringwork.internal.dispatch;

import io.ringwork.VerbFlags;
import io.ringwork.scheme.SchemeHandle;

/**
 * What a handle number stands for: the scheme's handle, the open flags and the current position, shared by every
 * number {@code DUP} made for it. Counted: one reference per handle number and one per operation using it; the
 * scheme's handle is closed when the count reaches zero. Dispatcher thread only.
 */
final class OpenResource
{
    final SchemeHandle handle;
    final int openFlags;
    long position;
    int references = 1;

    OpenResource(final SchemeHandle handle, final int openFlags)
    {
        this.handle = handle;
        this.openFlags = openFlags;
    }

    boolean readable()
    {
        return 0 != (openFlags & VerbFlags.OPEN_READ);
    }

    boolean writable()
    {
        return 0 != (openFlags & VerbFlags.OPEN_WRITE);
    }

    boolean appends()
    {
        return 0 != (openFlags & VerbFlags.OPEN_APPEND);
    }

    void retain()
    {
        references++;
    }

    /**
     * Drops a reference, closing the scheme's handle with the last one.
     *
     * @return false if closing threw (the resource is gone either way).
     */
    boolean release()
    {
        if (0 != --references)
        {
            return true;
        }
        try
        {
            handle.close();
            return true;
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }
}
