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
 * {@code futex(2)} through the Foreign Function &amp; Memory API: {@code syscall(SYS_futex, ...)}, no JNI.
 * <p>
 * Only the two operations the doorbells need: wait while a word holds an expected value, and wake its waiters. The
 * operations are not {@code FUTEX_PRIVATE_FLAG}, because the word lives in memory two processes map. Results follow
 * liburing's convention: a non-negative value, or {@code -errno}.
 * {@snippet lang=c :
 * long syscall(SYS_futex, uint32_t *uaddr, int futex_op, uint32_t val,
 *              const struct timespec *timeout, uint32_t *uaddr2, uint32_t val3);
 * }
 */
public final class Futex
{
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;

    /** {@code struct timespec}: tv_sec, tv_nsec. */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
        JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    private static final long SYS_FUTEX;
    /**
     * Without errno: wakes and sleeps whose callers re-check everything after them need no reason, and capturing the
     * call state costs about 40 bytes of garbage a call until C2 compiles the caller, on paths taken only when a side
     * sleeps, rarely enough that C2 may take minutes to get there.
     */
    private static final MethodHandle SYSCALL$MH;
    private static final Throwable UNAVAILABILITY_CAUSE;

    static
    {
        long number = -1;
        MethodHandle handle = null;
        Throwable cause = null;
        try
        {
            number = futexSyscallNumber();
            final Linker linker = Linker.nativeLinker();
            handle = linker.downcallHandle(
                linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG,
                    JAVA_LONG, /* long number */
                    ADDRESS,   /* uint32_t *uaddr */
                    JAVA_INT,  /* int futex_op */
                    JAVA_INT,  /* uint32_t val */
                    ADDRESS,   /* const struct timespec *timeout */
                    ADDRESS,   /* uint32_t *uaddr2 */
                    JAVA_INT), /* uint32_t val3 */
                Linker.Option.firstVariadicArg(1));
        }
        catch (final Throwable ex)
        {
            cause = ex;
            handle = null;
        }
        SYS_FUTEX = number;
        SYSCALL$MH = handle;
        UNAVAILABILITY_CAUSE = cause;
    }

    private Futex()
    {
    }

    private static long futexSyscallNumber()
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux"))
        {
            throw new UnsupportedOperationException("futex needs Linux, os.name=" + os);
        }
        final String arch = System.getProperty("os.arch", "");
        return switch (arch)
        {
            case "amd64", "x86_64" -> 202;
            case "aarch64", "riscv64" -> 98;
            default -> throw new UnsupportedOperationException("no futex syscall number for os.arch=" + arch);
        };
    }

    /**
     * Whether futexes can be used here (Linux on x86_64, aarch64 or riscv64, native access granted).
     *
     * @return true if {@link #sleep} and {@link #wake} work.
     */
    public static boolean isAvailable()
    {
        return null != SYSCALL$MH;
    }

    /**
     * Why futexes cannot be used.
     *
     * @return the cause, or null when available.
     */
    public static Throwable unavailabilityCause()
    {
        return UNAVAILABILITY_CAUSE;
    }

    /**
     * Memory for one thread's wait timeout, allocated once.
     *
     * @param arena owner of the memory.
     * @return a {@link #TIMESPEC}.
     */
    public static MemorySegment allocateTimespec(final Arena arena)
    {
        return arena.allocate(TIMESPEC);
    }

    /**
     * Sleeps while {@code *word == expected}, at most {@code timeoutNanos}, for a caller that does not need to know
     * why the sleep ended (a doorbell, which re-checks its queue after any wake-up, a timeout or a signal).
     *
     * @param word         the 32-bit word, a 4-byte slice of shared memory.
     * @param expected     the value it must still hold for the call to sleep.
     * @param timeoutNanos relative timeout; negative or {@link Long#MAX_VALUE} waits without one.
     * @param timespec     from {@link #allocateTimespec}, owned by the calling thread.
     */
    public static void sleep(final MemorySegment word, final int expected, final long timeoutNanos,
        final MemorySegment timespec)
    {
        try
        {
            final long ignored = (long)SYSCALL$MH.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, expected,
                timeout(timeoutNanos, timespec), MemorySegment.NULL, 0);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex sleep failed", ex);
        }
    }

    private static MemorySegment timeout(final long timeoutNanos, final MemorySegment timespec)
    {
        if (timeoutNanos < 0 || Long.MAX_VALUE == timeoutNanos)
        {
            return MemorySegment.NULL;
        }
        timespec.set(JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        timespec.set(JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        return timespec;
    }

    /**
     * Wakes up to {@code count} waiters on {@code word}.
     *
     * @param word  the 32-bit word.
     * @param count how many to wake, {@link Integer#MAX_VALUE} for all.
     * @return number woken, or -1 if the call failed (the word is not a futex word: a bug, not a state).
     */
    public static int wake(final MemorySegment word, final int count)
    {
        try
        {
            return (int)(long)SYSCALL$MH.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, count, MemorySegment.NULL,
                MemorySegment.NULL, 0);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex wake failed", ex);
        }
    }
}
