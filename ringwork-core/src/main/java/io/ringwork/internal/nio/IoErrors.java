package io.ringwork.internal.nio;

import io.ringwork.Errno;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns what NIO throws into the errno a CQE carries. NIO keeps the kernel's errno only as text (the
 * {@code strerror} message in {@link FileSystemException#getReason()}), so that text is matched against
 * {@link Errno#message()}.
 */
final class IoErrors
{
    private IoErrors()
    {
    }

    static Errno errnoOf(final Throwable ex)
    {
        if (ex instanceof NoSuchFileException)
        {
            return Errno.ENOENT;
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return Errno.EEXIST;
        }
        if (ex instanceof AccessDeniedException || ex instanceof SecurityException)
        {
            return Errno.EACCES;
        }
        if (ex instanceof NotDirectoryException)
        {
            return Errno.ENOTDIR;
        }
        if (ex instanceof UnsupportedOperationException)
        {
            return Errno.EOPNOTSUPP;
        }
        final String text = ex instanceof FileSystemException fs && null != fs.getReason() ? fs.getReason() :
            ex.getMessage();
        if (null != text)
        {
            final String lower = text.toLowerCase(Locale.ROOT);
            for (final Errno errno : Errno.values())
            {
                if (Errno.EOK != errno && Errno.EUNKNOWN != errno &&
                    lower.contains(errno.message().toLowerCase(Locale.ROOT)))
                {
                    return errno;
                }
            }
        }
        return Errno.EIO;
    }
}
