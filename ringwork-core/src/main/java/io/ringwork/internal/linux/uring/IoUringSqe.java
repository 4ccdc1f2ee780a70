package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_sqe}: one submission, 64 bytes. The header's anonymous unions are laid out by their first
 * member; the other members share its offset (noted on each constant).
 * {@snippet lang=c :
 * struct io_uring_sqe {
 *     __u8  opcode;
 *     __u8  flags;          // IOSQE_ flags
 *     __u16 ioprio;
 *     __s32 fd;
 *     union { __u64 off; __u64 addr2; ... };
 *     union { __u64 addr; __u64 splice_off_in; ... };
 *     __u32 len;
 *     union { __kernel_rwf_t rw_flags; __u32 fsync_flags; __u32 open_flags; __u32 statx_flags; ... };
 *     __u64 user_data;
 *     union { __u16 buf_index; __u16 buf_group; } __attribute__((packed));
 *     __u16 personality;
 *     union { __s32 splice_fd_in; __u32 file_index; ... };
 *     union { struct { __u64 addr3; __u64 __pad2[1]; }; __u8 cmd[0]; ... };
 * };
 * }
 */
public final class IoUringSqe
{
    /** The layout, C field names (first member of each union). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_BYTE.withName("opcode"),
        JAVA_BYTE.withName("flags"),
        JAVA_SHORT.withName("ioprio"),
        JAVA_INT.withName("fd"),
        JAVA_LONG.withName("off"),
        JAVA_LONG.withName("addr"),
        JAVA_INT.withName("len"),
        JAVA_INT.withName("rw_flags"),
        JAVA_LONG.withName("user_data"),
        JAVA_SHORT.withName("buf_index"),
        JAVA_SHORT.withName("personality"),
        JAVA_INT.withName("splice_fd_in"),
        JAVA_LONG.withName("addr3"),
        MemoryLayout.sequenceLayout(1, JAVA_LONG).withName("__pad2")).withName("io_uring_sqe");

    /** Bytes per entry. */
    public static final long SIZE = LAYOUT.byteSize();
    /** {@code opcode}: {@code IORING_OP_*}. */
    public static final long OPCODE_OFFSET = LAYOUT.byteOffset(groupElement("opcode"));
    /** {@code flags}: {@code IOSQE_*}. */
    public static final long FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("flags"));
    /** {@code ioprio}. */
    public static final long IOPRIO_OFFSET = LAYOUT.byteOffset(groupElement("ioprio"));
    /** {@code fd}: the file, or {@code dirfd} for OPENAT and STATX. */
    public static final long FD_OFFSET = LAYOUT.byteOffset(groupElement("fd"));
    /** {@code off}: file offset; also {@code addr2} (STATX's buffer). */
    public static final long OFF_OFFSET = LAYOUT.byteOffset(groupElement("off"));
    /** {@code addr}: buffer, iovec array or path. */
    public static final long ADDR_OFFSET = LAYOUT.byteOffset(groupElement("addr"));
    /** {@code len}: bytes, iovec count, open mode or statx mask. */
    public static final long LEN_OFFSET = LAYOUT.byteOffset(groupElement("len"));
    /** {@code rw_flags}; also {@code fsync_flags}, {@code open_flags}, {@code statx_flags}. */
    public static final long RW_FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("rw_flags"));
    /** {@code user_data}: copied into the CQE. */
    public static final long USER_DATA_OFFSET = LAYOUT.byteOffset(groupElement("user_data"));
    /** {@code buf_index}: the registered buffer of READ_FIXED and WRITE_FIXED. */
    public static final long BUF_INDEX_OFFSET = LAYOUT.byteOffset(groupElement("buf_index"));
    /** {@code personality}. */
    public static final long PERSONALITY_OFFSET = LAYOUT.byteOffset(groupElement("personality"));
    /** {@code splice_fd_in}; also {@code file_index}. */
    public static final long SPLICE_FD_IN_OFFSET = LAYOUT.byteOffset(groupElement("splice_fd_in"));
    /** {@code addr3}. */
    public static final long ADDR3_OFFSET = LAYOUT.byteOffset(groupElement("addr3"));

    private IoUringSqe()
    {
    }
}
