package io.ringwork.internal.nio;

import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;
import io.ringwork.internal.schemes.DirectIo;
import io.ringwork.scheme.SchemeHandle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * An open file of {@code file:}: a {@link FileChannel} used with positional reads and writes only (the runtime keeps
 * the position), each on a virtual thread. A read or write loops until its buffers are full or the file ends, so a
 * short result means the end of the file.
 */
final class NioFileHandle implements SchemeHandle
{
    /** The alignment an O_DIRECT transfer needs, as on the io_uring backend: 4 KiB. */

    private final FileChannel channel;
    private final Path path;
    private final Executor executor;
    private final boolean direct;

    NioFileHandle(final FileChannel channel, final Path path, final Executor executor, final boolean direct)
    {
        this.channel = channel;
        this.path = path;
        this.executor = executor;
        this.direct = direct;
    }

    @Override
    public void read(final Request request)
    {
        checkDirect(request);
        executor.execute(() -> transferOnWorker(request, false));
    }

    @Override
    public void write(final Request request)
    {
        checkDirect(request);
        executor.execute(() -> transferOnWorker(request, true));
    }

    /**
     * O_DIRECT: buffers, lengths and the position aligned to {@link DirectIo#ALIGNMENT}, else EINVAL before any work,
     * the same rule and answer as the io_uring backend.
     */
    private void checkDirect(final Request request)
    {
        if (direct)
        {
            DirectIo.checkAligned(request);
        }
    }

    private void transferOnWorker(final Request request, final boolean write)
    {
        if (!request.begin())
        {
            return;
        }
        final long start = request.position();
        long total = 0;
        try
        {
            for (int i = 0; i < request.bufferCount(); i++)
            {
                final ByteBuffer buffer = request.buffer(i).asByteBuffer();
                while (buffer.hasRemaining())
                {
                    final long at = start + total;
                    final int count = write ? channel.write(buffer, at) : channel.read(buffer, at);
                    if (count < 0)
                    {
                        // the end of the file: a short read says so
                        request.complete(total);
                        return;
                    }
                    total += count;
                    if (direct && buffer.hasRemaining())
                    {
                        // O_DIRECT reads short only at the end of the file, and a retry from an unaligned
                        // position would be EINVAL
                        request.complete(total);
                        return;
                    }
                }
            }
            request.complete(total);
        }
        catch (final IOException | RuntimeException ex)
        {
            request.fail(IoErrors.errnoOf(ex));
        }
    }

    @Override
    public void fsync(final Request request, final boolean dataOnly)
    {
        executor.execute(() ->
        {
            if (!request.begin())
            {
                return;
            }
            try
            {
                channel.force(!dataOnly);
                request.complete(0);
            }
            catch (final IOException | RuntimeException ex)
            {
                request.fail(IoErrors.errnoOf(ex));
            }
        });
    }

    @Override
    public void truncate(final Request request, final long length)
    {
        executor.execute(() ->
        {
            if (!request.begin())
            {
                return;
            }
            try
            {
                // FileChannel.truncate only cuts; ftruncate also extends, with zeros: one byte at the end does that.
                if (length < channel.size())
                {
                    channel.truncate(length);
                }
                else if (length > channel.size())
                {
                    channel.write(java.nio.ByteBuffer.allocate(1), length - 1);
                }
                request.complete(0);
            }
            catch (final IOException | RuntimeException ex)
            {
                request.fail(IoErrors.errnoOf(ex));
            }
        });
    }

    @Override
    public long size()
    {
        try
        {
            return channel.size();
        }
        catch (final IOException ex)
        {
            throw new RingworkException(IoErrors.errnoOf(ex), "size of " + path + ": " + ex.getMessage());
        }
    }

    /**
     * STAT by path, since Java has no {@code fstat}: a file renamed or removed since it was opened reports its size
     * from the channel and unknown times.
     */
    @Override
    public void stat(final Request request)
    {
        executor.execute(() ->
        {
            if (!request.begin())
            {
                return;
            }
            try
            {
                request.completeStat(statByPath());
            }
            catch (final IOException | RuntimeException ex)
            {
                try
                {
                    request.completeStat(new FileStat(channel.size(), FileStat.TYPE_REGULAR, 0, 0, 0, 0));
                }
                catch (final IOException sizeEx)
                {
                    request.fail(IoErrors.errnoOf(sizeEx));
                }
            }
        });
    }

    private FileStat statByPath() throws IOException
    {
        final BasicFileAttributes basic;
        int mode = 0;
        if (Files.getFileStore(path).supportsFileAttributeView("posix"))
        {
            final PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            mode = NioFileScheme.modeOf(attributes.permissions());
            basic = attributes;
        }
        else
        {
            basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        final int type = basic.isRegularFile() ? FileStat.TYPE_REGULAR : basic.isDirectory() ?
            FileStat.TYPE_DIRECTORY : FileStat.TYPE_OTHER;
        long change = nanos(basic.creationTime());
        try
        {
            final Object ctime = Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            if (ctime instanceof FileTime time)
            {
                change = nanos(time);
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // No unix view on this platform: the creation time stands in for the change time.
        }
        return new FileStat(basic.size(), type, mode, nanos(basic.lastAccessTime()),
            nanos(basic.lastModifiedTime()), change);
    }

    private static long nanos(final FileTime time)
    {
        return null == time ? 0 : time.to(TimeUnit.NANOSECONDS);
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignored)
        {
            // A close error on a file opened for reading or already flushed has nothing left to report.
        }
    }
}
