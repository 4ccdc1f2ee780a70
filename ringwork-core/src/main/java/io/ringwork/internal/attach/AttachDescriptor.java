package io.ringwork.internal.attach;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The two messages of the attach handshake, described once. Little-endian, sent once each way on a fresh UNIX
 * domain socket connection.
 * <pre>
 * Hello (client to server):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Magic 'RWAT' (u32)                       |  0
 *  +-------------------------------+-------------------------------+
 *  |   Protocol version (u16)      |   Ring layout version (u16)   |  4
 *  +-------------------------------+-------------------------------+
 *  |                      Client pid (u64)                         |  8
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |   Ring path length (u16)      |   Pool path length (u16)      | 16
 *  +-------------------------------+-------------------------------+
 *  |              Ring path, then pool path (UTF-8)               ...  20
 *  +---------------------------------------------------------------+
 *
 * Reply (server to client):
 *  +---------------------------------------------------------------+
 *  |                      Magic 'RWAT' (u32)                       |  0
 *  +---------------------------------------------------------------+
 *  |                 Errno number, 0 = attached (u32)              |  4
 *  +---------------------------------------------------------------+
 *  |                      Server pid (u64)                         |  8
 *  |                                                               |
 *  +-------------------------------+-------------------------------+
 *  |   Message length (u16)        |   Message (UTF-8)            ... 16
 *  +-------------------------------+-------------------------------+
 * </pre>
 * Every length is checked against {@link #MAX_PATH_BYTES} before anything is allocated for it.
 */
public final class AttachDescriptor
{
    /** 'RWAT' in little-endian. */
    public static final int MAGIC = 0x54415752;
    /** The handshake's version; a peer with another one is refused. */
    public static final int PROTOCOL_VERSION = 1;
    /** Longest path either side accepts. */
    public static final int MAX_PATH_BYTES = 4096;

    /** Fixed part of the hello. */
    public static final int HELLO_HEADER_LENGTH = 20;
    /** Fixed part of the reply. */
    public static final int REPLY_HEADER_LENGTH = 18;

    private AttachDescriptor()
    {
    }

    /**
     * What a client asks for.
     *
     * @param protocolVersion the client's handshake version.
     * @param layoutVersion   the client's ring layout version.
     * @param clientPid       the client's process id (as it says; the kernel-checked user comes from the socket).
     * @param ringPath        the ring file the client created.
     * @param poolPath        the client's pool directory, empty if none.
     */
    public record Hello(int protocolVersion, int layoutVersion, long clientPid, String ringPath, String poolPath)
    {
    }

    /**
     * What a server answers.
     *
     * @param errno     {@link Errno#EOK} when attached.
     * @param serverPid the server's process id.
     * @param message   why not, or a greeting.
     */
    public record Reply(Errno errno, long serverPid, String message)
    {
    }

    /**
     * Writes a hello.
     *
     * @param channel the connection.
     * @param hello   the message.
     * @throws IOException if the connection fails.
     */
    public static void writeHello(final SocketChannel channel, final Hello hello) throws IOException
    {
        final byte[] ring = checkedBytes(hello.ringPath());
        final byte[] pool = checkedBytes(hello.poolPath());
        final ByteBuffer buffer = ByteBuffer.allocate(HELLO_HEADER_LENGTH + ring.length + pool.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putShort((short)hello.protocolVersion()).putShort((short)hello.layoutVersion())
            .putLong(hello.clientPid()).putShort((short)ring.length).putShort((short)pool.length).put(ring).put(pool)
            .flip();
        writeFully(channel, buffer);
    }

    /**
     * Reads a hello, checking every field before trusting it.
     *
     * @param channel the connection.
     * @return the message.
     * @throws IOException       if the connection fails or closes early.
     * @throws RingworkException {@link Errno#EPROTO} for a bad magic or a length out of range.
     */
    public static Hello readHello(final SocketChannel channel) throws IOException
    {
        final ByteBuffer header = readFully(channel, HELLO_HEADER_LENGTH);
        if (MAGIC != header.getInt(0))
        {
            throw new RingworkException(Errno.EPROTO, "attach hello magic=0x" +
                Integer.toHexString(header.getInt(0)) + " is not 'RWAT'");
        }
        final int protocol = Short.toUnsignedInt(header.getShort(4));
        final int layout = Short.toUnsignedInt(header.getShort(6));
        final long pid = header.getLong(8);
        final int ringLength = Short.toUnsignedInt(header.getShort(16));
        final int poolLength = Short.toUnsignedInt(header.getShort(18));
        if (0 == ringLength || ringLength > MAX_PATH_BYTES || poolLength > MAX_PATH_BYTES)
        {
            throw new RingworkException(Errno.EPROTO, "attach hello ringPathLength=" + ringLength +
                " poolPathLength=" + poolLength + " outside [1, " + MAX_PATH_BYTES + "]");
        }
        final ByteBuffer paths = readFully(channel, ringLength + poolLength);
        final String ring = new String(paths.array(), 0, ringLength, StandardCharsets.UTF_8);
        final String pool = new String(paths.array(), ringLength, poolLength, StandardCharsets.UTF_8);
        return new Hello(protocol, layout, pid, ring, pool);
    }

    /**
     * Writes a reply.
     *
     * @param channel the connection.
     * @param reply   the message.
     * @throws IOException if the connection fails.
     */
    public static void writeReply(final SocketChannel channel, final Reply reply) throws IOException
    {
        final byte[] message = checkedBytes(reply.message());
        final ByteBuffer buffer = ByteBuffer.allocate(REPLY_HEADER_LENGTH + message.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).putInt(reply.errno().number()).putLong(reply.serverPid())
            .putShort((short)message.length).put(message).flip();
        writeFully(channel, buffer);
    }

    /**
     * Reads a reply.
     *
     * @param channel the connection.
     * @return the message.
     * @throws IOException       if the connection fails or closes early.
     * @throws RingworkException {@link Errno#EPROTO} for a bad magic or length.
     */
    public static Reply readReply(final SocketChannel channel) throws IOException
    {
        final ByteBuffer header = readFully(channel, REPLY_HEADER_LENGTH);
        if (MAGIC != header.getInt(0))
        {
            throw new RingworkException(Errno.EPROTO, "attach reply magic=0x" +
                Integer.toHexString(header.getInt(0)) + " is not 'RWAT'");
        }
        final Errno errno = Errno.of(header.getInt(4));
        final long pid = header.getLong(8);
        final int length = Short.toUnsignedInt(header.getShort(16));
        if (length > MAX_PATH_BYTES)
        {
            throw new RingworkException(Errno.EPROTO, "attach reply messageLength=" + length + " too long");
        }
        final ByteBuffer message = readFully(channel, length);
        return new Reply(errno, pid, new String(message.array(), 0, length, StandardCharsets.UTF_8));
    }

    private static byte[] checkedBytes(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_PATH_BYTES)
        {
            throw new IllegalArgumentException("length=" + bytes.length + " exceeds " + MAX_PATH_BYTES + " bytes");
        }
        return bytes;
    }

    private static void writeFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException
    {
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }

    private static ByteBuffer readFully(final SocketChannel channel, final int length) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining())
        {
            if (channel.read(buffer) < 0)
            {
                throw new java.io.EOFException("connection closed after " + buffer.position() + " of " + length +
                    " bytes");
            }
        }
        return buffer.flip();
    }
}
