package io.ringwork.internal.linux.uring;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct statx} (linux/stat.h), what {@code IORING_OP_STATX} fills in: 256 bytes, of which only the fields
 * named below are read. Each time is a {@code struct statx_timestamp}: {@code __s64 tv_sec; __u32 tv_nsec;
 * __s32 __reserved;}.
 * {@snippet lang=c :
 * struct statx {
 *     __u32 stx_mask; __u32 stx_blksize; __u64 stx_attributes;
 *     __u32 stx_nlink; __u32 stx_uid; __u32 stx_gid; __u16 stx_mode; __u16 __spare0[1];
 *     __u64 stx_ino; __u64 stx_size; __u64 stx_blocks; __u64 stx_attributes_mask;
 *     struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
 *     ...  // up to 256 bytes
 * };
 * }
 */
public final class Statx
{
    /** {@code struct statx_timestamp}. */
    public static final StructLayout TIMESTAMP = MemoryLayout.structLayout(
        JAVA_LONG.withName("tv_sec"), JAVA_INT.withName("tv_nsec"), JAVA_INT.withName("__reserved"));

    /** The layout, C field names; the tail after {@code stx_mtime} is padding here. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("stx_mask"),
        JAVA_INT.withName("stx_blksize"),
        JAVA_LONG.withName("stx_attributes"),
        JAVA_INT.withName("stx_nlink"),
        JAVA_INT.withName("stx_uid"),
        JAVA_INT.withName("stx_gid"),
        JAVA_SHORT.withName("stx_mode"),
        JAVA_SHORT.withName("__spare0"),
        JAVA_LONG.withName("stx_ino"),
        JAVA_LONG.withName("stx_size"),
        JAVA_LONG.withName("stx_blocks"),
        JAVA_LONG.withName("stx_attributes_mask"),
        TIMESTAMP.withName("stx_atime"),
        TIMESTAMP.withName("stx_btime"),
        TIMESTAMP.withName("stx_ctime"),
        TIMESTAMP.withName("stx_mtime"),
        MemoryLayout.paddingLayout(256 - 0x80)).withName("statx");

    /** {@code stx_mode}. */
    public static final long MODE_OFFSET = LAYOUT.byteOffset(groupElement("stx_mode"));
    /** {@code stx_size}. */
    public static final long SIZE_OFFSET = LAYOUT.byteOffset(groupElement("stx_size"));
    /** {@code stx_atime}. */
    public static final long ATIME_OFFSET = LAYOUT.byteOffset(groupElement("stx_atime"));
    /** {@code stx_ctime}. */
    public static final long CTIME_OFFSET = LAYOUT.byteOffset(groupElement("stx_ctime"));
    /** {@code stx_mtime}. */
    public static final long MTIME_OFFSET = LAYOUT.byteOffset(groupElement("stx_mtime"));
    /** {@code tv_nsec} inside a timestamp. */
    public static final long TV_NSEC_OFFSET = TIMESTAMP.byteOffset(groupElement("tv_nsec"));

    private Statx()
    {
    }
}
