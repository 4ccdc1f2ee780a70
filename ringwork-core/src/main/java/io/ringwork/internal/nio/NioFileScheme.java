package io.ringwork.internal.nio;

import io.ringwork.VerbFlags;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;
import io.ringwork.internal.schemes.SchemePaths;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * {@code file:} on NIO: real files under a root directory. A path is absolute ({@code "file:/tmp/x"}) and resolved
 * under the root lexically; one that climbs out of it ({@code ..}) is EACCES, a relative one ENOENT. The root bounds
 * the namespace, it is not a sandbox: symbolic links are followed. Every operation runs on a virtual thread of the
 * executor, so the dispatcher never blocks on a disk.
 */
public final class NioFileScheme implements Scheme
{
    private static final int DEFAULT_MODE = 0600;
    private static final FileAttribute<?>[] NO_ATTRIBUTES = new FileAttribute<?>[0];

    private final Path root;
    private final Executor executor;
    private final boolean posix;

    /**
     * A scheme serving the files under {@code root}.
     *
     * @param root     an absolute directory; "/" serves the whole file system.
     * @param executor runs each operation, normally one virtual thread per task.
     */
    public NioFileScheme(final Path root, final Executor executor)
    {
        this.root = root.toAbsolutePath().normalize();
        this.executor = executor;
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        final Path file = SchemePaths.resolveUnder(root, path, request);
        if (null == file)
        {
            return;
        }
        executor.execute(() -> openOnWorker(request, file, flags, mode));
    }

    private void openOnWorker(final Request request, final Path file, final int flags, final int mode)
    {
        if (!request.begin())
        {
            return;
        }
        final Set<OpenOption> options = new HashSet<>();
        if (0 != (flags & VerbFlags.OPEN_READ))
        {
            options.add(StandardOpenOption.READ);
        }
        if (0 != (flags & VerbFlags.OPEN_WRITE))
        {
            options.add(StandardOpenOption.WRITE);
        }
        if (0 != (flags & VerbFlags.OPEN_CREATE))
        {
            options.add(0 != (flags & VerbFlags.OPEN_EXCLUSIVE) ? StandardOpenOption.CREATE_NEW :
                StandardOpenOption.CREATE);
        }
        if (0 != (flags & VerbFlags.OPEN_TRUNCATE))
        {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        final FileAttribute<?>[] attributes = posix && 0 != (flags & VerbFlags.OPEN_CREATE) ?
            new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                permissions(0 == mode ? DEFAULT_MODE : mode))} : NO_ATTRIBUTES;
        if (0 != (flags & VerbFlags.OPEN_DIRECT))
        {
            options.add(com.sun.nio.file.ExtendedOpenOption.DIRECT);
        }
        final FileChannel channel;
        try
        {
            if (!openable(file))
            {
                // A FIFO, socket or device: opening or reading it may block a thread for ever. io_uring answers
                // ENXIO for them, so NIO does too (checked before the open: a file swapped in between still opens).
                request.fail(io.ringwork.Errno.ENXIO);
                return;
            }
            channel = FileChannel.open(file, options, attributes);
        }
        catch (final IOException | RuntimeException ex)
        {
            request.fail(IoErrors.errnoOf(ex));
            return;
        }
        request.completeOpen(new NioFileHandle(channel, file, executor, 0 != (flags & VerbFlags.OPEN_DIRECT)));
    }

    /**
     * Whether {@code file} is missing (the open creates a regular file or fails), a regular file or a directory.
     */
    private static boolean openable(final Path file) throws IOException
    {
        final java.nio.file.attribute.BasicFileAttributes attributes;
        try
        {
            attributes = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            return true;
        }
        return attributes.isRegularFile() || attributes.isDirectory();
    }

    static Set<PosixFilePermission> permissions(final int mode)
    {
        final Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        final PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++)
        {
            if (0 != (mode & (1 << bit)))
            {
                set.add(order[bit]);
            }
        }
        return set;
    }

    static int modeOf(final Set<PosixFilePermission> permissions)
    {
        int mode = 0;
        for (final PosixFilePermission permission : permissions)
        {
            mode |= switch (permission)
            {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
