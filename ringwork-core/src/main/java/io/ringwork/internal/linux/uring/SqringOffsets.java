package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_sqring_offsets}: where the SQ ring's fields sit in the region mapped at
 * {@code IORING_OFF_SQ_RING}. 40 bytes.
 * {@snippet lang=c :
 * struct io_sqring_offsets {
 *     __u32 head;
 *     __u32 tail;
 *     __u32 ring_mask;
 *     __u32 ring_entries;
 *     __u32 flags;
 *     __u32 dropped;
 *     __u32 array;
 *     __u32 resv1;
 *     __u64 user_addr;
 * };
 * }
 */
public final class SqringOffsets
{
    /** The layout, C field names. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("head"),
        JAVA_INT.withName("tail"),
        JAVA_INT.withName("ring_mask"),
        JAVA_INT.withName("ring_entries"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("dropped"),
        JAVA_INT.withName("array"),
        JAVA_INT.withName("resv1"),
        JAVA_LONG.withName("user_addr")).withName("io_sqring_offsets");

    /** {@code head}: the kernel's consumer index. */
    public static final long HEAD_OFFSET = LAYOUT.byteOffset(groupElement("head"));
    /** {@code tail}: our producer index. */
    public static final long TAIL_OFFSET = LAYOUT.byteOffset(groupElement("tail"));
    /** {@code ring_mask}. */
    public static final long RING_MASK_OFFSET = LAYOUT.byteOffset(groupElement("ring_mask"));
    /** {@code ring_entries}. */
    public static final long RING_ENTRIES_OFFSET = LAYOUT.byteOffset(groupElement("ring_entries"));
    /** {@code flags}: {@code IORING_SQ_*}, written by the kernel. */
    public static final long FLAGS_OFFSET = LAYOUT.byteOffset(groupElement("flags"));
    /** {@code dropped}: invalid SQEs the kernel skipped. */
    public static final long DROPPED_OFFSET = LAYOUT.byteOffset(groupElement("dropped"));
    /** {@code array}: the SQ index array (SQ slot to SQE index). */
    public static final long ARRAY_OFFSET = LAYOUT.byteOffset(groupElement("array"));

    private SqringOffsets()
    {
    }
}
