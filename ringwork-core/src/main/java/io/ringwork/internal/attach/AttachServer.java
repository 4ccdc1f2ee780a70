package io.ringwork.internal.attach;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.RingDescriptor;
import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The listening side of a published scheme: a UNIX domain socket at a path, one virtual thread per connection.
 * For each client it checks the peer's credentials ({@code SO_PEERCRED}, checked by the kernel), reads the hello,
 * checks versions and that the named ring file is a regular file owned by that same user with mode 0600, and only
 * then lets the handler map it. The connection then stays open: its end of file tells the handler the client died.
 */
public final class AttachServer implements AutoCloseable
{
    /** How long a client has to send its hello before the connection is dropped. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;

    /**
     * Receives verified clients.
     */
    public interface Handler
    {
        /**
         * Maps and starts serving a client's ring. Called on the connection's thread.
         *
         * @param request what the client asked for, already checked.
         * @return the session, told when the client goes away.
         * @throws RingworkException to refuse, with the errno and message sent back to the client.
         */
        Session attach(AttachRequest request);
    }

    /**
     * One attached client.
     */
    @FunctionalInterface
    public interface Session
    {
        /**
         * The client's socket reached end of file (it closed or died) or the server is closing: cancel its work,
         * unmap, remove its files. Called exactly once.
         */
        void peerGone();
    }

    /**
     * A verified attach request.
     *
     * @param clientPid     the pid the client gave (the ring header holds it too).
     * @param user          the peer's user, from the kernel.
     * @param ringFile      the ring file, checked to be a regular 0600 file owned by {@code user}.
     * @param poolDirectory the client's pool directory, or null.
     * @param disconnect    closes this client's connection, from any thread: how the server detaches a client
     *                      (it sees end of file, as if the server had died); the session's {@code peerGone} follows.
     */
    public record AttachRequest(long clientPid, UserPrincipal user, Path ringFile, Path poolDirectory,
        Runnable disconnect)
    {
    }

    private final Path socketPath;
    private final ServerSocketChannel listener;
    private final Handler handler;
    private final Predicate<UserPrincipal> allowedUsers;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final Thread acceptor;
    private volatile boolean closed;

