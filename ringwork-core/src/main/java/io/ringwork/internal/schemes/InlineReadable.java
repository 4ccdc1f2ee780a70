package io.ringwork.internal.schemes;

/**
 * A scheme handle whose reads a client in the same process may try on its own thread, without a ring, when they
 * cannot block: the io_uring {@code file:}'s {@code preadv2(RWF_NOWAIT)}, which copies from the page cache or refuses
 * at once. The runtime publishes such handles in its {@code InlineReadTable} when an OPEN for reading installs them
 * and retracts them at CLOSE; {@code SyncIo}, {@code AsyncIo} and the nio adapters look them up by handle number.
 * <p>
 * Any thread may call {@link #readNow} at any time, also while the runtime closes the handle: an implementation keeps
 * its descriptor open until every call in progress has returned, so a descriptor number is never reused under a
 * read.
 */
public interface InlineReadable
{
    /** {@link #readNow} could not do the whole read at once: the caller goes through the ring. */
    long NOT_NOW = -1;

    /**
     * Whether reads may be tried on callers' threads at all: decided once, when the handle is opened (an O_DIRECT
     * handle never can, and the backend's option may forbid it).
     *
     * @return true to publish the handle.
     */
    boolean readableInline();

    /**
     * Reads {@code length} bytes at {@code position} into native memory, on the calling thread, if that needs no
     * waiting. The memory must stay valid for the call; what a refused attempt left in it is unspecified.
     *
     * @param address  where the bytes go.
     * @param length   how many, more than 0.
     * @param position the file offset, 0 or more.
     * @return the bytes read: {@code length}, or fewer when the file ends first; or {@link #NOT_NOW} if any part
     *         would wait for the disk, the handle is closing, or the kernel refused the call (the ring path then
     *         reports the error as every backend does).
     */
    long readNow(long address, long length, long position);
}
