package io.ringwork.bench.ipc;

import org.HdrHistogram.Histogram;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The floor of a sleeping-server round trip on this machine: a server thread asleep on a futex word, a client that
 * bumps the word, wakes it unconditionally and spins on a response word. No ring, no need-wakeup flag, no polling
 * before sleeping: what is left is the kernel's and the (virtual) CPU's cost of a wake-up.
 */
final class FutexPingPong
{
    /** Bytes of the shared file. */
    static final int FILE_LENGTH = 4096;
    private static final long REQUEST_OFFSET = 0;
    private static final long RESPONSE_OFFSET = 128;
    private static final long WAIT_NANOS = 100_000_000L;
    private static final long ANSWER_TIMEOUT_NANOS = 10_000_000_000L;
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final MemorySegment file;
    private final RawFutex futex;
    private int sequence;

    /**
     * Either side's view of the words in {@code file}.
     *
     * @param file  the mapping, {@link #FILE_LENGTH} bytes.
     * @param arena owner of the futex scratch memory.
     */
    FutexPingPong(final MemorySegment file, final Arena arena)
    {
        this.file = file;
        this.futex = new RawFutex(file.asSlice(REQUEST_OFFSET, Integer.BYTES), arena);
        // acquire: both sides start from whatever the last run left.
        this.sequence = (int)INT.getAcquire(file, REQUEST_OFFSET);
    }

    /**
     * Client: round trips spaced at least {@code gapNanos} apart (spinning in between), each recorded.
     *
     * @param histogram receives nanoseconds per round trip.
     * @param count     round trips.
     * @param gapNanos  from one answer to the next request.
     */
    void spacedRoundTrips(final Histogram histogram, final int count, final long gapNanos)
    {
        for (int i = 0; i < count; i++)
        {
            IpcSuite.spinFor(gapNanos);
            final int seq = ++sequence;
            final long t0 = System.nanoTime();
            // release: the server reads the request with acquire.
            INT.setRelease(file, REQUEST_OFFSET, seq);
            futex.wake();
            // acquire: pairs with the server's release of the response.
            while (seq != (int)INT.getAcquire(file, RESPONSE_OFFSET))
            {
                Thread.onSpinWait();
                if (System.nanoTime() - t0 > ANSWER_TIMEOUT_NANOS)
                {
                    throw new IllegalStateException("no futex ping-pong answer within 10 s");
                }
            }
            histogram.recordValue(System.nanoTime() - t0);
        }
    }

    /**
     * Server: sleeps on the request word whenever it holds what was last answered; answers each change. Must be made
     * before the client is told the server is ready.
     *
     * @param stop checked at least every 100 ms.
     */
    void serve(final BooleanSupplier stop)
    {
        // Read when this side was made, before the peer said it was ready: a request that came since is answered.
        int last = sequence;
        while (!stop.getAsBoolean())
        {
            // acquire: pairs with the client's release of the request.
            final int current = (int)INT.getAcquire(file, REQUEST_OFFSET);
            if (current == last)
            {
                futex.await(last, WAIT_NANOS);
                continue;
            }
            last = current;
            // release: the client reads the response with acquire.
            INT.setRelease(file, RESPONSE_OFFSET, current);
        }
    }
}
