package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_probe} and {@code struct io_uring_probe_op}: what {@code IORING_REGISTER_PROBE} fills in,
 * one entry per opcode up to {@code last_op}. The header is 16 bytes, each op 8.
 * {@snippet lang=c :
 * struct io_uring_probe_op {
 *     __u8  op;
 *     __u8  resv;
 *     __u16 flags;    // IO_URING_OP_* flags
 *     __u32 resv2;
 * };
 *
 * struct io_uring_probe {
 *     __u8  last_op;  // last opcode supported
 *     __u8  ops_len;  // length of ops[] array below
 *     __u16 resv;
 *     __u32 resv2[3];
 *     struct io_uring_probe_op ops[];
 * };
 * }
 */
public final class IoUringProbe
{
    /** {@code struct io_uring_probe_op}. */
    public static final StructLayout OP_LAYOUT = MemoryLayout.structLayout(
        JAVA_BYTE.withName("op"),
        JAVA_BYTE.withName("resv"),
        JAVA_SHORT.withName("flags"),
        JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    /** {@code struct io_uring_probe} without its flexible array. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_BYTE.withName("last_op"),
        JAVA_BYTE.withName("ops_len"),
        JAVA_SHORT.withName("resv"),
        MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2")).withName("io_uring_probe");

    /** {@code last_op}. */
    public static final long LAST_OP_OFFSET = LAYOUT.byteOffset(groupElement("last_op"));
    /** {@code ops_len}. */
    public static final long OPS_LEN_OFFSET = LAYOUT.byteOffset(groupElement("ops_len"));
    /** Where {@code ops[0]} starts. */
    public static final long OPS_OFFSET = LAYOUT.byteSize();
    /** Bytes per {@code io_uring_probe_op}. */
    public static final long OP_SIZE = OP_LAYOUT.byteSize();
    /** {@code io_uring_probe_op.op}. */
    public static final long OP_OP_OFFSET = OP_LAYOUT.byteOffset(groupElement("op"));
    /** {@code io_uring_probe_op.flags}. */
    public static final long OP_FLAGS_OFFSET = OP_LAYOUT.byteOffset(groupElement("flags"));
    /** Ops the probe asks about: 256, every value an 8-bit opcode can hold. */
    public static final int MAX_OPS = 256;

    private IoUringProbe()
    {
    }
}
