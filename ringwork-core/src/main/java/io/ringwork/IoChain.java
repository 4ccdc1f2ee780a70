package io.ringwork;

import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.internal.reactor.ReactorEngine;
import io.ringwork.internal.reactor.ReactorFuture;
import io.ringwork.internal.reactor.ReactorOp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Operations submitted together and run in order (PatchworkOS's chains): each step starts when the one before it
 * succeeded ({@code LINK}); after a failure the rest complete with {@code ECANCELED}, unless a step was joined with
 * {@link #hardLink()}. A result flows into a later step through the chain's registers, R0 to R6 of the chain: the
 * reactor leases ring registers for them while the chain runs, so chains of different threads never mix values.
 * Each step method adds a step; the modifiers after it ({@link #saveTo}, {@link #handleFrom}, {@link #load},
 * {@link #timeout}, {@link #hardLink}) apply to the step just added.
 * {@snippet lang=java :
 * IoChain.Submitted copy = io.chain()
 *     .open("file:/tmp/in", VerbFlags.OPEN_READ).saveTo(0)
 *     .read(0, buffer, 4096, 0).handleFrom(0).saveTo(1)
 *     .close(0).handleFrom(0)
 *     .submit();
 * long bytes = copy.step(1).join();
 * }
 */
public final class IoChain
{
    /** Most steps in one chain; a ring's SQ must hold the whole chain. */
    public static final int MAX_STEPS = 64;

    private final ReactorEngine engine;
    private final int ring;
    private final List<ReactorOp> steps = new ArrayList<>();
    private final List<ReactorFuture<?>> futures = new ArrayList<>();
    private int hardLinks;
    private boolean submitted;

    IoChain(final ReactorEngine engine, final int ring)
    {
        this.engine = engine;
        this.ring = ring;
    }

    private IoChain add(final ReactorOp op, final int resultKind)
    {
        if (submitted)
        {
            throw new IllegalStateException("the chain was submitted already");
        }
        if (steps.size() == MAX_STEPS)
        {
            throw new IllegalStateException("a chain has at most " + MAX_STEPS + " steps");
        }
        final ReactorFuture<Object> future = new ReactorFuture<>(engine);
        op.result(resultKind, future);
        steps.add(op);
        futures.add(future);
        return this;
    }

    private ReactorOp last()
    {
        if (steps.isEmpty())
        {
            throw new IllegalStateException("add a step first");
        }
        return steps.getLast();
    }

    private ReactorOp op(final Opcode opcode)
    {
        return new ReactorOp(ring, opcode.code());
    }

    /**
     * Adds OPEN.
     *
     * @param path  {@code "scheme:rest"}.
     * @param flags {@code VerbFlags.OPEN_*}.
     * @return this chain.
     */
    public IoChain open(final String path, final int flags)
    {
        return add(AsyncIo.openOp(ring, engine.pool(ring), path, flags, 0), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds READ into a pool buffer.
     *
     * @param handle   a handle, or 0 with {@link #handleFrom}.
     * @param buffer   a pool reference.
     * @param length   bytes.
     * @param position offset, or -1 for the handle's position.
     * @return this chain.
     */
    public IoChain read(final long handle, final long buffer, final long length, final long position)
    {
        return add(op(Opcode.READ).args(handle, buffer, length, position, 0), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds WRITE from a pool buffer.
     *
     * @param handle   a handle, or 0 with {@link #handleFrom}.
     * @param buffer   a pool reference.
     * @param length   bytes, or 0 with {@link #load}{@code (2, r)}.
     * @param position offset, or -1 for the handle's position.
     * @return this chain.
     */
    public IoChain write(final long handle, final long buffer, final long length, final long position)
    {
        return add(op(Opcode.WRITE).args(handle, buffer, length, position, 0), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds SEEK.
     *
     * @param handle a handle, or 0 with {@link #handleFrom}.
     * @param offset bytes.
     * @param whence {@code VerbFlags.SEEK_*}.
     * @return this chain.
     */
    public IoChain seek(final long handle, final long offset, final int whence)
    {
        return add(op(Opcode.SEEK).args(handle, 0, 0, offset, whence), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds FSYNC.
     *
     * @param handle   a handle, or 0 with {@link #handleFrom}.
     * @param dataOnly flush only what is needed to read the data back.
     * @return this chain.
     */
    public IoChain fsync(final long handle, final boolean dataOnly)
    {
        return add(op(Opcode.FSYNC).args(handle, 0, 0, 0, dataOnly ? VerbFlags.FSYNC_DATA_ONLY : 0),
            ReactorOp.RESULT_LONG);
    }

    /**
     * Adds TRUNCATE.
     *
     * @param handle a handle, or 0 with {@link #handleFrom}.
     * @param length the new size, or 0 with {@link #load}{@code (3, r)}.
     * @return this chain.
     */
    public IoChain truncate(final long handle, final long length)
    {
        return add(op(Opcode.TRUNCATE).args(handle, 0, 0, length, 0), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds STAT; its step future completes with a {@link FileStat}.
     *
     * @param handle a handle, or 0 with {@link #handleFrom}.
     * @return this chain.
     */
    public IoChain stat(final long handle)
    {
        final long buffer = engine.pool(ring).allocate(StatDescriptor.LENGTH, Long.BYTES);
        return add(op(Opcode.STAT).args(handle, buffer, StatDescriptor.LENGTH, 0, 0).bounce(buffer, null),
            ReactorOp.RESULT_STAT);
    }

    /**
     * Adds CLOSE.
     *
     * @param handle a handle, or 0 with {@link #handleFrom}.
     * @return this chain.
     */
    public IoChain close(final long handle)
    {
        return add(op(Opcode.CLOSE).args(handle, 0, 0, 0, 0), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds a sleep ({@code TIMEOUT} counting its expiry as success).
     *
     * @param duration how long.
     * @return this chain.
     */
    public IoChain sleep(final Duration duration)
    {
        return add(op(Opcode.TIMEOUT).args(0, 0, 0, Math.max(1, duration.toNanos()),
            VerbFlags.TIMEOUT_ETIME_SUCCESS), ReactorOp.RESULT_LONG);
    }

    /**
     * Adds a scheme's own verb; its step future completes with a {@link Completion}, errors included.
     *
     * @param opcode {@link Opcode#USER_MIN} to {@link Opcode#USER_MAX}.
     * @param handle a handle, or 0 with {@link #handleFrom}.
     * @param arg1   argument 1.
     * @param arg2   argument 2.
     * @param arg3   argument 3.
     * @param arg4   argument 4.
     * @return this chain.
     */
    public IoChain call(final int opcode, final long handle, final long arg1, final long arg2, final long arg3,
        final long arg4)
    {
        return add(new ReactorOp(ring, opcode).args(handle, arg1, arg2, arg3, arg4), ReactorOp.RESULT_COMPLETION);
    }

    /**
     * The last step saves its result into a register of the chain.
     *
     * @param register 0..6.
     * @return this chain.
     */
    public IoChain saveTo(final int register)
    {
        last().save(checkRegister(register));
        return this;
    }

    /**
     * The last step loads an argument from a register of the chain when it starts.
     *
     * @param arg      0..4 (0 the handle, 1 the buffer, 2 the length, 3 the position, 4 the auxiliary).
     * @param register 0..6.
     * @return this chain.
     */
    public IoChain load(final int arg, final int register)
    {
        if (arg < 0 || arg > 4)
        {
            throw new IllegalArgumentException("arg=" + arg + " must be 0..4");
        }
        last().load(arg, checkRegister(register));
        return this;
    }

    /**
     * The last step takes its handle from a register: {@code load(0, register)}.
     *
     * @param register 0..6.
     * @return this chain.
     */
    public IoChain handleFrom(final int register)
    {
        return load(0, register);
    }

    /**
     * The last step gets a timeout ({@code ETIMEDOUT} when it passes).
     *
     * @param timeout how long it may take.
     * @return this chain.
     */
    public IoChain timeout(final Duration timeout)
    {
        last().timeout(Math.max(1, timeout.toNanos()));
        return this;
    }

    /**
     * The step after the last one runs even if the last one fails ({@code HARDLINK}).
     *
     * @return this chain.
     */
    public IoChain hardLink()
    {
        hardLinks |= 1 << (steps.size() - 1);
        last();
        return this;
    }

    private static int checkRegister(final int register)
    {
        if (register < 0 || register >= io.ringwork.internal.layout.RingDescriptor.REGISTER_COUNT)
        {
            throw new IllegalArgumentException("register=" + register + " must be 0..6");
        }
        return register;
    }

    /**
     * Hands the chain to the reactor; any thread.
     *
     * @return the futures of the chain and of each step.
     */
    public Submitted submit()
    {
        if (steps.isEmpty())
        {
            throw new IllegalStateException("an empty chain");
        }
        submitted = true;
        int registers = 0;
        for (final ReactorOp step : steps)
        {
            registers |= step.registersUsed();
        }
        final ReactorOp head = ReactorOp.link(steps, registers, hardLinks);
        final Submitted result = new Submitted(List.copyOf(futures));
        engine.hand(head);
        return result;
    }

    /**
     * The futures of a submitted chain.
     */
    public static final class Submitted
    {
        private final List<CompletableFuture<?>> steps;
        private final CompletableFuture<Long> done;

        Submitted(final List<CompletableFuture<?>> steps)
        {
            this.steps = steps;
            this.done = CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> lastResult(steps.getLast().join()));
        }

        private static long lastResult(final Object value)
        {
            return value instanceof Long result ? result : 0L;
        }

        /**
         * The future of one step: a {@code Long} result, a {@link FileStat} for STAT, a {@link Completion} for a
         * scheme's verb.
         *
         * @param index 0-based, in the order added.
         * @param <T>   the step's value type.
         * @return its future.
         */
        @SuppressWarnings("unchecked")
        public <T> CompletableFuture<T> step(final int index)
        {
            return (CompletableFuture<T>)steps.get(index);
        }

        /**
         * Every step's future, in order.
         *
         * @return an unmodifiable list.
         */
        public List<CompletableFuture<?>> steps()
        {
            return steps;
        }

        /**
         * Completes when every step has: with the last step's result, or exceptionally with the first failure
         * (a {@link RingworkException}, wrapped as {@link CompletableFuture#allOf} does).
         *
         * @return the chain's future.
         */
        public CompletableFuture<Long> done()
        {
            return done;
        }
    }
}
