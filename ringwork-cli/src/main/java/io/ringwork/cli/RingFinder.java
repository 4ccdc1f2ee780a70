package io.ringwork.cli;

import io.ringwork.RingInspector;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Collects ring files while walking a directory tree such as {@code /dev/shm}, which other processes change under
 * the walk: an entry that vanishes or cannot be read is passed over and the walk goes on, where
 * {@code Files.walk} would end it with an exception.
 */
final class RingFinder extends SimpleFileVisitor<Path>
{
    private final List<Path> rings;

    /**
     * A finder that adds what it finds to a list.
     *
     * @param rings where ring files go.
     */
    RingFinder(final List<Path> rings)
    {
        this.rings = rings;
    }

    @Override
    public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
    {
        if (attributes.isRegularFile() && RingInspector.isRingFile(file))
        {
            rings.add(file);
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(final Path file, final IOException ex)
    {
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(final Path dir, final IOException ex)
    {
        return FileVisitResult.CONTINUE;
    }
}
