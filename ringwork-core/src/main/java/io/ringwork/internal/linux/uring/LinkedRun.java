package io.ringwork.internal.linux.uring;

import io.ringwork.Opcode;
import io.ringwork.internal.schemes.DirectIo;
import io.ringwork.internal.schemes.NativeLinks;
import io.ringwork.scheme.Request;

/**
 * The io_uring side of {@link NativeLinks}: turns a run of chain members into {@link FileOp}s joined by
 * {@link UringOp#runNext}, each carrying the {@code IOSQE_IO_LINK} or {@code IOSQE_IO_HARDLINK} that joins its SQE to
 * the next, and hands the run to the loop as one node of its queue, so the loop submits it as consecutive SQEs in one
 * {@code io_uring_enter}. How the loop keeps the chain's semantics (a short transfer, a cancel, a stop) is described
 * on {@link IoUringLoop}.
 */
final class LinkedRun
{
    private LinkedRun()
    {
    }

    /**
     * Whether a resolved member fits one SQE: at most Linux's {@code MAX_RW_COUNT} (a longer transfer needs a
     * second SQE, which would run after the next member), aligned when the handle is O_DIRECT (a misaligned one
     * fails step by step, with EINVAL, when its turn comes).
     *
     * @param handle  the member's handle.
     * @param request the member.
     * @return true if it can join a run.
     */
    static boolean linkable(final IoUringFileHandle handle, final Request request)
    {
        long total = 0;
        long misaligned = request.position();
        for (int i = 0; i < request.bufferCount(); i++)
        {
            total += request.bufferLength(i);
            misaligned |= request.bufferAddress(i) | request.bufferLength(i);
        }
        if (handle.direct() && Opcode.FSYNC.code() != request.opcode() && 0 != (misaligned & (DirectIo.ALIGNMENT - 1)))
        {
            return false;
        }
        return total <= FileOp.MAX_TRANSFER;
    }

    /**
     * Whether a member may lead a run: not a READ that {@link IoUringFileHandle#read} would first try inline with
     * {@code RWF_NOWAIT}. From the page cache that read completes on the dispatcher thread without any trip to the
     * loop, and the chain goes on at once; a native run would make it a trip to the kernel ring and back. A READ
     * behind another member in a run goes to the ring like the rest: its data may depend on what runs before it.
     *
     * @param handle the member's handle.
     * @param opcode the member's verb.
     * @return true if a run may start with it.
     */
    static boolean leads(final IoUringFileHandle handle, final int opcode)
    {
        return !(Opcode.READ.code() == opcode && handle.loop().nowaitReads() && !handle.direct());
    }

    /**
     * Builds the run and hands it to the loop.
     *
     * @param loop    the handles' loop.
     * @param members the members in chain order.
     * @param handles their handles, io_uring ones of {@code loop}.
     * @param modes   {@link NativeLinks} mode bits per member.
     * @param count   how many.
     */
    static void submit(final IoUringLoop loop, final Request[] members, final NativeLinks[] handles,
        final int[] modes, final int count)
    {
        UringOp head = null;
        UringOp tail = null;
        for (int i = 0; i < count; i++)
        {
            final Request request = members[i];
            final IoUringFileHandle handle = (IoUringFileHandle)handles[i];
            final int opcode = request.opcode();
            final FileOp op = FileOp.of(request);
            if (Opcode.FSYNC.code() == opcode)
            {
                op.fsync(request, handle, 0 != (modes[i] & NativeLinks.DATA_ONLY));
            }
            else
            {
                op.transfer(request, handle, Opcode.WRITE.code() == opcode || Opcode.WRITEV.code() == opcode, 0);
            }
            if (i < count - 1)
            {
                op.linkFlag = 0 != (modes[i] & NativeLinks.HARDLINK) ? IoUringConstants.IOSQE_IO_HARDLINK :
                    IoUringConstants.IOSQE_IO_LINK;
            }
            if (null == tail)
            {
                head = op;
            }
            else
            {
                tail.runNext = op;
            }
            tail = op;
        }
        loop.executeRun(head);
    }
}
