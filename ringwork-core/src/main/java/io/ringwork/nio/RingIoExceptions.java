package io.ringwork.nio;

import io.ringwork.RingworkException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * Ringwork's errno as the {@link IOException}s java.nio callers expect, the {@link RingworkException} kept as the
 * cause so the {@code Errno} stays within reach.
 */
final class RingIoExceptions
{
    private RingIoExceptions()
    {
    }

    /**
     * The java.nio exception for a failed ring operation.
     *
     * @param ex   the failure.
     * @param path the scheme path the channel was opened on, for the file exceptions.
     * @return an exception to throw.
     */
    static IOException toIOException(final RingworkException ex, final String path)
    {
        final IOException converted = switch (ex.errno())
        {
            case ENOENT -> new NoSuchFileException(path, null, ex.getMessage());
            case EACCES, EPERM -> new AccessDeniedException(path, null, ex.getMessage());
            case EEXIST -> new FileAlreadyExistsException(path, null, ex.getMessage());
            default -> new IOException(path + ": " + ex.getMessage());
        };
        converted.initCause(ex);
        return converted;
    }
}
