package io.ringwork.internal.linux.uring;

import io.ringwork.VerbFlags;
import io.ringwork.internal.dispatch.ServedRings;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.internal.schemes.SchemePaths;

import io.ringwork.Errno;
import io.ringwork.IoUringOptions;

import java.nio.file.Path;

/**
 * {@code file:} on io_uring: the same namespace rules as the portable {@code NioFileScheme} (absolute paths resolved
 * lexically under a root; climbing out is EACCES, a relative path ENOENT), but every open, read, write, fsync and
 * stat is a kernel SQE submitted by one {@link IoUringLoop} thread, batched with whatever else is waiting, and a read
 * lands straight in the pool buffer's memory. Create {@link #open(Path)} only where
 * {@link IoUringSupport#isAvailable()}.
 */
public final class IoUringFileScheme implements Scheme
{
    private static final int DEFAULT_MODE = 0600;

    private final Path root;
    private final IoUringLoop loop;

    private IoUringFileScheme(final Path root, final IoUringLoop loop)
    {
        this.root = root.toAbsolutePath().normalize();
        this.loop = loop;
    }

    /**
     * A scheme serving the files under {@code root}, with its ring and thread.
     *
     * @param root an absolute directory; "/" serves the whole file system.
     * @return the scheme; {@link #close()} stops its thread.
     * @throws io.ringwork.RingworkException if the ring cannot be set up.
     */
    public static IoUringFileScheme open(final Path root)
    {
        return open(root, IoUringOptions.defaults());
    }

    /**
     * A scheme serving the files under {@code root}, with a ring set up as the options say.
     *
     * @param root    an absolute directory; "/" serves the whole file system.
     * @param options the ring's setup and the read policy.
     * @return the scheme; {@link #close()} stops its thread.
     * @throws io.ringwork.RingworkException if the ring cannot be set up.
     */
    public static IoUringFileScheme open(final Path root, final IoUringOptions options)
    {
        return open(root, options, null);
    }

    /**
     * A scheme serving the files under {@code root} whose transfers into {@code pool} use registered buffers.
     *
     * @param root    an absolute directory; "/" serves the whole file system.
     * @param options the ring's setup and the read policy.
     * @param pool    the runtime's buffer pool, or null.
     * @return the scheme; {@link #close()} stops its thread.
     * @throws io.ringwork.RingworkException if the ring cannot be set up.
     */
    public static IoUringFileScheme open(final Path root, final IoUringOptions options,
        final io.ringwork.buffer.BufferPool pool)
    {
        return new IoUringFileScheme(root, new IoUringLoop("ringwork-iouring", options, pool));
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        final Path file = SchemePaths.resolveUnder(root, path, request);
        if (null == file)
        {
            return;
        }
        loop.execute(FileOp.of(request).open(request, loop, file, openFlags(flags), 0 == mode ? DEFAULT_MODE : mode,
            0 != (flags & VerbFlags.OPEN_DIRECT)));
    }

    @Override
    public boolean cancel(final Request request, final Errno reason)
    {
        return loop.cancel(request, reason);
    }

    /**
     * The {@code O_*} flags NIO's {@code FileChannel.open} would use: read-only unless writing, and create and
     * truncate only when writing (NIO ignores them for a read-only open).
     */
    static int openFlags(final int flags)
    {
        final boolean read = 0 != (flags & VerbFlags.OPEN_READ);
        final boolean write = 0 != (flags & VerbFlags.OPEN_WRITE);
        int result = IoUringConstants.O_CLOEXEC | (write ? (read ? IoUringConstants.O_RDWR :
            IoUringConstants.O_WRONLY) : IoUringConstants.O_RDONLY);
        if (write && 0 != (flags & VerbFlags.OPEN_CREATE))
        {
            result |= IoUringConstants.O_CREAT;
            if (0 != (flags & VerbFlags.OPEN_EXCLUSIVE))
            {
                result |= IoUringConstants.O_EXCL;
            }
        }
        if (write && 0 != (flags & VerbFlags.OPEN_TRUNCATE))
        {
            result |= IoUringConstants.O_TRUNC;
        }
        if (0 != (flags & VerbFlags.OPEN_DIRECT))
        {
            result |= IoUringConstants.O_DIRECT;
        }
        return result;
    }

    /**
     * The setup flags of the scheme's ring, for diagnostics and tests.
     *
     * @return {@code IORING_SETUP_*}.
     */
    public int setupFlags()
    {
        return loop.setupFlags();
    }

    /**
     * How many buffer pool segments the ring has registered as fixed buffers so far, for diagnostics and tests.
     *
     * @return the count; 0 where the kernel has no sparse buffer tables (before Linux 5.19) or refused them.
     */
    public int fixedBuffersRegistered()
    {
        return loop.fixedBuffersRegistered();
    }

    /**
     * How many open files the ring has registered as fixed files now, for diagnostics and tests.
     *
     * @return the count; 0 where the kernel has no sparse file tables (before Linux 5.19) or refused them.
     */
    public int fixedFilesRegistered()
    {
        return loop.fixedFilesRegistered();
    }

    /**
     * How many native link runs the ring has submitted (resubmissions after a short transfer included), for
     * diagnostics and tests.
     *
     * @return the count.
     */
    public long nativeRunsSubmitted()
    {
        return loop.nativeRunsSubmitted();
    }

    /**
     * How many SQEs the native link runs were submitted as, for diagnostics and tests.
     *
     * @return the count.
     */
    public long nativeSqesSubmitted()
    {
        return loop.nativeSqesSubmitted();
    }

    /**
     * How many times a client's doorbell woke the loop's thread from {@code io_uring_enter}, for diagnostics and tests.
     *
     * @return the count, or -1 if the kernel refused the {@code FUTEX_WAITV} that waits for them.
     */
    public long hostDoorbellWakes()
    {
        return loop.hostDoorbellWakes();
    }

    /**
     * How many READs of hosted rings the loop's thread tried inline ({@code RWF_NOWAIT}), or sent to the kernel
     * because they came more than two to a round, for diagnostics and tests.
     *
     * @param inline true for the inline ones.
     * @return the count.
     */
    public long hostedReads(final boolean inline)
    {
        return loop.hostedReads(inline);
    }

    /**
     * The rings the loop's thread serves itself ({@link IoUringOptions#hostRings()}): a ring that joins them has its
     * file operations submitted and completed on that thread, with no hand-off.
     *
     * @return the group, or null where the loop cannot host.
     */
    public ServedRings hostedRings()
    {
        return loop.hostedRings();
    }

    /**
     * Stops the loop thread; the runtime calls it after every handle was closed.
     */
    @Override
    public void close()
    {
        loop.close();
    }
}
