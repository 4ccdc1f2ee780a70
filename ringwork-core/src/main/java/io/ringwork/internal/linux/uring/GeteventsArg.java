package io.ringwork.internal.linux.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_getevents_arg}: what {@code io_uring_enter} reads with {@code IORING_ENTER_EXT_ARG}
 * (Linux 5.11, {@code IORING_FEAT_EXT_ARG}); here only its timeout, which bounds one wait. 24 bytes, followed in the
 * same allocation by the {@code struct __kernel_timespec} it points to.
 * {@snippet lang=c :
 * struct io_uring_getevents_arg {
 *     __u64 sigmask;
 *     __u32 sigmask_sz;
 *     __u32 pad;
 *     __u64 ts;          // struct __kernel_timespec *, relative
 * };
 * }
 */
final class GeteventsArg
{
    /** The layout, C field names. */
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("sigmask"),
        JAVA_INT.withName("sigmask_sz"),
        JAVA_INT.withName("pad"),
        JAVA_LONG.withName("ts")).withName("io_uring_getevents_arg");
    /** {@code ts}: the address of the timeout. */
    static final long TS_OFFSET = LAYOUT.byteOffset(groupElement("ts"));

    private static final long TIMESPEC_OFFSET = LAYOUT.byteSize();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final MemorySegment memory;
    private final MemorySegment arg;

    /**
     * An argument whose timeout lives right behind it.
     *
     * @param arena owner of both.
     */
    GeteventsArg(final Arena arena)
    {
        memory = arena.allocate(LAYOUT.byteSize() + 2 * JAVA_LONG.byteSize(), Long.BYTES);
        arg = memory.asSlice(0, LAYOUT.byteSize());
        memory.set(JAVA_LONG, TS_OFFSET, memory.address() + TIMESPEC_OFFSET);
    }

    /**
     * Sets the timeout of the next wait; the kernel reads it during the call.
     *
     * @param nanos relative, at least 0.
     * @return the argument, for {@code io_uring_enter}.
     */
    MemorySegment timeout(final long nanos)
    {
        memory.set(JAVA_LONG, TIMESPEC_OFFSET, nanos / NANOS_PER_SECOND);
        memory.set(JAVA_LONG, TIMESPEC_OFFSET + JAVA_LONG.byteSize(), nanos % NANOS_PER_SECOND);
        return arg;
    }
}
