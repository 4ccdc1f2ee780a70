package io.ringwork.cli.exec;

import io.ringwork.Cqe;
import io.ringwork.FileStat;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.Ringwork;
import io.ringwork.RingworkOptions;
import io.ringwork.Sqe;
import io.ringwork.buffer.BufferPool;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Runs a {@link Script} on a ring of an in-process {@link Ringwork} runtime: allocates and fills its buffers in the
 * runtime's pool, writes every SQE, submits them all in one {@link Ring#enter}, prints each CQE as it arrives, and
 * once every SQE has posted its final CQE (or the wait is over), runs the print directives.
 * <p>
 * An SQE with {@code CQE_SKIP_SUCCESS} is not waited for, since success posts nothing: its failure is printed if it
 * arrives before the other SQEs have all completed, which it does whenever a later SQE of its chain posts a CQE.
 */
public final class ScriptRunner
{
    /** Exit status: the script ran; its CQEs may still carry errors. */
    public static final int RAN = 0;
    /** Exit status: the run failed: SQEs still without a final CQE when the wait ended, or a broken ring. */
    public static final int FAILED = 1;
    /** Exit status: the script has errors (or could not be read); nothing was submitted. */
    public static final int SCRIPT_ERROR = 2;

    /** Buffers start on a cache line, which also suits FUTEX words. */
    private static final long BUFFER_ALIGNMENT = 64;

    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * A runner printing to the given streams.
     *
     * @param out CQE rows and print directives.
     * @param err why a run failed.
     */
    public ScriptRunner(final PrintWriter out, final PrintWriter err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * Starts a runtime, runs the script on a ring of it, and closes both.
     *
     * @param script    a parsed script.
     * @param options   the runtime's set-up (such as the directory {@code file:} serves).
     * @param waitNanos how long to wait for the CQEs at most.
     * @return {@link #RAN} or {@link #FAILED}.
     */
    public int run(final Script script, final RingworkOptions options, final long waitNanos)
    {
        try (Ringwork runtime = Ringwork.start(options))
        {
            return run(script, runtime, waitNanos);
        }
    }

    /**
     * Runs the script on a new ring of a running runtime, using its pool for the buffers.
     *
     * @param script    a parsed script.
     * @param runtime   the runtime.
     * @param waitNanos how long to wait for the CQEs at most.
     * @return {@link #RAN} or {@link #FAILED}.
     */
    public int run(final Script script, final Ringwork runtime, final long waitNanos)
    {
        final BufferPool pool = runtime.pool();
        final Map<String, Long> refs = allocate(script.buffers(), pool);
        final List<Script.Submission> submissions = script.submissions();
        final ScriptOutput output = new ScriptOutput(submissions, out);
        int status = RAN;
        try (Ring ring = runtime.open(ringOptions(submissions.size())))
        {
            final Map<Long, Script.Submission> pending = new LinkedHashMap<>();
            for (final Script.Submission submission : submissions)
            {
                write(ring.getSqe(), submission, refs);
                if (0 == (submission.flags() & Sqe.CQE_SKIP_SUCCESS))
                {
                    pending.put(submission.userData(), submission);
                }
            }
            if (!submissions.isEmpty())
            {
                output.header();
                ring.enter(Integer.MAX_VALUE, 0, 0);
                status = reap(ring, output, pending, waitNanos);
            }
            out.flush();
            final Map<String, Long> sizes = sizes(script.buffers());
            for (final Script.Print print : script.prints())
            {
                print(print, ring, pool, refs, sizes, output);
            }
        }
        out.flush();
        err.flush();
        return status;
    }

    private int reap(final Ring ring, final ScriptOutput output, final Map<Long, Script.Submission> pending,
        final long waitNanos)
    {
        final long deadline = System.nanoTime() + waitNanos;
        while (!pending.isEmpty())
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                break;
            }
            final int ready = ring.awaitCqes(1, left);
            if (ready < 0)
            {
                err.println("exec: " + (Ring.BROKEN == ready ? "the ring broke: " + ring.brokenReason().describe() :
                    "the runtime closed the ring"));
                return FAILED;
            }
            ring.forEachCqe(cqe ->
            {
                output.row(cqe);
                if (0 == (cqe.flags() & Cqe.MORE))
                {
                    pending.remove(cqe.userData());
                }
            }, ready);
        }
        ring.forEachCqe(output::row, Integer.MAX_VALUE);
        if (pending.isEmpty())
        {
            return RAN;
        }
        final List<String> missing = new ArrayList<>();
        for (final Script.Submission submission : pending.values())
        {
            missing.add("line " + submission.line() + " (" + submission.verbName() + ")");
        }
        err.println("exec: no final CQE within " + waitNanos / 1_000_000 + " ms for " + String.join(", ", missing));
        return FAILED;
    }

