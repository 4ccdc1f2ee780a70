package io.ringwork;

import io.ringwork.internal.layout.CqeDescriptor;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A completion queue entry, read and written in place: a flyweight over one 32-byte slot of a ring (layout in
 * {@code CqeDescriptor}). The error is separate from the result: check {@link #error()} first.
 * <p>
 * A client reads the ones {@link Ring#peekCqe()} or {@link Ring#forEachCqe} hand it, and must not keep the object
 * after the entry is consumed: the slot, and this flyweight, are reused.
 */
public final class Cqe
{
    /** Flag: more CQEs will follow for the same SQE (a subscription). */
    public static final int MORE = 1;
    /** Flag: the last CQE of a subscription. */
    public static final int LAST_UPDATE = 1 << 1;
    /** Flag: an event notification rather than the result of a request. */
    public static final int EVENT = 1 << 2;

    private final MemorySegment region;
    private final long offset;

    /**
     * A flyweight over the slot at {@code offset}; rings make these, applications do not.
     *
     * @param region ring memory.
     * @param offset the slot's first byte.
     */
    public Cqe(final MemorySegment region, final long offset)
    {
        this.region = region;
        this.offset = offset;
    }

    /**
     * Fills every field of the entry (the server side's one write per completion).
     *
     * @param userData from the SQE.
     * @param result   the result.
     * @param error    errno number, 0 for success.
     * @param opcode   the SQE's verb code.
     * @param flags    {@link #MORE}, ... bits.
     * @param extra    a second result word.
     * @return this.
     */
    public Cqe fill(final long userData, final long result, final int error, final int opcode, final int flags,
        final long extra)
    {
        final MemorySegment region = this.region;
        final long offset = this.offset;
        region.set(JAVA_LONG, offset + CqeDescriptor.USER_DATA_OFFSET, userData);
        region.set(JAVA_LONG, offset + CqeDescriptor.RESULT_OFFSET, result);
        region.set(JAVA_INT, offset + CqeDescriptor.ERROR_OFFSET, error);
        region.set(JAVA_BYTE, offset + CqeDescriptor.OPCODE_OFFSET, (byte)opcode);
        region.set(JAVA_BYTE, offset + CqeDescriptor.FLAGS_OFFSET, (byte)flags);
        region.set(JAVA_SHORT, offset + CqeDescriptor.RESERVED_OFFSET, (short)0);
        region.set(JAVA_LONG, offset + CqeDescriptor.EXTRA_OFFSET, extra);
        return this;
    }

    /**
     * The user data of the SQE this completes.
     *
     * @return 64 bits.
     */
    public long userData()
    {
        return region.get(JAVA_LONG, offset + CqeDescriptor.USER_DATA_OFFSET);
    }

    /**
     * The result; undefined when {@link #error()} is not 0 unless the verb says otherwise.
     *
     * @return bytes, a handle, a position, a count.
     */
    public long result()
    {
        return region.get(JAVA_LONG, offset + CqeDescriptor.RESULT_OFFSET);
    }

    /**
     * The error number, 0 on success.
     *
     * @return an {@link Errno} number, possibly one this version does not know.
     */
    public int error()
    {
        return region.get(JAVA_INT, offset + CqeDescriptor.ERROR_OFFSET);
    }

    /**
     * The error as an enum.
     *
     * @return {@link Errno#EOK} on success.
     */
    public Errno errno()
    {
        return Errno.of(error());
    }

    /**
     * The verb code of the completed SQE.
     *
     * @return 0..255.
     */
    public int opcode()
    {
        return Byte.toUnsignedInt(region.get(JAVA_BYTE, offset + CqeDescriptor.OPCODE_OFFSET));
    }

    /**
     * The flags.
     *
     * @return {@link #MORE}, ... bits.
     */
    public int flags()
    {
        return Byte.toUnsignedInt(region.get(JAVA_BYTE, offset + CqeDescriptor.FLAGS_OFFSET));
    }

    /**
     * The second result word.
     *
     * @return 64 bits.
     */
    public long extra()
    {
        return region.get(JAVA_LONG, offset + CqeDescriptor.EXTRA_OFFSET);
    }

    @Override
    public String toString()
    {
        return "Cqe{userData=" + userData() + ", op=" + Opcode.nameOf(opcode()) + ", result=" + result() +
            ", error=" + Errno.of(error()).name() + ", flags=0x" + Integer.toHexString(flags()) +
            ", extra=" + extra() + "}";
    }
}
