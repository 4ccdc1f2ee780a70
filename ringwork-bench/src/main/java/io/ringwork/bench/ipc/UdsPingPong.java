package io.ringwork.bench.ipc;

import org.HdrHistogram.Histogram;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The kernel baseline: request/response over a UNIX domain stream socket with blocking {@code java.nio} channels,
 * 64-byte messages both ways. The server blocks in {@code read} between requests, as a sleeping Ringwork server
 * blocks on its futex. The server echoes each message and the client checks the sequence number in it.
 */
final class UdsPingPong
{
    /** Bytes of each message. */
    static final int MESSAGE_LENGTH = 64;

    private UdsPingPong()
    {
    }

    /**
     * Server: binds, accepts one client and echoes its messages until it closes.
     *
     * @param socket where to listen; must not exist.
     * @param ready  called once listening.
     * @throws IOException if the socket fails.
     */
    static void serve(final Path socket, final Runnable ready) throws IOException
    {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX))
        {
            server.bind(UnixDomainSocketAddress.of(socket));
            ready.run();
            try (SocketChannel channel = server.accept())
            {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE_LENGTH);
                while (readFully(channel, buffer))
                {
                    buffer.flip();
                    writeFully(channel, buffer);
                    buffer.clear();
                }
            }
        }
    }

    /**
     * Client: round trips spaced at least {@code gapNanos} apart (spinning in between), each recorded.
     *
     * @param socket    the server's socket.
     * @param histogram receives nanoseconds per round trip.
     * @param count     round trips.
     * @param gapNanos  from one answer to the next request.
     * @throws IOException if the socket fails or an answer is wrong.
     */
    static void spacedRoundTrips(final Path socket, final Histogram histogram, final int count, final long gapNanos)
        throws IOException
    {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket)))
        {
            final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE_LENGTH);
            final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE_LENGTH);
            for (long sequence = 0; sequence < count; sequence++)
            {
                IpcSuite.spinFor(gapNanos);
                out.clear();
                out.putLong(0, sequence);
                in.clear();
                final long t0 = System.nanoTime();
                writeFully(channel, out);
                if (!readFully(channel, in))
                {
                    throw new EOFException("UDS server closed the connection");
                }
                histogram.recordValue(System.nanoTime() - t0);
                if (sequence != in.getLong(0))
                {
                    throw new IOException("UDS answer " + in.getLong(0) + " to request " + sequence);
                }
            }
        }
    }

    private static boolean readFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }
}
