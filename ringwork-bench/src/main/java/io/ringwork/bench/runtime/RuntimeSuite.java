package io.ringwork.bench.runtime;

import io.ringwork.Completion;
import io.ringwork.CqeHandler;
import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingFutures;
import io.ringwork.RingOptions;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.Rounds;
import io.ringwork.buffer.BufferPool;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ringwork bench runtime}: the runtime's dispatcher through an in-process ring.
 * <ul>
 *   <li>{@code nop_ops_per_s}: NOPs in batches of 32 on the raw path (claim, prep, one {@code enter} that submits
 *   and waits for the 32 CQEs, reap), default waiting (poll 50 µs, then sleep);
 *   {@code nop_spinning_ops_per_s} the same with both sides spinning.</li>
 *   <li>{@code nop_heap_bytes_per_op}: Java heap allocated per NOP by the client and the dispatcher thread
 *   together, from {@code ThreadMXBean.getThreadAllocatedBytes}: 0 means the raw path allocates nothing.</li>
 *   <li>{@code chain5_per_s}: OPEN, READ, SEEK, WRITE, CLOSE of a {@code mem:} file linked into one chain, the
 *   handle flowing through register R0, one chain per {@code enter}.</li>
 *   <li>{@code future_overhead_ns}: the CompletableFuture path ({@code RingFutures}) minus the raw path, per NOP,
 *   both in batches of 32; {@code nop_ns_per_op} and {@code future_ns_per_op} are the two sides.</li>
 * </ul>
 * Each figure is the median of {@code rounds} measurements (5; 1 with {@code --quick}) of {@code seconds} (1) each,
 * with the machine's load average in the notes: the development machine is shared.
 */
public final class RuntimeSuite implements BenchSuite
{
    /** NOPs per enter. */
    public static final int BATCH = 32;

    private static final long WAIT_NANOS = 5_000_000_000L;
    private static final String FILE = "mem:bench-chain";
    private static final int PAYLOAD = 64;

    private long sink;

    @Override
    public String name()
    {
        return "runtime";
    }

    @Override
    public String description()
    {
        return "the runtime: NOPs in batches of 32, a 5-SQE chain on mem:, the CompletableFuture path's cost";
    }

