package io.ringwork.internal.schemes;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;

/**
 * The rule both {@code file:} backends apply to a transfer on a handle opened with {@code OPEN_DIRECT}: the kernel
 * moves the bytes between the device and the buffer with no page cache, so buffers, lengths and the position must be
 * multiples of the logical block size. Checked before anything is submitted, so a misaligned request fails with
 * EINVAL instead of an error from deep in the kernel.
 */
public final class DirectIo
{
    /** The alignment asked of O_DIRECT transfers: a page, a multiple of every common logical block size. */
    public static final long ALIGNMENT = 4096;

    private DirectIo()
    {
    }

    /**
     * Checks a READ(V)/WRITE(V) on an O_DIRECT handle.
     *
     * @param request the transfer.
     * @throws RingworkException {@link Errno#EINVAL} naming the alignment if any address, length or the position is
     *                           not a multiple of {@link #ALIGNMENT}.
     */
    public static void checkAligned(final Request request)
    {
        long misaligned = request.position();
        for (int i = 0; i < request.bufferCount(); i++)
        {
            misaligned |= request.bufferAddress(i) | request.bufferLength(i);
        }
        if (0 != (misaligned & (ALIGNMENT - 1)))
        {
            throw new RingworkException(Errno.EINVAL, "O_DIRECT needs buffers, lengths and positions aligned to " +
                ALIGNMENT + " bytes");
        }
    }
}
