package io.ringwork.scheme;

import io.ringwork.internal.schemes.BlockingSchemeAdapter;

import java.util.concurrent.Executor;

/**
 * A scheme written as plain blocking code: one request in, one result out, on a worker thread (Redox's
 * {@code Scheme}, next to the non-blocking {@link Scheme}, which plays {@code AsyncScheme}'s role). The runtime or
 * the {@link io.ringwork.SchemeServer} runs each call on a worker, so the dispatcher never waits for it; a call that
 * throws a {@link io.ringwork.RingworkException} completes the request with its errno, any other exception with
 * {@code EIO}. Verbs a handle leaves out answer {@code ENOSYS}.
 * {@snippet lang=java :
 * SchemeServer.publishBlocking("hello", (path, flags, mode) -> new BlockingHandle() {
 *     public int read(long position, MemorySegment dst) { ... return bytes; }
 *     public long size() { return 5; }
 * }, SchemeServerOptions.defaults());
 * }
 */
@FunctionalInterface
public interface BlockingScheme
{
    /**
     * Opens a path of this scheme.
     *
     * @param path  what follows {@code name:}, possibly empty.
     * @param flags {@code VerbFlags.OPEN_*} bits, already checked for consistency.
     * @param mode  permission bits for a created resource; 0 means the scheme's default.
     * @return the open resource.
     * @throws io.ringwork.RingworkException {@code ENOENT}, {@code EACCES}, {@code EEXIST}, {@code EINVAL}… as for
     *                                       {@link Scheme#open}.
     */
    BlockingHandle open(String path, int flags, int mode);

    /**
     * Called once when the scheme is unmounted or its server closes.
     */
    default void close()
    {
    }

    /**
     * This scheme as a non-blocking one whose calls run on {@code workers}: what a runtime mounts.
     *
     * @param workers runs each call; a virtual-thread-per-task executor suits most schemes.
     * @return the adapter.
     */
    default Scheme onWorkers(final Executor workers)
    {
        return new BlockingSchemeAdapter(this, workers);
    }
}
