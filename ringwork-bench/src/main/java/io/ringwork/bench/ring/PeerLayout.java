package io.ringwork.bench.ring;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The file the ring suite shares with its peer process besides the Ringwork ring: a control block that tells the
 * peer what to serve, then the two Agrona rings of the baseline (requests to the peer, responses back).
 * <pre>
 *   +----------------------------------+  0
 *   | command (i32, suite writes)      |
 *   +----------------------------------+  128
 *   | acknowledged command (i32, peer) |
 *   +----------------------------------+  256
 *   | messages consumed (i64, peer)    |
 *   +----------------------------------+  384
 *   | reserved                         |
 *   +----------------------------------+  512 = REQUEST_RING_OFFSET
 *   | request OneToOneRingBuffer:      |
 *   | capacity + trailer               |
 *   +----------------------------------+  responseRingOffset(capacity)
 *   | response OneToOneRingBuffer:     |
 *   | capacity + trailer               |
 *   +----------------------------------+  fileLength(capacity)
 * </pre>
 * Agrona messages mirror the ring's entries: a request is 64 bytes like an SQE, a response 32 bytes like a CQE,
 * each with the sequence number at 0 and a value at 8 (a request also has a second operand at 16; the peer answers
 * with their sum, as the Ringwork echo does with arg0 and arg1).
 * <p>
 * Each control word has two cache lines to itself, as the ring's indices do. The peer polls the command only while
 * it has nothing to do, so the control block costs neither contender anything in steady state.
 */
final class PeerLayout
{
    /** What the suite wants the peer to do now; written with release, read with acquire. */
    static final int COMMAND_OFFSET = 0;
    /** The last command the peer switched to; written with release, read with acquire. */
    static final int ACK_OFFSET = 128;
    /** Messages the peer consumed in sink mode, cumulative; written with release, read with acquire. */
    static final int CONSUMED_OFFSET = 256;
    /** Where the request ring starts. */
    static final int REQUEST_RING_OFFSET = 512;

    /** Bytes of an Agrona request: the size of an SQE. */
    static final int REQUEST_LENGTH = 64;
    /** Bytes of an Agrona response: the size of a CQE. */
    static final int RESPONSE_LENGTH = 32;
    /** Message type of every Agrona message. */
    static final int MESSAGE_TYPE = 1;
    /** In a request and its response: the sequence number, echoed (like user data). */
    static final int SEQUENCE_OFFSET = 0;
    /** In a request: the first operand (like arg0); in a response: the result, operands summed. */
    static final int VALUE_OFFSET = 8;
    /** In a request: the second operand (like arg1). */
    static final int OPERAND_OFFSET = 16;

    /** Wait for a command, polling the control block. */
    static final int IDLE = 1;
    /** Serve the Ringwork ring: answer each SQE with a CQE. */
    static final int SERVE_RINGWORK = 2;
    /** Answer each Agrona request with a response. */
    static final int ECHO_AGRONA = 3;
    /** Consume Agrona requests and count them, answering nothing. */
    static final int SINK_AGRONA = 4;
    /** Exit. */
    static final int EXIT = 5;

    private PeerLayout()
    {
    }

    /**
     * Bytes one Agrona ring takes: its capacity plus its trailer.
     *
     * @param capacity the ring's capacity, a power of two.
     * @return bytes.
     */
    static int ringLength(final int capacity)
    {
        return capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * Where the response ring starts.
     *
     * @param capacity each ring's capacity.
     * @return byte offset.
     */
    static int responseRingOffset(final int capacity)
    {
        return REQUEST_RING_OFFSET + ringLength(capacity);
    }

    /**
     * The file's length.
     *
     * @param capacity each ring's capacity.
     * @return bytes.
     */
    static int fileLength(final int capacity)
    {
        return responseRingOffset(capacity) + ringLength(capacity);
    }
}
