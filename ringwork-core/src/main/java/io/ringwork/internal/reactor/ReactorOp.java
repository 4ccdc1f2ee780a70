package io.ringwork.internal.reactor;

import io.ringwork.Sqe;
import io.ringwork.internal.layout.SqeDescriptor;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One operation on its way through a reactor: what to write into the SQE, how to turn the CQE into the future's
 * value, and where it stands. Made by the submitting thread, handed to the reactor through {@link OpQueue} (whose
 * CAS publishes every field written before it), then touched by the reactor thread only — except
 * {@link #cancelled}, which a canceller sets from any thread.
 */
public final class ReactorOp
{
    /** The future completes with the CQE's result as a {@code Long}. */
    public static final int RESULT_LONG = 0;
    /** The future completes with the {@code FileStat} the server wrote into the op's bounce buffer. */
    public static final int RESULT_STAT = 1;
    /** The future completes with the whole {@code Completion}, errors included, never exceptionally. */
    public static final int RESULT_COMPLETION = 2;
    /** Not an operation: asks the reactor to cancel {@link #cancelTarget}. */
    static final int CANCEL_REQUEST = 3;

    /** No register: the argument is the SQE's own value. */
    public static final int NO_REGISTER = 0xF;
    private static final int LOAD_BITS = 4;
    private static final int ALL_LOADS_NONE = 0xFFFFF;

    int ring;
    int opcode;
    int flags;
    int priority;
    long arg0;
    long arg1;
    long arg2;
    long arg3;
    long arg4;
    long timeoutNanos;
    int loads = ALL_LOADS_NONE;
    int save = NO_REGISTER;

    int resultKind;
    ReactorFuture<?> future;
    long bounce = -1;
    ByteBuffer copyOut;
    ChainState chain;
    ReactorOp chainNext;
    ReactorOp cancelTarget;

    ReactorOp next;
    long userData = -1;
    boolean submitted;
    boolean completed;
    volatile boolean cancelled;

    /**
     * An operation on one ring of a reactor.
     *
     * @param ring   the ring's index in the reactor.
     * @param opcode the verb.
     */
    public ReactorOp(final int ring, final int opcode)
    {
        this.ring = ring;
        this.opcode = opcode;
    }

    /**
     * Sets the five arguments.
     *
     * @param a0 arg0 (subject).
     * @param a1 arg1 (payload).
     * @param a2 arg2 (magnitude).
     * @param a3 arg3 (location).
     * @param a4 arg4 (auxiliary).
     * @return this op.
     */
    public ReactorOp args(final long a0, final long a1, final long a2, final long a3, final long a4)
    {
        arg0 = a0;
        arg1 = a1;
        arg2 = a2;
        arg3 = a3;
        arg4 = a4;
        return this;
    }

    /**
     * Sets the SQE flags ({@code Sqe.LINK} and {@code HARDLINK} are set by the chain, not here).
     *
     * @param sqeFlags such as {@code Sqe.DRAIN}.
     * @return this op.
     */
    public ReactorOp flags(final int sqeFlags)
    {
        flags = sqeFlags;
        return this;
    }

    /**
     * Sets the per-SQE timeout.
     *
     * @param nanos 0 for none.
     * @return this op.
     */
    public ReactorOp timeout(final long nanos)
    {
        timeoutNanos = nanos;
        return this;
    }

    /**
     * Loads an argument from one of the chain's registers when the SQE is dispatched.
     *
     * @param arg      0..4.
     * @param register the chain's register, 0..6; the reactor maps it to a ring register leased for the chain.
     * @return this op.
     */
    public ReactorOp load(final int arg, final int register)
    {
        final int shift = arg * LOAD_BITS;
        loads = (loads & ~(NO_REGISTER << shift)) | (register << shift);
        return this;
    }

    /**
     * Saves the result into one of the chain's registers before the CQE is posted.
     *
     * @param register the chain's register, 0..6.
     * @return this op.
     */
    public ReactorOp save(final int register)
    {
        save = register;
        return this;
    }

    /**
     * How the CQE becomes the future's value.
     *
     * @param kind      {@link #RESULT_LONG}, {@link #RESULT_STAT} or {@link #RESULT_COMPLETION}.
     * @param completed the future.
     * @return this op.
     */
    public ReactorOp result(final int kind, final ReactorFuture<?> completed)
    {
        resultKind = kind;
        future = completed;
        if (null != completed)
        {
            completed.bind(this);
        }
        return this;
    }

    /**
     * A pool buffer the reactor made for this op (a copy of the caller's bytes, or room for them), freed when the
     * CQE arrives and never before: the server may write into it until then.
     *
     * @param ref     the buffer.
     * @param readTo  where a read's bytes go when it completes, or null.
     * @return this op.
     */
    public ReactorOp bounce(final long ref, final ByteBuffer readTo)
    {
        bounce = ref;
        copyOut = readTo;
        return this;
    }

    /**
     * Joins steps into a chain, handed to the reactor through its head.
     *
     * @param steps          in order, at least one.
     * @param localRegisters the chain's registers its steps use, as a bit mask.
     * @param hardLinkMask   bit i set: step i+1 runs even if step i fails.
     * @return the head.
     */
    public static ReactorOp link(final List<ReactorOp> steps, final int localRegisters, final int hardLinkMask)
    {
        final ChainState chain = new ChainState(steps.size(), localRegisters, hardLinkMask);
        for (int i = 0; i < steps.size(); i++)
        {
            final ReactorOp step = steps.get(i);
            step.chain = chain;
            step.chainNext = i + 1 < steps.size() ? steps.get(i + 1) : null;
        }
        return steps.getFirst();
    }

    /**
     * The chain-local registers this op reads or writes, as a bit mask.
     *
     * @return bit r set for register r.
     */
    public int registersUsed()
    {
        int mask = NO_REGISTER == save ? 0 : 1 << save;
        for (int i = 0; i < SqeDescriptor.ARG_COUNT; i++)
        {
            final int register = (loads >>> (i * LOAD_BITS)) & NO_REGISTER;
            if (NO_REGISTER != register)
            {
                mask |= 1 << register;
            }
        }
        return mask;
    }

    /**
     * Writes the SQE, mapping the chain's registers to the ring's.
     *
     * @param sqe         claimed, zeroed.
     * @param registerMap ring register for each chain register, or null for an op outside a chain.
     * @param linkFlag    {@code Sqe.LINK}, {@code Sqe.HARDLINK} or 0.
     */
    void write(final Sqe sqe, final int[] registerMap, final int linkFlag)
    {
        sqe.prep(opcode, arg0, arg1, arg2, arg3, arg4).flags(flags | linkFlag).userData(userData);
        if (0 != priority)
        {
            sqe.priority(priority);
        }
        if (0 != timeoutNanos)
        {
            sqe.timeoutNanos(timeoutNanos);
        }
        if (null != registerMap)
        {
            for (int i = 0; i < SqeDescriptor.ARG_COUNT; i++)
            {
                final int register = (loads >>> (i * LOAD_BITS)) & NO_REGISTER;
                if (NO_REGISTER != register)
                {
                    sqe.loadArg(i, registerMap[register]);
                }
            }
            if (NO_REGISTER != save)
            {
                sqe.saveResult(registerMap[save]);
            }
        }
    }
}
