package io.ringwork.bench.ipc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The bare futex calls of the floor baseline ({@link FutexPingPong}): the least any cross-process sleep and wake can
 * cost on this machine, with no ring, no flag and no polling. The baseline's own code, kept apart from Ringwork's, so
 * that the floor does not move when Ringwork's doorbell changes. x86_64 and aarch64 Linux only.
 */
final class RawFutex
{
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final long SYS_FUTEX = switch (System.getProperty("os.arch", ""))
    {
        case "amd64", "x86_64" -> 202L;
        case "aarch64", "riscv64" -> 98L;
        default -> -1L;
    };
    private static final MethodHandle SYSCALL = syscall();

    private final MemorySegment word;
    private final MemorySegment timeout;

    /**
     * Futex calls on one word.
     *
     * @param word  a 4-byte slice of a shared mapping.
     * @param arena owner of the timeout scratch memory.
     */
    RawFutex(final MemorySegment word, final Arena arena)
    {
        if (null == SYSCALL || SYS_FUTEX < 0)
        {
            throw new IllegalStateException("no futex on " + System.getProperty("os.name") + "/" +
                System.getProperty("os.arch"));
        }
        this.word = word;
        this.timeout = arena.allocate(16, 8);
    }

    private static MethodHandle syscall()
    {
        try
        {
            final Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
                Linker.Option.firstVariadicArg(1));
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * Sleeps while the word holds {@code expected}, at most {@code nanos}.
     *
     * @param expected the value seen.
     * @param nanos    timeout, under a second.
     */
    void await(final int expected, final long nanos)
    {
        timeout.set(JAVA_LONG, 0, 0L);
        timeout.set(JAVA_LONG, 8, nanos);
        call(FUTEX_WAIT, expected, timeout);
    }

    /**
     * Wakes one waiter.
     */
    void wake()
    {
        call(FUTEX_WAKE, 1, MemorySegment.NULL);
    }

    private void call(final int op, final int value, final MemorySegment time)
    {
        try
        {
            // The result is not needed: a wait that returns early is re-checked by the caller's loop.
            final long ignored = (long)SYSCALL.invokeExact(SYS_FUTEX, word, op, value, time, MemorySegment.NULL, 0);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("futex op=" + op, ex);
        }
    }
}