    private static Map<String, Long> allocate(final List<Script.Buffer> buffers, final BufferPool pool)
    {
        final Map<String, Long> refs = new HashMap<>();
        for (final Script.Buffer buffer : buffers)
        {
            final long ref = pool.allocate(buffer.size(), BUFFER_ALIGNMENT);
            final MemorySegment memory = pool.slice(ref, buffer.size());
            memory.fill((byte)0);
            MemorySegment.copy(MemorySegment.ofArray(buffer.contents()), 0, memory, 0, buffer.contents().length);
            refs.put(buffer.name(), ref);
        }
        return refs;
    }

    private static RingOptions ringOptions(final int submissions)
    {
        int sq = RingOptions.DEFAULT_SQ_ENTRIES;
        while (sq < submissions)
        {
            sq <<= 1;
        }
        return RingOptions.defaults().withEntries(sq, 2 * sq);
    }

    private static void write(final Sqe sqe, final Script.Submission submission, final Map<String, Long> refs)
    {
        final List<Operand> args = submission.args();
        sqe.prep(submission.opcode(), value(args.get(0), refs), value(args.get(1), refs),
            value(args.get(2), refs), value(args.get(3), refs), value(args.get(4), refs));
        for (int i = 0; i < args.size(); i++)
        {
            if (args.get(i).isRegister())
            {
                sqe.loadArg(i, (int)args.get(i).value());
            }
        }
        if (submission.saveRegister() >= 0)
        {
            sqe.saveResult(submission.saveRegister());
        }
        sqe.flags(submission.flags()).priority(submission.priority()).timeoutNanos(submission.timeoutNanos())
            .userData(submission.userData());
    }

    private static long value(final Operand operand, final Map<String, Long> refs)
    {
        return switch (operand.kind())
        {
            case Operand.BUFFER -> refs.get(operand.buffer());
            case Operand.REGISTER -> 0;
            default -> operand.value();
        };
    }

    private static Map<String, Long> sizes(final List<Script.Buffer> buffers)
    {
        final Map<String, Long> sizes = new HashMap<>();
        for (final Script.Buffer buffer : buffers)
        {
            sizes.put(buffer.name(), buffer.size());
        }
        return sizes;
    }

    private static void print(final Script.Print print, final Ring ring, final BufferPool pool,
        final Map<String, Long> refs, final Map<String, Long> sizes, final ScriptOutput output)
    {
        if (null == print.buffer())
        {
            output.register(print.register(), ring.register(print.register()));
            return;
        }
        final long size = sizes.get(print.buffer());
        final MemorySegment whole = pool.slice(refs.get(print.buffer()), size);
        final long length;
        if (Script.Format.STAT == print.format())
        {
            length = FileStat.BUFFER_LENGTH;
        }
        else if (null == print.length())
        {
            long end = size;
            while (end > 0 && 0 == whole.get(JAVA_BYTE, end - 1))
            {
                end--;
            }
            length = end;
        }
        else
        {
            final long wanted = print.length().isRegister() ? ring.register((int)print.length().value()) :
                print.length().value();
            length = Math.max(0, Math.min(wanted, size));
        }
        output.buffer(print.buffer(), whole.asSlice(0, length), print.format());
    }
}
