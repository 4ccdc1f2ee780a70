package io.ringwork.internal.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code futex_waitv(2)} (Linux 5.16): one thread sleeps on up to {@link #MAX_WORDS} futex words at once, and a wake
 * of any of them ends the sleep. A server thread serving many rings sleeps on all their doorbells with one call.
 * {@snippet lang=c :
 * struct futex_waitv { __u64 val; __u64 uaddr; __u32 flags; __u32 __reserved; };
 * long syscall(SYS_futex_waitv, struct futex_waitv *waiters, unsigned int nr_futexes, unsigned int flags,
 *              struct timespec *timeout, clockid_t clockid);   // timeout is absolute on clockid
 * }
 * The words are not {@code FUTEX2_PRIVATE}: they live in memory that two processes map.
 */
public final class FutexVector
{
    /** The kernel's {@code FUTEX_WAITV_MAX}. */
    public static final int MAX_WORDS = 128;

    private static final int FUTEX_32 = 2;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int ENOSYS = 38;

    /** {@code struct futex_waitv}. */
    private static final StructLayout WAITER = MemoryLayout.structLayout(
        JAVA_LONG.withName("val"), JAVA_LONG.withName("uaddr"), JAVA_INT.withName("flags"),
        JAVA_INT.withName("__reserved"));
    private static final long WAITER_SIZE = WAITER.byteSize();
    private static final long VAL_OFFSET = 0;
    private static final long UADDR_OFFSET = 8;
    private static final long FLAGS_OFFSET = 16;

    private static final long SYS_FUTEX_WAITV;
    private static final MethodHandle SYSCALL$MH;
    /** The same call without errno ({@link #sleep}). */
    private static final MethodHandle QUIET$MH;
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Throwable UNAVAILABILITY_CAUSE;

    static
    {
        MethodHandle handle = null;
        MethodHandle quiet = null;
        Throwable cause = null;
        long number = -1;
        try
        {
            number = syscallNumber();
            final Linker linker = Linker.nativeLinker();
            handle = linker.downcallHandle(
                linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG,
                    JAVA_LONG, /* long number */
                    ADDRESS,   /* struct futex_waitv *waiters */
                    JAVA_INT,  /* unsigned int nr_futexes */
                    JAVA_INT,  /* unsigned int flags */
                    ADDRESS,   /* struct timespec *timeout */
                    JAVA_INT), /* clockid_t clockid */
                Linker.Option.firstVariadicArg(1),
                Linker.Option.captureCallState("errno"));
            quiet = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(1));
            cause = probe(number, handle);
        }
        catch (final Throwable ex)
        {
            cause = ex;
        }
        SYS_FUTEX_WAITV = number;
        SYSCALL$MH = null == cause ? handle : null;
        QUIET$MH = null == cause ? quiet : null;
        UNAVAILABILITY_CAUSE = cause;
    }

    private final MemorySegment waiters;
    private final MemorySegment timespec;
    private final MemorySegment capture;
    private int count;

    /**
     * An empty vector with room for {@code capacity} words; its memory lives in {@code arena}.
     *
     * @param capacity most words, at most {@link #MAX_WORDS}.
     * @param arena    owner of the waiter array, timeout and errno capture.
     */
    public FutexVector(final int capacity, final Arena arena)
    {
        if (capacity < 1 || capacity > MAX_WORDS)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be 1.." + MAX_WORDS);
        }
        this.waiters = arena.allocate(WAITER_SIZE * capacity, Long.BYTES);
        this.timespec = arena.allocate(Futex.TIMESPEC);
        this.capture = arena.allocate(CAPTURE_LAYOUT);
    }

    private static long syscallNumber()
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux"))
        {
            throw new IllegalStateException("futex_waitv needs Linux, os.name=" + os);
        }
        // 449 on every architecture that has it: it was added after the syscall tables were unified.
        return 449;
    }

    /**
     * Calls futex_waitv once with a word that does not hold the expected value: a kernel with the call answers
     * {@code EAGAIN} at once, an older one {@code ENOSYS}.
     */
    private static Throwable probe(final long number, final MethodHandle handle) throws Throwable
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment word = arena.allocate(JAVA_INT);
            word.set(JAVA_INT, 0, 1);
            final MemorySegment waiter = arena.allocate(WAITER);
            waiter.set(JAVA_LONG, VAL_OFFSET, 0);
            waiter.set(JAVA_LONG, UADDR_OFFSET, word.address());
            waiter.set(JAVA_INT, FLAGS_OFFSET, FUTEX_32);
            final MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            final long result = (long)handle.invokeExact(capture, number, waiter, 1, 0, MemorySegment.NULL,
                CLOCK_MONOTONIC);
            final int errno = result >= 0 ? 0 : capture.get(JAVA_INT, ERRNO_OFFSET);
            if (ENOSYS == errno)
            {
                return new IllegalStateException("futex_waitv is not supported by this kernel (ENOSYS)");
            }
            return null;
        }
    }

    /**
     * Whether futex_waitv works here (Linux 5.16 or later, native access granted).
     *
     * @return true if {@link #await} can be called.
     */
    public static boolean isAvailable()
    {
        return null != SYSCALL$MH;
    }

    /**
     * Why futex_waitv cannot be used.
     *
     * @return the cause, or null when available.
     */
    public static Throwable unavailabilityCause()
    {
        return UNAVAILABILITY_CAUSE;
    }

    /**
     * Empties the vector, to fill it again for the next sleep.
     */
    public void clear()
    {
        count = 0;
    }

    /**
     * Adds a word to sleep on while it holds {@code expected}.
     *
     * @param word     a 4-byte slice of shared memory, 4-byte aligned.
     * @param expected the value it must still hold for the call to sleep.
     */
    public void add(final MemorySegment word, final int expected)
    {
        final long base = WAITER_SIZE * count;
        // Zero-extended: the kernel compares the low 32 bits of val with the word, and rejects val above 2^32.
        waiters.set(JAVA_LONG, base + VAL_OFFSET, expected & 0xFFFF_FFFFL);
        waiters.set(JAVA_LONG, base + UADDR_OFFSET, word.address());
        waiters.set(JAVA_INT, base + FLAGS_OFFSET, FUTEX_32);
        waiters.set(JAVA_INT, base + FLAGS_OFFSET + Integer.BYTES, 0);
        count++;
    }

    /**
     * The address of the {@code struct futex_waitv} array, for an io_uring {@code FUTEX_WAITV} SQE (the kernel copies
     * the array when it takes the SQE).
     *
     * @return the address.
     */
    public long address()
    {
        return waiters.address();
    }

    /**
     * Words added since the last {@link #clear}.
     *
     * @return the count.
     */
    public int size()
    {
        return count;
    }

    /**
     * {@link #await} for a caller that re-checks everything after any wake-up (a {@code DoorbellSet}): no errno, so
     * no garbage before the JIT has compiled the caller, which sleeps too rarely to get there soon.
     *
     * @param timeoutNanos relative timeout; {@link Long#MAX_VALUE} waits without one.
     */
    public void sleep(final long timeoutNanos)
    {
        try
        {
            final long ignored = (long)QUIET$MH.invokeExact(SYS_FUTEX_WAITV, waiters, count, 0,
                deadline(timeoutNanos), CLOCK_MONOTONIC);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex_waitv failed: count=" + count, ex);
        }
    }

    private MemorySegment deadline(final long timeoutNanos)
    {
        if (Long.MAX_VALUE == timeoutNanos)
        {
            return MemorySegment.NULL;
        }
        // The timeout is absolute on CLOCK_MONOTONIC, the clock HotSpot's System.nanoTime reads on Linux.
        final long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        timespec.set(JAVA_LONG, 0, deadline / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, deadline % 1_000_000_000L);
        return timespec;
    }

    /**
     * Sleeps until any word is woken, one no longer holds its expected value, or the timeout passes.
     *
     * @param timeoutNanos relative timeout; {@link Long#MAX_VALUE} waits without one.
     * @return the index of a woken word, {@code -EAGAIN} if a word had changed, {@code -ETIMEDOUT}, {@code -EINTR}.
     */
    public int await(final long timeoutNanos)
    {
        final MemorySegment timeout = deadline(timeoutNanos);
        try
        {
            final long result = (long)SYSCALL$MH.invokeExact(capture, SYS_FUTEX_WAITV, waiters, count, 0, timeout,
                CLOCK_MONOTONIC);
            return result >= 0 ? (int)result : -capture.get(JAVA_INT, ERRNO_OFFSET);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex_waitv failed: count=" + count, ex);
        }
    }
}
