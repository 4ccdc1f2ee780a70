package io.ringwork.scheme;

/**
 * A named service the runtime routes paths to: {@code OPEN "mem:notes"} reaches the scheme mounted as {@code mem}
 * with the path {@code "notes"}. See the package documentation for the threading and completion rules.
 * {@snippet lang=java :
 * ringwork.mount("kv", (request, path, flags, mode) -> request.completeOpen(new KvHandle(store, path)));
 * }
 */
@FunctionalInterface
public interface Scheme
{
    /**
     * Opens a path of this scheme. Completes the request with {@link Request#completeOpen} (the runtime then gives
     * the client a handle number) or fails it: {@code ENOENT} for a path this scheme does not serve or that does not
     * exist, {@code EACCES} for one outside what it may serve, {@code EEXIST} for an exclusive create of an existing
     * file, {@code EINVAL} for flags it cannot honour.
     *
     * @param request the OPEN operation.
     * @param path    what follows {@code name:}, possibly empty.
     * @param flags   {@code VerbFlags.OPEN_*} bits, already checked for consistency.
     * @param mode    permission bits for a created file; 0 means the scheme's default.
     */
    void open(Request request, String path, int flags, int mode);

    /**
     * Stops an OPEN the scheme already {@linkplain Request#begin() began}; the same contract as
     * {@link SchemeHandle#cancel}. By default an open cannot be stopped.
     *
     * @param request an OPEN handed to this scheme and begun, not yet completed.
     * @param reason  {@link io.ringwork.Errno#ECANCELED} or {@link io.ringwork.Errno#ETIMEDOUT}.
     * @return true if the scheme will try to stop it.
     */
    default boolean cancel(final Request request, final io.ringwork.Errno reason)
    {
        return false;
    }

    /**
     * Called once when the scheme is unmounted or the runtime closes, after every handle it opened was closed.
     */
    default void close()
    {
    }
}
