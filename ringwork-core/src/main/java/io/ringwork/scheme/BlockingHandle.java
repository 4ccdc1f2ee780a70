package io.ringwork.scheme;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.RingworkException;

import java.lang.foreign.MemorySegment;

/**
 * An open resource of a {@link BlockingScheme}. Each method runs on a worker thread and may block; the runtime keeps
 * the handle number, position, chains, timeouts and cancellation as for any scheme. The defaults answer
 * {@code ENOSYS} (a resource that cannot be read, written or asked about) or do nothing (fsync, close).
 */
public interface BlockingHandle
{
    /**
     * READ and READV: fills {@code dst} from {@code position}.
     *
     * @param position byte offset, never negative.
     * @param dst      the client's buffer (one of a READV's, in order); valid during the call only.
     * @return bytes read, fewer than {@code dst}'s size only at the end of the data, 0 at its end.
     */
    default int read(final long position, final MemorySegment dst)
    {
        throw new RingworkException(Errno.ENOSYS, "read is not supported here");
    }

    /**
     * WRITE and WRITEV: writes {@code src} at {@code position}.
     *
     * @param position byte offset, never negative.
     * @param src      the client's buffer (one of a WRITEV's, in order); valid during the call only.
     * @return bytes written.
     */
    default int write(final long position, final MemorySegment src)
    {
        throw new RingworkException(Errno.ENOSYS, "write is not supported here");
    }

    /**
     * The current size, for {@code SEEK} from the end, append-mode writes and the default {@link #stat()}. Runs on
     * the dispatcher thread: keep it quick.
     *
     * @return bytes.
     */
    default long size()
    {
        throw new RingworkException(Errno.ESPIPE, "this resource has no size");
    }

    /**
     * STAT.
     *
     * @return the description; by default a regular file of {@link #size()} bytes.
     */
    default FileStat stat()
    {
        return new FileStat(size(), FileStat.TYPE_REGULAR, 0600, 0, 0, 0);
    }

    /**
     * FSYNC.
     *
     * @param dataOnly flush only what is needed to read the data back.
     */
    default void fsync(final boolean dataOnly)
    {
    }

    /**
     * TRUNCATE: sets the size, cutting the data or extending it with zeros.
     *
     * @param length the new size, never negative.
     */
    default void truncate(final long length)
    {
        throw new RingworkException(Errno.ENOSYS, "truncate is not supported here");
    }

    /**
     * A scheme's own verb, opcodes {@code Opcode.USER_MIN} to {@code USER_MAX}; its arguments are in
     * {@code request.arg(n)}, its buffers resolve with {@link Request#slice}.
     *
     * @param opcode  the verb.
     * @param request the operation, for its arguments and buffers; do not complete it, return the result.
     * @return the CQE's result.
     */
    default long call(final int opcode, final Request request)
    {
        throw new RingworkException(Errno.ENOSYS, "opcode " + opcode + " is not supported here");
    }

    /**
     * Releases the resource: the last handle number was closed and no operation uses it.
     */
    default void close()
    {
    }
}
