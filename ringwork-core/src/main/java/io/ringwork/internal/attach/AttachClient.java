package io.ringwork.internal.attach;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.RingDescriptor;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The connecting side: sends the hello naming the client's ring file, reads the answer, and then keeps the socket
 * open as the lifetime anchor, watching it on a virtual thread. End of file means the server died or closed:
 * {@code onServerGone} runs once.
 */
public final class AttachClient implements AutoCloseable
{
    private final SocketChannel channel;
    private final long serverPid;
    private final Thread watcher;

    private AttachClient(final SocketChannel channel, final long serverPid, final Runnable onServerGone)
    {
        this.channel = channel;
        this.serverPid = serverPid;
        this.watcher = Thread.ofVirtual().name("ringwork-attach-watch").start(() -> watch(onServerGone));
    }

    /**
     * Attaches a ring file to the scheme listening at {@code socketPath}.
     *
     * @param socketPath    the scheme's socket.
     * @param ringFile      the client's ring file (absolute, mode 0600).
     * @param poolDirectory the client's pool directory, or null.
     * @param onServerGone  runs once when the server goes away.
     * @return the connection.
     * @throws RingworkException {@link Errno#ENOENT} if nothing listens there, or the server's refusal (errno and
     *                           message from the server).
     */
    public static AttachClient connect(final Path socketPath, final Path ringFile, final Path poolDirectory,
        final Runnable onServerGone)
    {
        final SocketChannel channel;
        try
        {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socketPath));
        }
        catch (final IOException ex)
        {
            throw new RingworkException(Errno.ENOENT, RingworkException.Category.ERROR,
                "no scheme listens at " + socketPath + ": " + ex.getMessage(), ex);
        }
        try
        {
            AttachDescriptor.writeHello(channel, new AttachDescriptor.Hello(AttachDescriptor.PROTOCOL_VERSION,
                RingDescriptor.LAYOUT_VERSION, ProcessHandle.current().pid(),
                ringFile.toAbsolutePath().toString(),
                null == poolDirectory ? "" : poolDirectory.toAbsolutePath().toString()));
            final AttachDescriptor.Reply reply = AttachDescriptor.readReply(channel);
            if (!reply.errno().isOk())
            {
                throw new RingworkException(reply.errno(), "attach refused by " + socketPath + ": " +
                    reply.message());
            }
            return new AttachClient(channel, reply.serverPid(), onServerGone);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new RingworkException(Errno.EPIPE, RingworkException.Category.ERROR,
                "attach to " + socketPath + " failed: " + ex.getMessage(), ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    private void watch(final Runnable onServerGone)
    {
        final ByteBuffer sink = ByteBuffer.allocate(64);
        try
        {
            while (channel.read(sink) >= 0)
            {
                sink.clear();
            }
        }
        catch (final IOException ignore)
        {
            // A reset is as final as an end of file.
        }
        finally
        {
            onServerGone.run();
        }
    }

    /**
     * The server's process id, as it reported it.
     *
     * @return pid.
     */
    public long serverPid()
    {
        return serverPid;
    }

    private static void closeQuietly(final SocketChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Nothing to do on a socket that failed already.
        }
    }

    /**
     * Detaches: closes the socket, which the server sees as this client going away.
     */
    @Override
    public void close()
    {
        closeQuietly(channel);
        try
        {
            watcher.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