    private AttachServer(final Path socketPath, final ServerSocketChannel listener, final Handler handler,
        final Predicate<UserPrincipal> allowedUsers)
    {
        this.socketPath = socketPath;
        this.listener = listener;
        this.handler = handler;
        this.allowedUsers = allowedUsers;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(
            "ringwork-attach-timer").factory());
        this.acceptor = Thread.ofPlatform().daemon().name("ringwork-attach-" + socketPath.getFileName())
            .start(this::acceptLoop);
    }

    /**
     * Publishes a scheme at {@code socketPath}.
     *
     * @param socketPath   where the socket file goes; a stale file from a dead server is replaced.
     * @param allowedUsers which peer users may attach (the default policy is "the same user as this process").
     * @param handler      maps and serves accepted clients.
     * @return the listening server.
     * @throws RingworkException {@link Errno#EADDRINUSE} if a live server listens there already.
     */
    public static AttachServer listen(final Path socketPath, final Predicate<UserPrincipal> allowedUsers,
        final Handler handler)
    {
        try
        {
            Files.createDirectories(socketPath.toAbsolutePath().getParent());
            if (Files.exists(socketPath, LinkOption.NOFOLLOW_LINKS))
            {
                if (isLive(socketPath))
                {
                    throw new RingworkException(Errno.EADDRINUSE, "a server already listens at " + socketPath);
                }
                Files.delete(socketPath);
            }
            final ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, Set.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
            return new AttachServer(socketPath, listener, handler, allowedUsers);
        }
        catch (final IOException ex)
        {
            throw new RingworkException(Errno.EIO, RingworkException.Category.ERROR,
                "cannot listen at " + socketPath + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The default policy: peers running as the same user as this process.
     *
     * @return the predicate.
     */
    public static Predicate<UserPrincipal> sameUser()
    {
        final String me = System.getProperty("user.name");
        return user -> user.getName().equals(me);
    }

    private static boolean isLive(final Path socketPath)
    {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socketPath)))
        {
            return probe.isConnected();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            final SocketChannel channel;
            try
            {
                channel = listener.accept();
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    System.getLogger(AttachServer.class.getName()).log(System.Logger.Level.WARNING,
                        "accept failed at " + socketPath + ": " + ex);
                }
                return;
            }
            connections.add(channel);
            Thread.ofVirtual().name("ringwork-attach-conn").start(() -> serve(channel));
        }
    }

    private void serve(final SocketChannel channel)
    {
        Session session = null;
        final ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(channel), HANDSHAKE_TIMEOUT_MILLIS,
            TimeUnit.MILLISECONDS);
        try
        {
            final UserPrincipal user = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            final AttachDescriptor.Hello hello = AttachDescriptor.readHello(channel);
            deadline.cancel(false);
            final AttachRequest request = check(user, hello, () -> closeQuietly(channel));
            session = handler.attach(request);
            AttachDescriptor.writeReply(channel, new AttachDescriptor.Reply(Errno.EOK,
                ProcessHandle.current().pid(), "attached"));
            awaitEndOfFile(channel);
        }
        catch (final RingworkException ex)
        {
            deadline.cancel(false);
            replyQuietly(channel, ex.errno(), ex.getMessage());
        }
        catch (final IOException | RuntimeException ex)
        {
            deadline.cancel(false);
            replyQuietly(channel, Errno.EPROTO, "attach failed: " + ex);
        }
        finally
        {
            connections.remove(channel);
            closeQuietly(channel);
            if (null != session)
            {
                session.peerGone();
            }
        }
    }

    private AttachRequest check(final UserPrincipal user, final AttachDescriptor.Hello hello,
        final Runnable disconnect) throws IOException
    {
        if (!allowedUsers.test(user))
        {
            throw new RingworkException(Errno.EACCES, "user " + user.getName() + " may not attach");
        }
        if (AttachDescriptor.PROTOCOL_VERSION != hello.protocolVersion())
        {
            throw new RingworkException(Errno.EPROTO, "attach protocol mismatch: app=" +
                AttachDescriptor.PROTOCOL_VERSION + " peer=" + hello.protocolVersion());
        }
        if (RingDescriptor.LAYOUT_VERSION != hello.layoutVersion())
        {
            throw new RingworkException(Errno.EPROTO, "ring layout version mismatch: app=" +
                RingDescriptor.LAYOUT_VERSION + " peer=" + hello.layoutVersion());
        }
        final Path ring = Path.of(hello.ringPath());
        checkOwnedFile(ring, user, "ring file");
        final Path pool = hello.poolPath().isEmpty() ? null : Path.of(hello.poolPath());
        if (null != pool)
        {
            checkOwnedDirectory(pool, user);
        }
        return new AttachRequest(hello.clientPid(), user, ring, pool, disconnect);
    }

    private static void checkOwnedFile(final Path file, final UserPrincipal user, final String what)
        throws IOException
    {
        if (!file.isAbsolute())
        {
            throw new RingworkException(Errno.EINVAL, what + " " + file + " is not an absolute path");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new RingworkException(Errno.ENOENT, what + " " + file + " is missing or not a regular file");
        }
        final UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        if (!owner.getName().equals(user.getName()))
        {
            throw new RingworkException(Errno.EACCES, what + " " + file + " is owned by " + owner.getName() +
                ", not by the peer " + user.getName());
        }
        final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE).equals(mode))
        {
            throw new RingworkException(Errno.EACCES, what + " " + file + " has mode " +
                java.nio.file.attribute.PosixFilePermissions.toString(mode) + ", not rw-------");
        }
    }

    /**
     * A pool directory the server is about to map segments from: the peer's own, and writable by nobody else, so no
     * third user can slip a segment file in.
     */
    private static void checkOwnedDirectory(final Path directory, final UserPrincipal user) throws IOException
    {
        if (!directory.isAbsolute() || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            throw new RingworkException(Errno.ENOENT, "pool directory " + directory +
                " is missing, not a directory or not an absolute path");
        }
        final UserPrincipal owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS);
        if (!owner.getName().equals(user.getName()))
        {
            throw new RingworkException(Errno.EACCES, "pool directory " + directory + " is owned by " +
                owner.getName() + ", not by the peer " + user.getName());
        }
        final Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE))
        {
            throw new RingworkException(Errno.EACCES, "pool directory " + directory + " has mode " +
                java.nio.file.attribute.PosixFilePermissions.toString(mode) + ": others may write to it");
        }
    }

    private static void awaitEndOfFile(final SocketChannel channel) throws IOException
    {
        final ByteBuffer sink = ByteBuffer.allocate(64);
        while (channel.read(sink) >= 0)
        {
            // The client sends nothing after its hello; anything it does send is discarded.
            sink.clear();
        }
    }

    private static void replyQuietly(final SocketChannel channel, final Errno errno, final String message)
    {
        try
        {
            final String text = message.length() > 1000 ? message.substring(0, 1000) : message;
            AttachDescriptor.writeReply(channel, new AttachDescriptor.Reply(errno, ProcessHandle.current().pid(),
                text));
        }
        catch (final IOException | RuntimeException ignore)
        {
            // The client is gone or misbehaving; there is nobody to tell.
        }
    }

    private static void closeQuietly(final SocketChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Closing a socket whose peer vanished may fail; the descriptor is released either way.
        }
    }

    /**
     * The socket file.
     *
     * @return its path.
     */
    public Path socketPath()
    {
        return socketPath;
    }

    /**
     * Stops listening, closes every client connection (so each client sees end of file and fails its pending
     * operations), and removes the socket file. Sessions are told their peer is gone.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            listener.close();
        }
        catch (final IOException ignore)
        {
            // Already closed by a failing accept.
        }
        for (final SocketChannel channel : connections)
        {
            closeQuietly(channel);
        }
        timer.shutdownNow();
        try
        {
            acceptor.join(5_000);
            Files.deleteIfExists(socketPath);
        }
        catch (final IOException ignore)
        {
            // The socket file may already be gone.
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
