package io.ringwork;

import io.ringwork.internal.layout.SqeDescriptor;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A submission queue entry, read and written in place: a flyweight over one 64-byte slot of a ring (layout in
 * {@code SqeDescriptor}). Accessors are named after the field; setters return {@code this} for chaining.
 * <p>
 * A client gets one from {@link Ring#getSqe()}, already zeroed, fills it with one {@code prep*} helper (each sets
 * the opcode and all five arguments through {@link #prep}), adds user data, flags, registers or a timeout, and then
 * calls {@link Ring#submit()}. Plain stores: the slot is the claiming thread's alone until the submit publishes it.
 * {@snippet lang=java :
 * Sqe sqe = ring.getSqe();
 * if (sqe != null) {
 *     sqe.prepRead(handle, buffer, 4096, 0).userData(42);
 *     ring.submit();
 * }
 * }
 */
public final class Sqe
{
    /** Flag: the next SQE runs only if this one succeeds; otherwise it and the rest complete with ECANCELED. */
    public static final int LINK = 1;
    /** Flag: the next SQE runs after this one, whatever its result. */
    public static final int HARDLINK = 1 << 1;
    /** Flag: this SQE starts only after every earlier SQE has completed. */
    public static final int DRAIN = 1 << 2;
    /** Flag: post no CQE if this SQE succeeds. */
    public static final int CQE_SKIP_SUCCESS = 1 << 3;
    /** Flag: a subscription: one SQE, many CQEs ({@link Cqe#MORE} while more follow). */
    public static final int SUBSCRIBE = 1 << 4;
    /** Every flag this version knows; an SQE with any other bit set completes with EINVAL. */
    public static final int VALID_FLAGS = LINK | HARDLINK | DRAIN | CQE_SKIP_SUCCESS | SUBSCRIBE;

    /** arg3 value meaning "at the handle's current position", which then advances. */
    public static final long CURRENT_POSITION = -1;

    /** No register: zeroed memory means no loads and no save. */
    public static final int NO_REGISTER = -1;

    private final MemorySegment region;
    private final long offset;

    /**
     * A flyweight over the slot at {@code offset}; rings make these, applications do not.
     *
     * @param region ring memory.
     * @param offset the slot's first byte.
     */
    public Sqe(final MemorySegment region, final long offset)
    {
        this.region = region;
        this.offset = offset;
    }

    /**
     * Zeroes the whole entry, so nothing from an earlier use leaks into this one.
     *
     * @return this.
     */
    public Sqe clear()
    {
        final MemorySegment region = this.region;
        final long offset = this.offset;
        for (int i = 0; i < SqeDescriptor.LENGTH; i += Long.BYTES)
        {
            region.set(JAVA_LONG, offset + i, 0L);
        }
        return this;
    }

    /**
     * The common funnel of every prep helper (liburing's {@code io_uring_prep_rw}): sets the opcode and all five
     * arguments, and clears flags, priority, registers and timeout. User data is left alone.
     *
     * @param opcode verb code, 0..255.
     * @param arg0   subject.
     * @param arg1   payload.
     * @param arg2   magnitude.
     * @param arg3   location.
     * @param arg4   auxiliary.
     * @return this.
     */
    public Sqe prep(final int opcode, final long arg0, final long arg1, final long arg2, final long arg3,
        final long arg4)
    {
        final MemorySegment region = this.region;
        final long offset = this.offset;
        region.set(JAVA_BYTE, offset + SqeDescriptor.OPCODE_OFFSET, (byte)opcode);
        region.set(JAVA_BYTE, offset + SqeDescriptor.FLAGS_OFFSET, (byte)0);
        region.set(JAVA_SHORT, offset + SqeDescriptor.PRIORITY_OFFSET, (short)0);
        region.set(JAVA_INT, offset + SqeDescriptor.REGISTERS_OFFSET, 0);
        region.set(JAVA_LONG, offset + SqeDescriptor.ARG0_OFFSET, arg0);
        region.set(JAVA_LONG, offset + SqeDescriptor.ARG1_OFFSET, arg1);
        region.set(JAVA_LONG, offset + SqeDescriptor.ARG2_OFFSET, arg2);
        region.set(JAVA_LONG, offset + SqeDescriptor.ARG3_OFFSET, arg3);
        region.set(JAVA_LONG, offset + SqeDescriptor.ARG4_OFFSET, arg4);
        region.set(JAVA_LONG, offset + SqeDescriptor.TIMEOUT_OFFSET, 0L);
        return this;
    }

    /**
     * NOP: completes at once; with {@link #timeoutNanos(long)} it is a sleep ending in ETIMEDOUT.
     *
     * @return this.
     */
    public Sqe prepNop()
    {
        return prep(Opcode.NOP.code(), 0, 0, 0, 0, 0);
    }

    /**
     * READ: {@code length} bytes from {@code handle} at {@code position} into {@code buffer}.
     *
     * @param handle   an open handle.
     * @param buffer   a buffer reference.
     * @param length   bytes.
     * @param position file offset, or {@link #CURRENT_POSITION}.
     * @return this.
     */
    public Sqe prepRead(final long handle, final long buffer, final long length, final long position)
    {
        return prep(Opcode.READ.code(), handle, buffer, length, position, 0);
    }

    /**
     * WRITE: {@code length} bytes from {@code buffer} to {@code handle} at {@code position}.
     *
     * @param handle   an open handle.
     * @param buffer   a buffer reference.
     * @param length   bytes.
     * @param position file offset, or {@link #CURRENT_POSITION}.
     * @return this.
     */
    public Sqe prepWrite(final long handle, final long buffer, final long length, final long position)
    {
        return prep(Opcode.WRITE.code(), handle, buffer, length, position, 0);
    }

    /**
     * READV: into {@code count} buffers listed in a vector buffer.
     *
     * @param handle   an open handle.
     * @param vector   a buffer reference to {@code count} 16-byte entries (buffer reference, length), layout in
     *                 {@code IoVecDescriptor}.
     * @param count    entries in the vector, 1 to 1024.
     * @param position file offset, or {@link #CURRENT_POSITION}.
     * @return this.
     */
    public Sqe prepReadv(final long handle, final long vector, final long count, final long position)
    {
        return prep(Opcode.READV.code(), handle, vector, count, position, 0);
    }

    /**
     * WRITEV: from {@code count} buffers listed in a vector buffer.
     *
     * @param handle   an open handle.
     * @param vector   a buffer reference to {@code count} 16-byte entries (buffer reference, length), layout in
     *                 {@code IoVecDescriptor}.
     * @param count    entries in the vector, 1 to 1024.
     * @param position file offset, or {@link #CURRENT_POSITION}.
     * @return this.
     */
    public Sqe prepWritev(final long handle, final long vector, final long count, final long position)
    {
        return prep(Opcode.WRITEV.code(), handle, vector, count, position, 0);
    }

    /**
     * POLL: waits for any of {@code events} on {@code handle}.
     *
     * @param handle an open handle.
     * @param events {@link VerbFlags#POLL_READ} and/or {@link VerbFlags#POLL_WRITE}.
     * @return this.
     */
    public Sqe prepPoll(final long handle, final long events)
    {
        return prep(Opcode.POLL.code(), handle, events, 0, 0, 0);
    }

    /**
     * OPEN: a path such as {@code "file:/tmp/x"} held in a buffer.
     *
     * @param path       a buffer reference holding the UTF-8 path.
     * @param pathLength bytes of the path.
     * @param flags      {@code VerbFlags.OPEN_*} bits.
     * @param mode       permission bits for a created file, 0 for the scheme's default.
     * @return this.
     */
    public Sqe prepOpen(final long path, final long pathLength, final long flags, final long mode)
    {
        return prep(Opcode.OPEN.code(), 0, path, pathLength, flags, mode);
    }

    /**
     * CLOSE.
     *
     * @param handle an open handle.
     * @return this.
     */
    public Sqe prepClose(final long handle)
    {
        return prep(Opcode.CLOSE.code(), handle, 0, 0, 0, 0);
    }

    /**
     * SEEK.
     *
     * @param handle an open handle.
     * @param offset distance.
     * @param whence {@link VerbFlags#SEEK_SET}, {@link VerbFlags#SEEK_CUR} or {@link VerbFlags#SEEK_END}.
     * @return this.
     */
    public Sqe prepSeek(final long handle, final long offset, final long whence)
    {
        return prep(Opcode.SEEK.code(), handle, 0, 0, offset, whence);
    }

    /**
     * FSYNC.
     *
     * @param handle an open handle.
     * @param flags  0 for data and metadata, or {@link VerbFlags#FSYNC_DATA_ONLY}.
     * @return this.
     */
    public Sqe prepFsync(final long handle, final long flags)
    {
        return prep(Opcode.FSYNC.code(), handle, 0, 0, 0, flags);
    }

    /**
     * TRUNCATE: sets {@code handle}'s size, cutting it or extending it with zeros.
     *
     * @param handle a handle open for writing.
     * @param length the new size (arg3).
     * @return this.
     */
    public Sqe prepTruncate(final long handle, final long length)
    {
        return prep(Opcode.TRUNCATE.code(), handle, 0, 0, length, 0);
    }

    /**
     * STAT: describes {@code handle} into a buffer.
     *
     * @param handle an open handle.
     * @param buffer a buffer reference.
     * @param length bytes available in the buffer.
     * @return this.
     */
    public Sqe prepStat(final long handle, final long buffer, final long length)
    {
        return prep(Opcode.STAT.code(), handle, buffer, length, 0, 0);
    }

    /**
     * TIMEOUT: completes after {@code nanos}, or after {@code count} other completions if that comes first.
     *
     * @param nanos relative time, or an absolute deadline with the absolute flag.
     * @param count completions to wait for; 0 for time only.
     * @param flags {@link VerbFlags#TIMEOUT_ABSOLUTE}, {@link VerbFlags#TIMEOUT_ETIME_SUCCESS}.
     * @return this.
     */
    public Sqe prepTimeout(final long nanos, final long count, final long flags)
    {
        return prep(Opcode.TIMEOUT.code(), 0, 0, count, nanos, flags);
    }

    /**
     * CANCEL: operations whose user data is {@code target}.
     *
     * @param target user data of the operations to cancel.
     * @param flags  {@link VerbFlags#CANCEL_ALL}, {@link VerbFlags#CANCEL_ANY}.
     * @return this.
     */
    public Sqe prepCancel(final long target, final long flags)
    {
        return prep(Opcode.CANCEL.code(), target, flags, 0, 0, 0);
    }

    /**
     * DUP.
     *
     * @param handle an open handle.
     * @return this.
     */
    public Sqe prepDup(final long handle)
    {
        return prep(Opcode.DUP.code(), handle, 0, 0, 0, 0);
    }

    /**
     * FUTEX_WAIT: waits while the 32-bit word at {@code word} holds {@code expected}.
     *
     * @param word     a buffer reference to a 4-byte aligned word.
     * @param expected the value.
     * @return this.
     */
    public Sqe prepFutexWait(final long word, final long expected)
    {
        return prep(Opcode.FUTEX_WAIT.code(), 0, word, expected, 0, 0);
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} waiters on the word.
     *
     * @param word  a buffer reference to a 4-byte aligned word.
     * @param count waiters to wake.
     * @return this.
     */
    public Sqe prepFutexWake(final long word, final long count)
    {
        return prep(Opcode.FUTEX_WAKE.code(), 0, word, count, 0, 0);
    }

    /**
     * A scheme's own verb.
     *
     * @param opcode {@link Opcode#USER_MIN}..{@link Opcode#USER_MAX}.
     * @param handle an open handle of the scheme.
     * @param arg1   payload.
     * @param arg2   magnitude.
     * @param arg3   location.
     * @param arg4   auxiliary.
     * @return this.
     */
    public Sqe prepUser(final int opcode, final long handle, final long arg1, final long arg2, final long arg3,
        final long arg4)
    {
        if (!Opcode.isUser(opcode))
        {
            throw new IllegalArgumentException("opcode=" + opcode + " is not in the user range [" +
                Opcode.USER_MIN + ", " + Opcode.USER_MAX + "]");
        }
        return prep(opcode, handle, arg1, arg2, arg3, arg4);
    }

    /**
     * The verb code.
     *
     * @return 0..255.
     */
    public int opcode()
    {
        return Byte.toUnsignedInt(region.get(JAVA_BYTE, offset + SqeDescriptor.OPCODE_OFFSET));
    }

    /**
     * Sets the verb code.
     *
     * @param opcode 0..255.
     * @return this.
     */
    public Sqe opcode(final int opcode)
    {
        region.set(JAVA_BYTE, offset + SqeDescriptor.OPCODE_OFFSET, (byte)opcode);
        return this;
    }

    /**
     * The flags.
     *
     * @return {@link #LINK}, {@link #HARDLINK}, ... bits.
     */
    public int flags()
    {
        return Byte.toUnsignedInt(region.get(JAVA_BYTE, offset + SqeDescriptor.FLAGS_OFFSET));
    }

    /**
     * Sets the flags.
     *
     * @param flags {@link #LINK}, {@link #HARDLINK}, ... bits.
     * @return this.
     */
    public Sqe flags(final int flags)
    {
        region.set(JAVA_BYTE, offset + SqeDescriptor.FLAGS_OFFSET, (byte)flags);
        return this;
    }

    /**
     * The priority.
     *
     * @return 0..65535, greater first.
     */
    public int priority()
    {
        return Short.toUnsignedInt(region.get(JAVA_SHORT, offset + SqeDescriptor.PRIORITY_OFFSET));
    }

    /**
     * Sets the priority.
     *
     * @param priority 0..65535, greater first.
     * @return this.
     */
    public Sqe priority(final int priority)
    {
        region.set(JAVA_SHORT, offset + SqeDescriptor.PRIORITY_OFFSET, (short)priority);
        return this;
    }

    /**
     * The raw register specifier word.
     *
     * @return six 3-bit fields.
     */
    public int registerSpecs()
    {
        return region.get(JAVA_INT, offset + SqeDescriptor.REGISTERS_OFFSET);
    }

    /**
     * Sets the raw register specifier word.
     *
     * @param specs six 3-bit fields.
     * @return this.
     */
    public Sqe registerSpecs(final int specs)
    {
        region.set(JAVA_INT, offset + SqeDescriptor.REGISTERS_OFFSET, specs);
        return this;
    }

    /**
     * Loads argument {@code arg} from register {@code register} when the SQE is dispatched.
     *
     * @param arg      0..4.
     * @param register 0..6 (R0..R6).
     * @return this.
     */
    public Sqe loadArg(final int arg, final int register)
    {
        if (arg < 0 || arg >= SqeDescriptor.ARG_COUNT)
        {
            throw new IllegalArgumentException("arg=" + arg + " must be in [0, 4]");
        }
        return setSpec(arg, register);
    }

    /**
     * Saves the result in register {@code register} before the CQE is published.
     *
     * @param register 0..6 (R0..R6).
     * @return this.
     */
    public Sqe saveResult(final int register)
    {
        return setSpec(SqeDescriptor.RESULT_SPEC_INDEX, register);
    }

    private Sqe setSpec(final int field, final int register)
    {
        if (register < 0 || register > 6)
        {
            throw new IllegalArgumentException("register=" + register + " must be in [0, 6]");
        }
        final int shift = field * SqeDescriptor.REGISTER_SPEC_BITS;
        final int specs = registerSpecs() & ~(SqeDescriptor.REGISTER_SPEC_MASK << shift);
        return registerSpecs(specs | ((register + 1) << shift));
    }

    /**
     * The register argument {@code arg} loads from.
     *
     * @param arg 0..4.
     * @return 0..6, or {@link #NO_REGISTER}.
     */
    public int argRegister(final int arg)
    {
        return ((registerSpecs() >>> (arg * SqeDescriptor.REGISTER_SPEC_BITS)) & SqeDescriptor.REGISTER_SPEC_MASK) - 1;
    }

    /**
     * The register the result is saved in.
     *
     * @return 0..6, or {@link #NO_REGISTER}.
     */
    public int resultRegister()
    {
        return argRegister(SqeDescriptor.RESULT_SPEC_INDEX);
    }

    /**
     * Argument {@code n}.
     *
     * @param n 0..4.
     * @return the raw 64 bits.
     */
    public long arg(final int n)
    {
        return region.get(JAVA_LONG, offset + SqeDescriptor.argOffset(n));
    }

    /**
     * Sets argument {@code n}.
     *
     * @param n     0..4.
     * @param value the raw 64 bits.
     * @return this.
     */
    public Sqe arg(final int n, final long value)
    {
        region.set(JAVA_LONG, offset + SqeDescriptor.argOffset(n), value);
        return this;
    }

    /**
     * The user data.
     *
     * @return echoed in the CQE.
     */
    public long userData()
    {
        return region.get(JAVA_LONG, offset + SqeDescriptor.USER_DATA_OFFSET);
    }

    /**
     * Sets the user data, echoed unchanged in the CQE.
     *
     * @param userData any 64 bits.
     * @return this.
     */
    public Sqe userData(final long userData)
    {
        region.set(JAVA_LONG, offset + SqeDescriptor.USER_DATA_OFFSET, userData);
        return this;
    }

    /**
     * The per-SQE timeout.
     *
     * @return nanoseconds, 0 = none.
     */
    public long timeoutNanos()
    {
        return region.get(JAVA_LONG, offset + SqeDescriptor.TIMEOUT_OFFSET);
    }

    /**
     * Sets a per-SQE timeout: the operation completes with ETIMEDOUT if not done by then.
     *
     * @param nanos relative nanoseconds, 0 = none.
     * @return this.
     */
    public Sqe timeoutNanos(final long nanos)
    {
        region.set(JAVA_LONG, offset + SqeDescriptor.TIMEOUT_OFFSET, nanos);
        return this;
    }

    /**
     * Copies all 64 bytes of this entry into another slot (the dispatcher keeps SQEs it defers).
     *
     * @param target destination memory.
     * @param targetOffset destination offset.
     */
    public void copyTo(final MemorySegment target, final long targetOffset)
    {
        MemorySegment.copy(region, offset, target, targetOffset, SqeDescriptor.LENGTH);
    }

    @Override
    public String toString()
    {
        return "Sqe{op=" + Opcode.nameOf(opcode()) + ", flags=0x" + Integer.toHexString(flags()) +
            ", prio=" + priority() + ", regs=0x" + Integer.toHexString(registerSpecs()) +
            ", args=[" + arg(0) + ", " + arg(1) + ", " + arg(2) + ", " + arg(3) + ", " + arg(4) + "]" +
            ", userData=" + userData() + ", timeoutNs=" + timeoutNanos() + "}";
    }
}
