package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_cqe}: one completion, 16 bytes (32 with {@code IORING_SETUP_CQE32}, not used here).
 * {@snippet lang=c :
 * struct io_uring_cqe {
 *     __u64 user_data;
 *     __s32 res;
 *     __u32 flags;
 * };
 * }
 */
public final class IoUringCqe
{
    /** The layout, C field names. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("user_data"),
        JAVA_INT.withName("res"),
        JAVA_INT.withName("flags")).withName("io_uring_cqe");

    /** Bytes per entry. */
    public static final long SIZE = LAYOUT.byteSize();
    /** {@code user_data}: copied from the SQE. */
    public static final long USER_DATA_OFFSET = LAYOUT.byteOffset(groupElement("user_data"));
    /** {@code res}: the result, or {@code -errno}. */
    public static final long RES_OFFSET = LAYOUT.byteOffset(groupElement("res"));
    /** {@code flags}: {@code IORING_CQE_F_*}. */
    public static final long FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("flags"));

    private IoUringCqe()
    {
    }
}
