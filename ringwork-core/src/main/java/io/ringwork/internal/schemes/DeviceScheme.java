package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.VerbFlags;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.scheme.SchemeHandle;

/**
 * {@code null:} (reads find the end at once, writes are swallowed) and {@code zero:} (reads fill the buffers with
 * zeros, writes are swallowed), as {@code /dev/null} and {@code /dev/zero}. Each serves exactly one path, the empty
 * one ({@code "null:"}); anything else is ENOENT. Stateless, so every open shares one handle.
 */
public final class DeviceScheme implements Scheme
{
    private static final int MODE = 0666;

    private final SchemeHandle handle;

    private DeviceScheme(final boolean zeros)
    {
        this.handle = new DeviceHandle(zeros);
    }

    /**
     * The {@code null:} scheme.
     *
     * @return a new instance.
     */
    public static DeviceScheme nullDevice()
    {
        return new DeviceScheme(false);
    }

    /**
     * The {@code zero:} scheme.
     *
     * @return a new instance.
     */
    public static DeviceScheme zeroDevice()
    {
        return new DeviceScheme(true);
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        if (!path.isEmpty())
        {
            request.fail(Errno.ENOENT);
        }
        else if (0 != (flags & VerbFlags.OPEN_EXCLUSIVE))
        {
            request.fail(Errno.EEXIST);
        }
        else
        {
            request.completeOpen(handle);
        }
    }

    private static final class DeviceHandle implements SchemeHandle
    {
        private final boolean zeros;

        DeviceHandle(final boolean zeros)
        {
            this.zeros = zeros;
        }

        @Override
        public void read(final Request request)
        {
            if (!zeros)
            {
                request.complete(0);
                return;
            }
            long total = 0;
            for (int i = 0; i < request.bufferCount(); i++)
            {
                total += request.buffer(i).fill((byte)0).byteSize();
            }
            request.complete(total);
        }

        @Override
        public void write(final Request request)
        {
            long total = 0;
            for (int i = 0; i < request.bufferCount(); i++)
            {
                total += request.buffer(i).byteSize();
            }
            request.complete(total);
        }

        @Override
        public long size()
        {
            return 0;
        }

        @Override
        public void stat(final Request request)
        {
            request.completeStat(new FileStat(0, FileStat.TYPE_CHARACTER_DEVICE, MODE, 0, 0, 0));
        }

        @Override
        public void close()
        {
        }
    }
}
