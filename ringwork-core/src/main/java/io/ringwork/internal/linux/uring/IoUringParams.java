package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct io_uring_params}: what {@code io_uring_setup(2)} reads (entries, flags) and fills in (sizes,
 * features, the offsets of the ring fields inside the mmapped regions). 120 bytes.
 * {@snippet lang=c :
 * struct io_uring_params {
 *     __u32 sq_entries;
 *     __u32 cq_entries;
 *     __u32 flags;
 *     __u32 sq_thread_cpu;
 *     __u32 sq_thread_idle;
 *     __u32 features;
 *     __u32 wq_fd;
 *     __u32 resv[3];
 *     struct io_sqring_offsets sq_off;
 *     struct io_cqring_offsets cq_off;
 * };
 * }
 */
public final class IoUringParams
{
    /** The layout, C field names. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("sq_entries"),
        JAVA_INT.withName("cq_entries"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("sq_thread_cpu"),
        JAVA_INT.withName("sq_thread_idle"),
        JAVA_INT.withName("features"),
        JAVA_INT.withName("wq_fd"),
        MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
        SqringOffsets.LAYOUT.withName("sq_off"),
        CqringOffsets.LAYOUT.withName("cq_off")).withName("io_uring_params");

    /** {@code sq_entries}: SQ size, rounded up to a power of two by the kernel. */
    public static final long SQ_ENTRIES_OFFSET = LAYOUT.byteOffset(groupElement("sq_entries"));
    /** {@code cq_entries}: CQ size; an input with {@code IORING_SETUP_CQSIZE}. */
    public static final long CQ_ENTRIES_OFFSET = LAYOUT.byteOffset(groupElement("cq_entries"));
    /** {@code flags}: {@code IORING_SETUP_*}. */
    public static final long FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("flags"));
    /** {@code sq_thread_cpu}. */
    public static final long SQ_THREAD_CPU_OFFSET = LAYOUT.byteOffset(groupElement("sq_thread_cpu"));
    /** {@code sq_thread_idle}: milliseconds an SQPOLL thread spins before sleeping. */
    public static final long SQ_THREAD_IDLE_OFFSET = LAYOUT.byteOffset(groupElement("sq_thread_idle"));
    /** {@code features}: {@code IORING_FEAT_*}, filled in by the kernel. */
    public static final long FEATURES_OFFSET = LAYOUT.byteOffset(groupElement("features"));
    /** {@code sq_off}: a {@link SqringOffsets}. */
    public static final long SQ_OFF_OFFSET = LAYOUT.byteOffset(groupElement("sq_off"));
    /** {@code cq_off}: a {@link CqringOffsets}. */
    public static final long CQ_OFF_OFFSET = LAYOUT.byteOffset(groupElement("cq_off"));

    private IoUringParams()
    {
    }
}
