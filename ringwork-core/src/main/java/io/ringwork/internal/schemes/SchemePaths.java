package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.scheme.Request;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a path given to a {@code file:} scheme may lead: below the scheme's root and nowhere else. Both file
 * backends resolve through here, so the confinement rule lives in one place.
 */
public final class SchemePaths
{
    private SchemePaths()
    {
    }

    /**
     * Resolves a scheme path such as {@code "/dir/name"} under {@code root}, or fails the request.
     *
     * @param root    the absolute, normalized directory the scheme serves.
     * @param path    the path after the scheme name, from the client: untrusted.
     * @param request failed with {@link Errno#ENOENT} for a relative or malformed path, {@link Errno#EACCES} for
     *                one that climbs out of the root.
     * @return the file, or null if the request was failed.
     */
    public static Path resolveUnder(final Path root, final String path, final Request request)
    {
        if (!path.startsWith("/"))
        {
            request.fail(Errno.ENOENT);
            return null;
        }
        final Path file;
        try
        {
            file = root.resolve(path.substring(1)).normalize();
        }
        catch (final InvalidPathException ex)
        {
            request.fail(Errno.ENOENT);
            return null;
        }
        if (!file.startsWith(root))
        {
            request.fail(Errno.EACCES);
            return null;
        }
        return file;
    }
}
