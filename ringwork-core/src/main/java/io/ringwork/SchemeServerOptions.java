package io.ringwork;

import io.ringwork.internal.attach.AttachServer;
import io.ringwork.internal.dispatch.DispatchAgent;

import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a {@link SchemeServer} publishes and serves. Validated once, in the constructor, with messages naming the
 * value.
 *
 * @param directory    where the socket {@code <name>.sock} goes; clients put their ring and pool files there too.
 * @param agents       server threads; each serves up to {@value DispatchAgent#MAX_RINGS} client rings.
 * @param waiting      how a server thread waits for work: its idle strategy and how long it polls before it sleeps
 *                     on the rings' doorbells ({@link Long#MAX_VALUE}: never sleeps, for the lowest latency).
 * @param workers      threads for a {@link io.ringwork.scheme.BlockingScheme}: 0 runs each request on a virtual
 *                     thread of its own, N on a pool of N platform threads.
 * @param maxHandles   open handle numbers per client ring.
 * @param allowedUsers which client users may attach, as the kernel reports them ({@code SO_PEERCRED}).
 */
public record SchemeServerOptions(Path directory, int agents, RingOptions waiting, int workers, int maxHandles,
    Predicate<UserPrincipal> allowedUsers)
{
    /** The default directory of published schemes. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm/ringwork");
    /** Most server threads. */
    public static final int MAX_AGENTS = 64;
    /** Most worker threads of a blocking scheme's pool. */
    public static final int MAX_WORKERS = 4096;

    /**
     * Validates the options.
     *
     * @param directory    socket directory.
     * @param agents       server threads.
     * @param waiting      waiting policy of a server thread.
     * @param workers      blocking scheme workers.
     * @param maxHandles   handles per client ring.
     * @param allowedUsers attach policy.
     */
    public SchemeServerOptions
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(waiting, "waiting");
        Objects.requireNonNull(allowedUsers, "allowedUsers");
        if (!directory.isAbsolute())
        {
            throw new IllegalArgumentException("directory=" + directory + " must be absolute");
        }
        if (agents < 1 || agents > MAX_AGENTS)
        {
            throw new IllegalArgumentException("agents=" + agents + " must be in [1, " + MAX_AGENTS + "]");
        }
        if (workers < 0 || workers > MAX_WORKERS)
        {
            throw new IllegalArgumentException("workers=" + workers + " must be in [0, " + MAX_WORKERS + "]");
        }
        if (maxHandles < 1 || maxHandles > RingworkOptions.LARGEST_MAX_HANDLES)
        {
            throw new IllegalArgumentException("maxHandles=" + maxHandles + " must be in [1, " +
                RingworkOptions.LARGEST_MAX_HANDLES + "]");
        }
    }

    /**
     * {@link #DEFAULT_DIRECTORY}, one server thread that polls 50 microseconds and then sleeps, a virtual thread per
     * blocking request, 1024 handles per ring, clients of this process's user only.
     *
     * @return the defaults.
     */
    public static SchemeServerOptions defaults()
    {
        return new SchemeServerOptions(DEFAULT_DIRECTORY, 1, RingOptions.defaults(), 0,
            RingworkOptions.DEFAULT_MAX_HANDLES, AttachServer.sameUser());
    }

    /**
     * These options with another directory.
     *
     * @param path an absolute directory, created if missing.
     * @return new options.
     */
    public SchemeServerOptions withDirectory(final Path path)
    {
        return new SchemeServerOptions(path, agents, waiting, workers, maxHandles, allowedUsers);
    }

    /**
     * These options with another number of server threads.
     *
     * @param count 1 to {@value #MAX_AGENTS}.
     * @return new options.
     */
    public SchemeServerOptions withAgents(final int count)
    {
        return new SchemeServerOptions(directory, count, waiting, workers, maxHandles, allowedUsers);
    }

    /**
     * These options with another waiting policy for the server threads (the queue sizes of the options are not
     * used: each client chooses its ring's).
     *
     * @param options idle strategy and polling time.
     * @return new options.
     */
    public SchemeServerOptions withWaiting(final RingOptions options)
    {
        return new SchemeServerOptions(directory, agents, options, workers, maxHandles, allowedUsers);
    }

    /**
     * These options with server threads that spin and never sleep: the lowest latency, a core per thread.
     *
     * @return new options.
     */
    public SchemeServerOptions spinning()
    {
        return withWaiting(waiting.spinning());
    }

    /**
     * These options with another worker pool for a blocking scheme.
     *
     * @param count 0 for a virtual thread per request, else the pool's platform threads.
     * @return new options.
     */
    public SchemeServerOptions withWorkers(final int count)
    {
        return new SchemeServerOptions(directory, agents, waiting, count, maxHandles, allowedUsers);
    }

    /**
     * These options with another handle limit.
     *
     * @param count handles per client ring.
     * @return new options.
     */
    public SchemeServerOptions withMaxHandles(final int count)
    {
        return new SchemeServerOptions(directory, agents, waiting, workers, count, allowedUsers);
    }

    /**
     * These options with another attach policy.
     *
     * @param policy true for a user that may attach.
     * @return new options.
     */
    public SchemeServerOptions withAllowedUsers(final Predicate<UserPrincipal> policy)
    {
        return new SchemeServerOptions(directory, agents, waiting, workers, maxHandles, policy);
    }
}
