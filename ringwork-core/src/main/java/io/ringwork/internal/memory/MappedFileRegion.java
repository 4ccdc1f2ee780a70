package io.ringwork.internal.memory;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file (normally under /dev/shm) mapped read-write or read-only into this process. The creator makes the file
 * with mode 0600, so only the same user can map it, and removes it on close; a process that only maps it leaves it.
 */
public final class MappedFileRegion implements Region
{
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;
    private final boolean owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MappedFileRegion(final Path path, final Arena arena, final MemorySegment segment, final boolean owner)
    {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
        this.owner = owner;
    }

    /**
     * Creates a new file of {@code length} zero bytes with mode 0600 and maps it read-write.
     *
     * @param path   the file; it must not exist.
     * @param length bytes.
     * @return the region, owning the file.
     * @throws RingworkException {@link Errno#EEXIST}, {@link Errno#EACCES}, {@link Errno#ENOENT} or
     *                           {@link Errno#EIO} naming the path.
     */
    public static MappedFileRegion create(final Path path, final long length)
    {
        if (length <= 0)
        {
            throw new IllegalArgumentException("length=" + length + " must be positive");
        }
        try
        {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        catch (final IOException ex)
        {
            throw ioError("create", path, ex);
        }
        try
        {
            return map(path, length, false, true);
        }
        catch (final RuntimeException ex)
        {
            deleteQuietly(path);
            throw ex;
        }
    }

    /**
     * Maps an existing file in whole.
     *
     * @param path     the file.
     * @param readOnly map read-only (the {@code stat} tool does).
     * @return the region, not owning the file.
     * @throws RingworkException {@link Errno#ENOENT}, {@link Errno#EACCES} or {@link Errno#EIO} naming the path.
     */
    public static MappedFileRegion open(final Path path, final boolean readOnly)
    {
        final long length;
        try
        {
            length = Files.size(path);
        }
        catch (final IOException ex)
        {
            throw ioError("stat", path, ex);
        }
        if (length <= 0)
        {
            throw new RingworkException(Errno.EPROTO, "file is empty: " + path);
        }
        return map(path, length, readOnly, false);
    }

    private static MappedFileRegion map(
        final Path path, final long length, final boolean readOnly, final boolean owner)
    {
        final Set<StandardOpenOption> options = readOnly ?
            EnumSet.of(StandardOpenOption.READ) :
            EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, options))
        {
            if (owner)
            {
                // Extending with a write at the last byte makes a sparse file; /dev/shm pages appear on first touch.
                channel.write(java.nio.ByteBuffer.wrap(new byte[1]), length - 1);
            }
            final MemorySegment segment = channel.map(
                readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, length, arena);
            return new MappedFileRegion(path, arena, segment, owner);
        }
        catch (final IOException ex)
        {
            arena.close();
            throw ioError("map", path, ex);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    private static RingworkException ioError(final String action, final Path path, final IOException ex)
    {
        final Errno errno;
        if (ex instanceof FileAlreadyExistsException)
        {
            errno = Errno.EEXIST;
        }
        else if (ex instanceof NoSuchFileException)
        {
            errno = Errno.ENOENT;
        }
        else if (ex instanceof AccessDeniedException)
        {
            errno = Errno.EACCES;
        }
        else
        {
            errno = Errno.EIO;
        }
        return new RingworkException(errno, RingworkException.Category.ERROR,
            "cannot " + action + " " + path + ": " + ex.getMessage(), ex);
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // Best effort on an error path; the original failure is what the caller needs to see.
        }
    }

    @Override
    public MemorySegment segment()
    {
        return segment;
    }

    @Override
    public Optional<Path> path()
    {
        return Optional.of(path);
    }

    /**
     * Whether this process created the file and removes it on close.
     *
     * @return true for the creator.
     */
    public boolean isOwner()
    {
        return owner;
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            arena.close();
            if (owner)
            {
                deleteQuietly(path);
            }
        }
    }

    /**
     * The mode a created file gets, for tests and docs.
     *
     * @return "rw-------".
     */
    public static String creationMode()
    {
        return PosixFilePermissions.toString(OWNER_ONLY);
    }
}