    @Override
    public BenchReport run(final BenchOptions options) throws Exception
    {
        final long seconds = options.longParam("seconds", 1);
        final int rounds = (int)options.longParam("rounds", options.quick() ? 1 : 5);
        final long nanos = seconds * 1_000_000_000L;
        final BenchReport report = new BenchReport(name());
        report.note("batch", Integer.toString(BATCH));
        report.note("seconds_per_measurement", Long.toString(seconds));
        report.note("rounds", rounds + " (figures are medians)");
        report.note("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        report.note("load_average", String.format(java.util.Locale.ROOT, "%.2f",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        try (Ringwork runtime = Ringwork.start())
        {
            report.note("file_backend", runtime.fileBackend());
            try (Ring ring = runtime.open(RingOptions.defaults()))
            {
                final CqeHandler handler = cqe -> sink += cqe.result();
                final RingFutures futures = new RingFutures(ring);
                nopBatches(ring, handler, nanos);
                futureBatches(futures, nanos / 2);
                chains(runtime, ring, nanos / 2);
                final Thread dispatcher = dispatcherThread();
                final double[] nopRates = new double[rounds];
                final double[] heap = new double[rounds];
                final double[] chainRates = new double[rounds];
                final double[] rawNs = new double[rounds];
                final double[] futureNs = new double[rounds];
                final double[] overheads = new double[rounds];
                for (int r = 0; r < rounds; r++)
                {
                    final long clientBefore = allocated(Thread.currentThread());
                    final long dispatcherBefore = allocated(dispatcher);
                    final long ops = nopBatches(ring, handler, nanos);
                    heap[r] = (double)(allocated(Thread.currentThread()) - clientBefore +
                        allocated(dispatcher) - dispatcherBefore) / ops;
                    nopRates[r] = ops * 1e9 / nanos;
                    chainRates[r] = chains(runtime, ring, nanos) * 1e9 / nanos;
                    rawNs[r] = (double)nanos / nopBatches(ring, handler, nanos / 2) / 2;
                    futureNs[r] = (double)nanos / futureBatches(futures, nanos / 2) / 2;
                    overheads[r] = futureNs[r] - rawNs[r];
                }
                report.figure("nop_ops_per_s", Rounds.median(nopRates));
                report.figure("nop_heap_bytes_per_op", Rounds.median(heap));
                report.figure("chain5_per_s", Rounds.median(chainRates));
                report.figure("nop_ns_per_op", Rounds.median(rawNs));
                report.figure("future_ns_per_op", Rounds.median(futureNs));
                report.figure("future_overhead_ns", Rounds.median(overheads));
            }
            try (Ring spinning = runtime.open(RingOptions.defaults().spinning()))
            {
                final CqeHandler handler = cqe -> sink += cqe.result();
                nopBatches(spinning, handler, nanos / 2);
                final double[] rates = new double[rounds];
                for (int r = 0; r < rounds; r++)
                {
                    rates[r] = nopBatches(spinning, handler, nanos) * 1e9 / nanos;
                }
                report.figure("nop_spinning_ops_per_s", Rounds.median(rates));
            }
        }
        report.note("sink", Long.toString(sink & 1));
        return report;
    }


    private static long nopBatches(final Ring ring, final CqeHandler handler, final long nanos)
    {
        final long end = System.nanoTime() + nanos;
        long ops = 0;
        do
        {
            for (int i = 0; i < BATCH; i++)
            {
                ring.getSqe().prepNop().userData(i);
            }
            int reaped = 0;
            int ready = ring.enter(BATCH, BATCH, WAIT_NANOS);
            while (true)
            {
                if (ready < 0)
                {
                    throw new RingworkException(Errno.EPIPE, "ring ended: " + ready);
                }
                reaped += ring.forEachCqe(handler, BATCH - reaped);
                if (reaped == BATCH)
                {
                    break;
                }
                ready = ring.enter(0, BATCH - reaped, WAIT_NANOS);
            }
            ops += BATCH;
        }
        while (System.nanoTime() - end < 0);
        return ops;
    }

    private long chains(final Ringwork runtime, final Ring ring, final long nanos)
    {
        final BufferPool pool = runtime.pool();
        final byte[] name = FILE.getBytes(StandardCharsets.UTF_8);
        final long path = pool.allocate(name.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, pool.slice(path, name.length), 0, name.length);
        final long buffer = pool.allocate(PAYLOAD, 64);
        pool.slice(buffer, PAYLOAD).fill((byte)'r');
        final int flags = VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE;
        final CqeHandler check = cqe ->
        {
            if (0 != cqe.error())
            {
                throw new RingworkException(cqe.errno(), "chain step failed: " + Completion.of(cqe));
            }
            sink += cqe.result();
        };
        final long end = System.nanoTime() + nanos;
        long count = 0;
        try
        {
            do
            {
                ring.getSqe().prepOpen(path, name.length, flags, 0).flags(Sqe.LINK).saveResult(0);
                ring.getSqe().prepRead(0, buffer, PAYLOAD, Sqe.CURRENT_POSITION).loadArg(0, 0).flags(Sqe.LINK);
                ring.getSqe().prepSeek(0, 0, VerbFlags.SEEK_SET).loadArg(0, 0).flags(Sqe.LINK);
                ring.getSqe().prepWrite(0, buffer, PAYLOAD, Sqe.CURRENT_POSITION).loadArg(0, 0).flags(Sqe.LINK);
                ring.getSqe().prepClose(0).loadArg(0, 0);
                int reaped = 0;
                int ready = ring.enter(5, 5, WAIT_NANOS);
                while (reaped < 5)
                {
                    if (ready < 0)
                    {
                        throw new RingworkException(Errno.EPIPE, "ring ended: " + ready);
                    }
                    reaped += ring.forEachCqe(check, 5 - reaped);
                    if (reaped < 5)
                    {
                        ready = ring.enter(0, 5 - reaped, WAIT_NANOS);
                    }
                }
                count++;
            }
            while (System.nanoTime() - end < 0);
        }
        finally
        {
            pool.free(path);
            pool.free(buffer);
        }
        return count;
    }

    private long futureBatches(final RingFutures futures, final long nanos)
    {
        @SuppressWarnings("unchecked")
        final CompletableFuture<Completion>[] batch = new CompletableFuture[BATCH];
        final long end = System.nanoTime() + nanos;
        long ops = 0;
        do
        {
            for (int i = 0; i < BATCH; i++)
            {
                batch[i] = futures.submit(futures.sqe().prepNop());
            }
            int completed = 0;
            while (completed < BATCH)
            {
                final int count = futures.enter(BATCH - completed, WAIT_NANOS);
                if (count < 0)
                {
                    throw new RingworkException(Errno.EPIPE, "ring ended: " + count);
                }
                completed += count;
            }
            for (int i = 0; i < BATCH; i++)
            {
                sink += batch[i].getNow(null).result();
            }
            ops += BATCH;
        }
        while (System.nanoTime() - end < 0);
        return ops;
    }

    /** The thread serving the ring: its own dispatcher thread, or the io_uring thread that hosts it. */
    private static Thread dispatcherThread()
    {
        Thread host = null;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("ringwork-dispatch-"))
            {
                return thread;
            }
            if (thread.getName().startsWith("ringwork-iouring"))
            {
                host = thread;
            }
        }
        if (null == host)
        {
            throw new IllegalStateException("no thread serving the ring found");
        }
        return host;
    }

    private static long allocated(final Thread thread)
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(thread.threadId());
    }
}
