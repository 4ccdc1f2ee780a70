package io.ringwork.scheme;

import io.ringwork.Errno;
import io.ringwork.VerbFlags;

/**
 * An open resource of a scheme: what a client's handle number stands for. The runtime keeps the number, the open
 * flags, the current position and the reference count (a handle shared by {@code DUP} is closed once, when its
 * last number is closed and no operation uses it); the scheme does the I/O. Every position it sees is explicit.
 * <p>
 * The verbs that return nothing but {@code ENOSYS} or trivial answers by default are the ones a simple scheme may
 * leave out.
 */
public interface SchemeHandle
{
    /**
     * READ and READV: fills {@link Request#buffer} 0 to {@link Request#bufferCount} - 1 in order, from
     * {@link Request#position()}, and completes with the bytes read (fewer at the end of the data, 0 at its end).
     *
     * @param request the operation.
     */
    void read(Request request);

    /**
     * WRITE and WRITEV: writes the buffers in order at {@link Request#position()} and completes with the bytes
     * written.
     *
     * @param request the operation.
     */
    void write(Request request);

    /**
     * The current size, for {@code SEEK} from the end and for append-mode writes. Runs on the dispatcher thread,
     * so it must be quick.
     *
     * @return bytes.
     * @throws io.ringwork.RingworkException with the errno to report.
     */
    long size();

    /**
     * STAT: completes with {@link Request#completeStat}.
     *
     * @param request the operation.
     */
    void stat(Request request);

    /**
     * FSYNC: flushes to stable storage. By default there is nothing to flush.
     *
     * @param request  the operation.
     * @param dataOnly flush the data and only the metadata needed to read it back.
     */
    default void fsync(final Request request, final boolean dataOnly)
    {
        request.complete(0);
    }

    /**
     * TRUNCATE: sets the size to {@code length}, cutting the data or extending it with zeros, and completes with 0.
     * By default the resource has no size to set ({@code ENOSYS}).
     *
     * @param request the operation.
     * @param length  the new size, never negative.
     */
    default void truncate(final Request request, final long length)
    {
        request.fail(Errno.ENOSYS);
    }

    /**
     * The events ready now, and optionally a registration for changes. Runs on the dispatcher thread; must not
     * block. By default a handle is always readable and writable, like a regular file.
     *
     * @param events  {@code VerbFlags.POLL_READ} and/or {@code POLL_WRITE}.
     * @param watcher if not null, told through {@link PollWatcher#changed()} whenever readiness may change, until
     *                {@link #unwatch} is called with it.
     * @return the ready events among {@code events}, plus {@code POLL_ERROR} or {@code POLL_HUP} if they hold.
     */
    default int poll(final int events, final PollWatcher watcher)
    {
        return events & VerbFlags.POLL_REQUESTABLE;
    }

    /**
     * Ends a registration made by {@link #poll}.
     *
     * @param watcher as registered.
     */
    default void unwatch(final PollWatcher watcher)
    {
    }

    /**
     * A scheme's own verb, opcodes {@code Opcode.USER_MIN} to {@code USER_MAX}, with its arguments in
     * {@link Request#arg}. By default none is implemented.
     *
     * @param request the operation.
     */
    default void call(final Request request)
    {
        request.fail(Errno.ENOSYS);
    }

    /**
     * Stops an operation the scheme already {@linkplain Request#begin() began}: the runtime calls it on the
     * dispatcher thread when such a request is cancelled (CANCEL) or its time runs out. Returning true promises that
     * the request still completes exactly once, as always: with {@code reason} if the work was stopped, else with
     * what the work did. Returning false (the default) says the work cannot be stopped; CANCEL then answers EALREADY.
     *
     * @param request a request handed to this handle and begun, not yet completed.
     * @param reason  {@link io.ringwork.Errno#ECANCELED} or {@link io.ringwork.Errno#ETIMEDOUT}.
     * @return true if the scheme will try to stop it.
     */
    default boolean cancel(final Request request, final io.ringwork.Errno reason)
    {
        return false;
    }

    /**
     * Releases the resource: the last handle number was closed and no operation uses it. Runs on a dispatcher thread,
     * so it must be quick.
     */
    void close();
}
