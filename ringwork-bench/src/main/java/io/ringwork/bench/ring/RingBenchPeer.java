package io.ringwork.bench.ring;

import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.Sqe;
import io.ringwork.SqeHandler;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The second process of the ring suite. It serves whichever contender the suite's command word names: the Ringwork
 * ring (each SQE answered with a CQE whose result is {@code arg0 + arg1}, like {@code EchoServer}), or the Agrona
 * ring pair (each request answered with a response whose value is the sum of the request's operands), or the
 * Agrona request ring alone as a sink that only counts. Only one is served at a time, always busy-spinning, so the
 * two contenders never compete for a core. The peer polls the command word only when it has nothing to do.
 * <p>
 * Usage: {@code RingBenchPeer <ring-file> <agrona-file> <agrona-capacity> <parent-pid>}. It exits on
 * {@link PeerLayout#EXIT}, when the client end of the ring closes, or when the parent process dies.
 */
public final class RingBenchPeer implements SqeHandler
{
    /** How long one wait on the Ringwork ring lasts before the peer looks at the command word again. */
    private static final long COMMAND_POLL_NANOS = 1_000_000L;
    /** Idle polls between two checks that the parent still lives (a system call). */
    private static final int PARENT_CHECK_MASK = (1 << 16) - 1;

    private final ServedRing served;
    private final UnsafeBuffer control;
    private final OneToOneRingBuffer requests;
    private final OneToOneRingBuffer responses;
    private final ProcessHandle parent;
    private final MessageHandler echo = this::echo;
    private final MessageHandler sink = this::sink;
    private long checksum;
    private long consumed;
    private boolean stopped;

    private RingBenchPeer(final ServedRing served, final UnsafeBuffer file, final int capacity,
        final ProcessHandle parent)
    {
        this.served = served;
        this.control = new UnsafeBuffer(file, 0, PeerLayout.REQUEST_RING_OFFSET);
        this.requests = new OneToOneRingBuffer(
            new UnsafeBuffer(file, PeerLayout.REQUEST_RING_OFFSET, PeerLayout.ringLength(capacity)));
        this.responses = new OneToOneRingBuffer(
            new UnsafeBuffer(file, PeerLayout.responseRingOffset(capacity), PeerLayout.ringLength(capacity)));
        this.parent = parent;
    }

    /**
     * Runs the peer.
     *
     * @param args the ring file, the Agrona file, the Agrona ring capacity, the parent's pid.
     */
    public static void main(final String[] args)
    {
        final Path ringFile = Path.of(args[0]);
        final File agronaFile = new File(args[1]);
        final int capacity = Integer.parseInt(args[2]);
        final ProcessHandle parent = ProcessHandle.of(Long.parseLong(args[3])).orElse(null);
        if (null == parent)
        {
            System.err.println("ring bench peer: parent pid=" + args[3] + " is already gone");
            System.exit(1);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(agronaFile, "ring bench peer");
        try (ServedRing served = ServedRing.attach(ringFile, RingOptions.defaults().spinning()))
        {
            final RingBenchPeer peer = new RingBenchPeer(served, new UnsafeBuffer(mapped), capacity, parent);
            peer.run();
            System.out.println("ring bench peer: done, sink checksum " + peer.checksum);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    private void run()
    {
        while (!stopped)
        {
            final int command = command();
            switch (command)
            {
                case PeerLayout.SERVE_RINGWORK -> serveRingwork();
                case PeerLayout.ECHO_AGRONA -> serveAgrona(PeerLayout.ECHO_AGRONA, echo);
                case PeerLayout.SINK_AGRONA -> serveAgrona(PeerLayout.SINK_AGRONA, sink);
                case PeerLayout.EXIT -> stopped = true;
                default -> idle();
            }
        }
    }

    private int command()
    {
        // acquire: pairs with the suite's release of the command, so whatever it set up before is visible.
        return control.getIntAcquire(PeerLayout.COMMAND_OFFSET);
    }

    private void acknowledge(final int command)
    {
        // release: the suite starts measuring once it sees this, so everything before the switch happens first.
        control.putIntRelease(PeerLayout.ACK_OFFSET, command);
    }

    private void idle()
    {
        acknowledge(PeerLayout.IDLE);
        int polls = 0;
        while (PeerLayout.IDLE == command() && !stopped)
        {
            Thread.onSpinWait();
            checkParent(++polls);
        }
    }

    private void serveRingwork()
    {
        final ServedRing served = this.served;
        acknowledge(PeerLayout.SERVE_RINGWORK);
        while (PeerLayout.SERVE_RINGWORK == command() && !stopped)
        {
            serveRingworkOnce(served);
        }
    }

    // One call per wait, so the JIT compiles it as a method rather than only as part of a long loop.
    private void serveRingworkOnce(final ServedRing served)
    {
        final int ready = served.awaitSqes(COMMAND_POLL_NANOS);
        if (ready < 0)
        {
            stopped = true;
        }
        else if (ready > 0)
        {
            served.forEachSqe(this, ready);
            served.publishCqes();
        }
    }

    @Override
    public void onSqe(final Sqe sqe)
    {
        final ServedRing served = this.served;
        final long userData = sqe.userData();
        final long result = sqe.arg(0) + sqe.arg(1);
        final int opcode = sqe.opcode();
        final long extra = sqe.arg(2);
        while (!stopped && !served.postCqe(userData, result, 0, opcode, 0, extra))
        {
            served.publishCqes();
            if (served.awaitCqSpace(1, Long.MAX_VALUE) < 0)
            {
                stopped = true;
            }
        }
    }

    private void serveAgrona(final int mode, final MessageHandler handler)
    {
        final OneToOneRingBuffer requests = this.requests;
        final UnsafeBuffer control = this.control;
        acknowledge(mode);
        int polls = 0;
        while (!stopped)
        {
            final int read = requests.read(handler);
            if (read > 0)
            {
                if (PeerLayout.SINK_AGRONA == mode)
                {
                    // release: the suite reads the count with acquire to know the messages it sent were consumed.
                    control.putLongRelease(PeerLayout.CONSUMED_OFFSET, consumed);
                }
            }
            else
            {
                if (mode != command())
                {
                    return;
                }
                Thread.onSpinWait();
                checkParent(++polls);
            }
        }
    }

    private void echo(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = buffer.getLong(index + PeerLayout.SEQUENCE_OFFSET);
        final long sum = buffer.getLong(index + PeerLayout.VALUE_OFFSET) +
            buffer.getLong(index + PeerLayout.OPERAND_OFFSET);
        final OneToOneRingBuffer responses = this.responses;
        int at;
        int polls = 0;
        while ((at = responses.tryClaim(PeerLayout.MESSAGE_TYPE, PeerLayout.RESPONSE_LENGTH)) < 0)
        {
            if (stopped || PeerLayout.ECHO_AGRONA != command())
            {
                return;
            }
            Thread.onSpinWait();
            checkParent(++polls);
        }
        final AtomicBuffer out = responses.buffer();
        out.putLong(at + PeerLayout.SEQUENCE_OFFSET, sequence);
        out.putLong(at + PeerLayout.VALUE_OFFSET, sum);
        out.putLong(at + PeerLayout.OPERAND_OFFSET, 0L);
        out.putLong(at + PeerLayout.OPERAND_OFFSET + Long.BYTES, 0L);
        responses.commit(at);
    }

    private void sink(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        checksum += buffer.getLong(index + PeerLayout.SEQUENCE_OFFSET) +
            buffer.getLong(index + PeerLayout.VALUE_OFFSET) + buffer.getLong(index + PeerLayout.OPERAND_OFFSET);
        consumed++;
    }

    private void checkParent(final int polls)
    {
        if (0 == (polls & PARENT_CHECK_MASK) && !parent.isAlive())
        {
            stopped = true;
        }
    }
}
