package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_cqring_offsets}: where the CQ ring's fields sit in the region mapped at
 * {@code IORING_OFF_CQ_RING} (the same region as the SQ ring with {@code IORING_FEAT_SINGLE_MMAP}). 40 bytes.
 * {@snippet lang=c :
 * struct io_cqring_offsets {
 *     __u32 head;
 *     __u32 tail;
 *     __u32 ring_mask;
 *     __u32 ring_entries;
 *     __u32 overflow;
 *     __u32 cqes;
 *     __u32 flags;
 *     __u32 resv1;
 *     __u64 user_addr;
 * };
 * }
 */
public final class CqringOffsets
{
    /** The layout, C field names. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("head"),
        JAVA_INT.withName("tail"),
        JAVA_INT.withName("ring_mask"),
        JAVA_INT.withName("ring_entries"),
        JAVA_INT.withName("overflow"),
        JAVA_INT.withName("cqes"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("resv1"),
        JAVA_LONG.withName("user_addr")).withName("io_cqring_offsets");

    /** {@code head}: our consumer index. */
    public static final long HEAD_OFFSET = LAYOUT.byteOffset(groupElement("head"));
    /** {@code tail}: the kernel's producer index. */
    public static final long TAIL_OFFSET = LAYOUT.byteOffset(groupElement("tail"));
    /** {@code ring_mask}. */
    public static final long RING_MASK_OFFSET = LAYOUT.byteOffset(groupElement("ring_mask"));
    /** {@code ring_entries}. */
    public static final long RING_ENTRIES_OFFSET = LAYOUT.byteOffset(groupElement("ring_entries"));
    /** {@code overflow}: completions the kernel could not post (without {@code IORING_FEAT_NODROP}). */
    public static final long OVERFLOW_OFFSET = LAYOUT.byteOffset(groupElement("overflow"));
    /** {@code cqes}: the first {@link IoUringCqe}. */
    public static final long CQES_OFFSET = LAYOUT.byteOffset(groupElement("cqes"));

    private CqringOffsets()
    {
    }
}
