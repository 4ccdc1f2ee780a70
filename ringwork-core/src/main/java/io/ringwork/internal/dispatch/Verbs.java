package io.ringwork.internal.dispatch;

import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.RingworkException;
import io.ringwork.buffer.BufferPool;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.internal.layout.IoVecDescriptor;
import io.ringwork.internal.layout.StatDescriptor;
import io.ringwork.internal.schemes.NativeLinks;
import io.ringwork.scheme.Scheme;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The verbs: argument checks, and either the work itself (NOP, TIMEOUT, CANCEL, POLL, the futex pair, handle
 * bookkeeping) or the hand-over to the handle's scheme (OPEN, READ, WRITE, FSYNC, STAT, user verbs). Each verb's
 * page in {@code docs/verbs/} is the specification; the checks here follow it line by line. Dispatcher thread only.
 */
final class Verbs
{
    /** Longest single transfer: what one ByteBuffer can hold. */
    static final long MAX_TRANSFER = Integer.MAX_VALUE;
    /** Longest OPEN path in bytes (Linux's PATH_MAX). */
    static final long MAX_PATH = 4096;

    private static final int EBADF = Errno.EBADF.number();
    private static final int EINVAL = Errno.EINVAL.number();
    private static final int ETIMEDOUT = Errno.ETIMEDOUT.number();
    /** {@link #resolveTransfer}: a transfer of no bytes, which completes with 0 at once. */
    private static final int NOTHING_TO_MOVE = -1;
    /** {@link #resolveTransfer} for a native run: the member needs the chain's position or has nothing to move. */
    private static final int NOT_LINKABLE = -2;

    private final Dispatcher dispatcher;

    Verbs(final Dispatcher dispatcher)
    {
        this.dispatcher = dispatcher;
    }

    void dispatch(final Op op)
    {
        final Opcode verb = Opcode.of(op.opcode);
        if (op.subscription && Opcode.POLL != verb && Opcode.TIMEOUT != verb)
        {
            fail(op, EINVAL);
            return;
        }
        if (null == verb)
        {
            if (Opcode.isUser(op.opcode))
            {
                user(op);
            }
            else
            {
                fail(op, Errno.ENOSYS.number());
            }
            return;
        }
        switch (verb)
        {
            case NOP -> nop(op);
            case READ -> transfer(op, Opcode.READ, false);
            case READV -> transfer(op, Opcode.READV, true);
            case WRITE -> transfer(op, Opcode.WRITE, false);
            case WRITEV -> transfer(op, Opcode.WRITEV, true);
            case POLL -> poll(op);
            case OPEN -> open(op);
            case CLOSE -> close(op);
            case SEEK -> seek(op);
            case FSYNC -> fsync(op);
            case STAT -> stat(op);
            case TIMEOUT -> timeout(op);
            case CANCEL -> cancel(op);
            case DUP -> dup(op);
            case FUTEX_WAIT -> futexWait(op);
            case FUTEX_WAKE -> futexWake(op);
            case TRUNCATE -> truncate(op);
            default -> fail(op, Errno.ENOSYS.number());
        }
    }

    private void fail(final Op op, final int error)
    {
        dispatcher.complete(op, 0, error);
    }

    private static void park(final Op op, final int kind)
    {
        op.phase = Op.PARKED;
        op.parkKind = kind;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // NOP and TIMEOUT.
    // ---------------------------------------------------------------------------------------------------------------

    private void nop(final Op op)
    {
        if (op.hasExpiry)
        {
            park(op, Op.PARK_SLEEP);
        }
        else
        {
            dispatcher.complete(op, 0, 0);
        }
    }

    private void timeout(final Op op)
    {
        final long count = op.args[2];
        final long value = op.args[3];
        final long flags = op.args[4];
        if (0 != (flags & ~VerbFlags.TIMEOUT_VALID) || value < 0 || count < 0)
        {
            fail(op, EINVAL);
            return;
        }
        final boolean absolute = 0 != (flags & VerbFlags.TIMEOUT_ABSOLUTE);
        final long now = System.nanoTime();
        if (op.subscription)
        {
            if (absolute || 0 == value)
            {
                fail(op, EINVAL);
                return;
            }
            op.period = Math.min(value, Dispatcher.MAX_TIMER_NANOS);
            op.repeats = count;
            op.verbDeadline = now + op.period;
            op.hasVerbTimer = true;
            dispatcher.armTimer(op);
            park(op, Op.PARK_TIMEOUT);
            return;
        }
        if (absolute)
        {
            final Instant wall = Instant.now();
            final long untilDeadline = value - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
            op.verbDeadline = now + Math.max(0, Math.min(untilDeadline, Dispatcher.MAX_TIMER_NANOS));
            op.hasVerbTimer = true;
        }
        else if (0 != value)
        {
            op.verbDeadline = now + Math.min(value, Dispatcher.MAX_TIMER_NANOS);
            op.hasVerbTimer = true;
        }
        else if (0 == count)
        {
            dispatcher.complete(op, 0, expiryError(op));
            return;
        }
        if (count > 0)
        {
            op.countTarget = dispatcher.posted() + count;
            dispatcher.addCountWaiter(op);
        }
        if (op.hasVerbTimer)
        {
            dispatcher.armTimer(op);
        }
        park(op, Op.PARK_TIMEOUT);
    }

    private static int expiryError(final Op op)
    {
        return 0 != (op.args[4] & VerbFlags.TIMEOUT_ETIME_SUCCESS) ? 0 : ETIMEDOUT;
    }

    void onVerbTimer(final Op op, final long now)
    {
        if (Op.PARKED != op.phase || Op.PARK_TIMEOUT != op.parkKind)
        {
            return;
        }
        if (!op.subscription)
        {
            if (0 != op.countTarget)
            {
                dispatcher.removeCountWaiter(op);
                op.countTarget = 0;
            }
            dispatcher.complete(op, 0, expiryError(op));
            return;
        }
        op.ticks++;
        if (0 == op.repeats || op.ticks < op.repeats)
        {
            op.verbDeadline += op.period;
            if (op.verbDeadline - now <= 0)
            {
                // Fell behind (a stalled dispatcher): skip the missed expirations rather than fire them in a burst.
                op.verbDeadline = now + op.period;
            }
            op.hasVerbTimer = true;
            dispatcher.armTimer(op);
        }
        flushEvent(op);
    }

    int checkCountTimeouts(final long posted)
    {
        int count = 0;
        boolean again = true;
        while (again)
        {
            again = false;
            for (Op op = dispatcher.countWaiters(); null != op; op = op.countNext)
            {
                if (posted - op.countTarget >= 0)
                {
                    dispatcher.removeCountWaiter(op);
                    op.countTarget = 0;
                    dispatcher.complete(op, 0, 0);
                    count++;
                    again = true;
                    break;
                }
            }
        }
        return count;
    }

    /**
     * Posts what a subscription has to report, if anything and if there is room; otherwise defers it.
     *
     * @param op a parked subscription.
     */
    void flushEvent(final Op op)
    {
        if (Op.PARKED != op.phase)
        {
            return;
        }
        if (Op.PARK_TIMEOUT == op.parkKind)
        {
            if (op.ticks == op.ticksPosted)
            {
                return;
            }
            final int error = expiryError(op);
            if (0 != op.repeats && op.ticks >= op.repeats)
            {
                dispatcher.complete(op, op.ticks, error);
            }
            else if (dispatcher.postEvent(op, op.ticks, error))
            {
                op.ticksPosted = op.ticks;
            }
            else
            {
                dispatcher.deferEvent(op);
            }
        }
        else if (Op.PARK_POLL == op.parkKind && 0 != op.pendingEvents)
        {
            if (dispatcher.postEvent(op, op.pendingEvents, 0))
            {
                op.pendingEvents = 0;
            }
            else
            {
                dispatcher.deferEvent(op);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // CANCEL.
    // ---------------------------------------------------------------------------------------------------------------

    private void cancel(final Op op)
    {
        final long flags = op.args[1];
        if (0 != (flags & ~VerbFlags.CANCEL_VALID))
        {
            fail(op, EINVAL);
            return;
        }
        final long outcome = dispatcher.cancelMatching(op.args[0], 0 != (flags & VerbFlags.CANCEL_ALL),
            0 != (flags & VerbFlags.CANCEL_ANY), op);
        if (outcome > 0)
        {
            dispatcher.complete(op, outcome, 0);
        }
        else
        {
            fail(op, 0 == outcome ? Errno.ENOENT.number() : Errno.EALREADY.number());
        }
    }

    /**
     * Takes a parked operation out of whatever it waits on, for a cancel or timeout.
     *
     * @param op a parked operation.
     * @return false if it can no longer be stopped (a futex wake is already on its way).
     */
    boolean unpark(final Op op)
    {
        switch (op.parkKind)
        {
            case Op.PARK_TIMEOUT ->
            {
                if (0 != op.countTarget)
                {
                    dispatcher.removeCountWaiter(op);
                    op.countTarget = 0;
                }
                return true;
            }
            case Op.PARK_POLL ->
            {
                unwatch(op);
                return true;
            }
            case Op.PARK_FUTEX ->
            {
                return dispatcher.context.futexes().remove(op.futexKey, op);
            }
            default ->
            {
                return true;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // POLL.
    // ---------------------------------------------------------------------------------------------------------------

    private void poll(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        final long events = op.args[1];
        if (0 != (events & ~VerbFlags.POLL_REQUESTABLE))
        {
            fail(op, EINVAL);
            return;
        }
        op.pollEvents = (int)events;
        op.resource = resource;
        resource.retain();
        if (!op.subscription)
        {
            int ready = readiness(op, false);
            if (0 == ready)
            {
                op.watcher = new PollRegistration(op);
                ready = readiness(op, true);
                if (0 != ready)
                {
                    unwatch(op);
                }
            }
            if (0 != ready)
            {
                dispatcher.complete(op, ready, 0);
                return;
            }
            park(op, Op.PARK_POLL);
            return;
        }
        op.watcher = new PollRegistration(op);
        final int ready = readiness(op, true);
        park(op, Op.PARK_POLL);
        if (0 != ready)
        {
            op.pendingEvents = ready;
            flushEvent(op);
        }
    }

    private static int readiness(final Op op, final boolean register)
    {
        try
        {
            return op.resource.handle.poll(op.pollEvents, register ? op.watcher : null) &
                (op.pollEvents | VerbFlags.POLL_ERROR | VerbFlags.POLL_HUP);
        }
        catch (final RuntimeException ex)
        {
            return VerbFlags.POLL_ERROR;
        }
    }

    private static void unwatch(final Op op)
    {
        if (null != op.watcher)
        {
            try
            {
                op.resource.handle.unwatch(op.watcher);
            }
            catch (final RuntimeException ignored)
            {
                // The poll ends either way; a scheme that cannot unwatch only calls a stale watcher later.
            }
            op.watcher = null;
        }
    }

    void onPollChanged(final Op op)
    {
        if (Op.PARKED != op.phase || Op.PARK_POLL != op.parkKind)
        {
            return;
        }
        final int ready = readiness(op, false);
        if (0 == ready)
        {
            return;
        }
        if (!op.subscription)
        {
            unwatch(op);
            dispatcher.complete(op, ready, 0);
            return;
        }
        op.pendingEvents |= ready;
        flushEvent(op);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // FUTEX_WAIT and FUTEX_WAKE.
    // ---------------------------------------------------------------------------------------------------------------

    private void futexWait(final Op op)
    {
        final long ref = op.args[1];
        final long expected = op.args[2];
        if (0 != (ref & 3) || (expected != (int)expected && expected != (expected & 0xFFFF_FFFFL)))
        {
            fail(op, EINVAL);
            return;
        }
        final MemorySegment word = guardedSlice(op, ref, Integer.BYTES);
        if (null == word)
        {
            return;
        }
        op.addGuard(ref);
        op.futexKey = ref;
        if (!dispatcher.context.futexes().await(ref, word, (int)expected, op))
        {
            fail(op, Errno.EAGAIN.number());
            return;
        }
        park(op, Op.PARK_FUTEX);
    }

    void onFutexWoken(final Op op)
    {
        if (Op.PARKED == op.phase && Op.PARK_FUTEX == op.parkKind)
        {
            dispatcher.complete(op, 0, 0);
        }
    }

    private void futexWake(final Op op)
    {
        final long ref = op.args[1];
        final long count = op.args[2];
        if (0 != (ref & 3) || count < 0)
        {
            fail(op, EINVAL);
            return;
        }
        if (null == slice(op, ref, Integer.BYTES))
        {
            return;
        }
        dispatcher.complete(op, dispatcher.context.futexes().wake(ref, count), 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Handles: OPEN, CLOSE, DUP, SEEK.
    // ---------------------------------------------------------------------------------------------------------------

    private void open(final Op op)
    {
        final long length = op.args[2];
        final long flags = op.args[3];
        final long mode = op.args[4];
        if (0 != op.args[0] || length <= 0 || 0 != (flags & ~VerbFlags.OPEN_VALID) ||
            0 == (flags & (VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE)) ||
            (0 != (flags & (VerbFlags.OPEN_TRUNCATE | VerbFlags.OPEN_APPEND)) && 0 == (flags & VerbFlags.OPEN_WRITE)) ||
            (0 != (flags & VerbFlags.OPEN_EXCLUSIVE) && 0 == (flags & VerbFlags.OPEN_CREATE)) ||
            mode < 0 || mode > 07777)
        {
            fail(op, EINVAL);
            return;
        }
        if (length > MAX_PATH)
        {
            fail(op, Errno.ENAMETOOLONG.number());
            return;
        }
        final MemorySegment bytes = slice(op, op.args[1], length);
        if (null == bytes)
        {
            return;
        }
        final String path = new String(bytes.toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        final int colon = path.indexOf(':');
        final Scheme scheme = colon > 0 ? dispatcher.context.namespace().find(path.substring(0, colon)) : null;
        if (null == scheme)
        {
            fail(op, Errno.ENOENT.number());
            return;
        }
        final int handle = dispatcher.handles.reserve();
        if (handle < 0)
        {
            fail(op, Errno.EMFILE.number());
            return;
        }
        op.reservedHandle = handle;
        op.openFlags = (int)flags;
        op.openMode = (int)mode;
        op.path = path.substring(colon + 1);
        handOver(op, Opcode.OPEN, scheme);
    }

    private void close(final Op op)
    {
        final OpenResource resource = dispatcher.handles.remove(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        dispatcher.complete(op, 0, resource.release() ? 0 : Errno.EIO.number());
    }

    private void dup(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        final int handle = dispatcher.handles.add(resource);
        if (handle < 0)
        {
            fail(op, Errno.EMFILE.number());
            return;
        }
        resource.retain();
        dispatcher.complete(op, handle, 0);
    }

    private void seek(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        final long offset = op.args[3];
        final long base;
        switch ((int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, op.args[4])))
        {
            case VerbFlags.SEEK_SET -> base = 0;
            case VerbFlags.SEEK_CUR -> base = resource.position;
            case VerbFlags.SEEK_END ->
            {
                final long size = size(op, resource);
                if (size < 0)
                {
                    return;
                }
                base = size;
            }
            default ->
            {
                fail(op, EINVAL);
                return;
            }
        }
        final long position = base + offset;
        if (((base ^ position) & (offset ^ position)) < 0)
        {
            fail(op, Errno.EOVERFLOW.number());
            return;
        }
        if (position < 0)
        {
            fail(op, EINVAL);
            return;
        }
        resource.position = position;
        dispatcher.complete(op, position, 0);
    }

    /**
     * The file's size, or {@code -errno}.
     */
    private static long size(final OpenResource resource)
    {
        try
        {
            return resource.handle.size();
        }
        catch (final RingworkException ex)
        {
            return -reportable(ex.errno());
        }
        catch (final RuntimeException ex)
        {
            return -Errno.EIO.number();
        }
    }

    private long size(final Op op, final OpenResource resource)
    {
        try
        {
            return resource.handle.size();
        }
        catch (final RingworkException ex)
        {
            fail(op, reportable(ex.errno()));
        }
        catch (final RuntimeException ex)
        {
            fail(op, Errno.EIO.number());
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scheme verbs: READ(V), WRITE(V), FSYNC, STAT, user verbs.
    // ---------------------------------------------------------------------------------------------------------------

    private void transfer(final Op op, final Opcode verb, final boolean vectored)
    {
        final int outcome = resolveTransfer(op, verb, vectored, false);
        if (outcome > 0)
        {
            fail(op, outcome);
        }
        else if (NOTHING_TO_MOVE == outcome)
        {
            dispatcher.complete(op, 0, 0);
        }
        else
        {
            handOver(op, verb, null);
        }
    }

    /**
     * READ(V)/WRITE(V)'s checks and resolution: the handle, the position, the buffers (guarded, recorded on the op),
     * the resource retained. Whatever it took stays recorded on the op, so {@link #release} gives it back.
     *
     * @param op       the operation.
     * @param verb     READ, READV, WRITE or WRITEV.
     * @param vectored whether the buffers come from an iovec array.
     * @param linked   for a native run: {@link #NOT_LINKABLE} instead of a position the chain decides (the current
     *                 position, an append) and instead of an empty transfer.
     * @return 0 when resolved, {@link #NOTHING_TO_MOVE}, {@link #NOT_LINKABLE}, or the errno to fail with.
     */
    private int resolveTransfer(final Op op, final Opcode verb, final boolean vectored, final boolean linked)
    {
        final boolean read = Opcode.READ == verb || Opcode.READV == verb;
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource || !(read ? resource.readable() : resource.writable()))
        {
            return EBADF;
        }
        final long requested = op.args[3];
        final long position;
        if (!read && resource.appends())
        {
            if (linked)
            {
                return NOT_LINKABLE;
            }
            position = size(resource);
            if (position < 0)
            {
                return (int)-position;
            }
            op.advancesPosition = true;
        }
        else if (Sqe.CURRENT_POSITION == requested)
        {
            if (linked)
            {
                return NOT_LINKABLE;
            }
            position = resource.position;
            op.advancesPosition = true;
        }
        else if (requested < 0)
        {
            return EINVAL;
        }
        else
        {
            position = requested;
        }
        long total = 0;
        if (!vectored)
        {
            final long length = op.args[2];
            if (length < 0 || length > MAX_TRANSFER)
            {
                return EINVAL;
            }
            if (length > 0)
            {
                final long address = tryGuard(op.args[1], length);
                if (address < 0)
                {
                    return (int)-address;
                }
                op.addBuffer(op.args[1], address, length);
                total = length;
            }
        }
        else
        {
            final long count = op.args[2];
            if (count < 1 || count > IoVecDescriptor.MAX_ENTRIES)
            {
                return EINVAL;
            }
            final MemorySegment vector;
            try
            {
                vector = dispatcher.context.buffers().trySlice(op.args[1], count << IoVecDescriptor.LENGTH_SHIFT);
            }
            catch (final RingworkException ex)
            {
                return reportable(ex.errno());
            }
            if (null == vector)
            {
                return Errno.EFAULT.number();
            }
            for (int i = 0; i < count; i++)
            {
                final long entry = (long)i << IoVecDescriptor.LENGTH_SHIFT;
                final long ref = vector.get(JAVA_LONG_UNALIGNED, entry + IoVecDescriptor.BUFFER_OFFSET);
                final long length = vector.get(JAVA_LONG_UNALIGNED, entry + IoVecDescriptor.LENGTH_OFFSET);
                if (length < 0 || length > MAX_TRANSFER - total)
                {
                    return EINVAL;
                }
                if (0 == length)
                {
                    continue;
                }
                final long address = tryGuard(ref, length);
                if (address < 0)
                {
                    return (int)-address;
                }
                op.addBuffer(ref, address, length);
                total += length;
            }
        }
        if (0 == total)
        {
            return linked ? NOT_LINKABLE : NOTHING_TO_MOVE;
        }
        op.position = position;
        op.resource = resource;
        resource.retain();
        return 0;
    }

    private void fsync(final Op op)
    {
        final int outcome = resolveFsync(op);
        if (0 != outcome)
        {
            fail(op, outcome);
            return;
        }
        handOver(op, Opcode.FSYNC, null);
    }

    private int resolveFsync(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            return EBADF;
        }
        final long flags = op.args[4];
        if (0 != (flags & ~VerbFlags.FSYNC_DATA_ONLY))
        {
            return EINVAL;
        }
        op.dataOnly = 0 != flags;
        op.resource = resource;
        resource.retain();
        return 0;
    }

    /**
     * Resolves a chain member for a native run, as its dispatch would but without failing it: on any refusal it
     * lets go of what it took, and the member is dispatched step by step when its turn comes (failing then if its
     * arguments are bad).
     *
     * @param op a READ(V), WRITE(V) or FSYNC.
     * @return the member's handle if it can join a run, else null.
     */
    NativeLinks resolveLinked(final Op op)
    {
        final Opcode verb = Opcode.of(op.opcode);
        if (null == verb || op.subscription)
        {
            return null;
        }
        final int outcome = switch (verb)
        {
            case READ, WRITE -> resolveTransfer(op, verb, false, true);
            case READV, WRITEV -> resolveTransfer(op, verb, true, true);
            case FSYNC -> resolveFsync(op);
            default -> NOT_LINKABLE;
        };
        if (0 == outcome && op.resource.handle instanceof NativeLinks links && links.linkable(op))
        {
            return links;
        }
        release(op);
        op.dataOnly = false;
        return null;
    }

    private void truncate(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource || 0 == (resource.openFlags & VerbFlags.OPEN_WRITE))
        {
            fail(op, EBADF);
            return;
        }
        if (op.args[3] < 0)
        {
            fail(op, EINVAL);
            return;
        }
        op.position = op.args[3];
        op.resource = resource;
        resource.retain();
        handOver(op, Opcode.TRUNCATE, null);
    }

    private void stat(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        if (op.args[2] < StatDescriptor.LENGTH)
        {
            fail(op, EINVAL);
            return;
        }
        final long address = guardedAddress(op, op.args[1], StatDescriptor.LENGTH);
        if (address < 0)
        {
            return;
        }
        op.addBuffer(op.args[1], address, StatDescriptor.LENGTH);
        op.resource = resource;
        resource.retain();
        handOver(op, Opcode.STAT, null);
    }

    private void user(final Op op)
    {
        final OpenResource resource = dispatcher.handles.get(op.args[0]);
        if (null == resource)
        {
            fail(op, EBADF);
            return;
        }
        op.resource = resource;
        resource.retain();
        handOver(op, null, null);
    }

    /**
     * Hands an operation to its scheme. Whatever the scheme throws instead of completing fails the operation: a
     * {@link RingworkException} with its errno, anything else with EIO.
     *
     * @param op     checked and resolved.
     * @param verb   the verb, or null for a user verb.
     * @param scheme the scheme for OPEN, else null.
     */
    private void handOver(final Op op, final Opcode verb, final Scheme scheme)
    {
        op.phase = Op.WITH_SCHEME;
        op.schemeState(Op.SCHEME_SUBMITTED);
        final int generation = op.generation;
        try
        {
            if (null == verb)
            {
                op.resource.handle.call(op);
            }
            else
            {
                switch (verb)
                {
                    case OPEN ->
                    {
                        op.openScheme = scheme;
                        scheme.open(op, op.path, op.openFlags, op.openMode);
                    }
                    case READ, READV -> op.resource.handle.read(op);
                    case WRITE, WRITEV -> op.resource.handle.write(op);
                    case FSYNC -> op.resource.handle.fsync(op, op.dataOnly);
                    case TRUNCATE -> op.resource.handle.truncate(op, op.position);
                    case STAT -> op.resource.handle.stat(op);
                    default -> throw new IllegalStateException("verb=" + verb + " is not handed to schemes");
                }
            }
        }
        catch (final RingworkException ex)
        {
            schemeThrew(op, generation, reportable(ex.errno()));
        }
        catch (final RuntimeException ex)
        {
            schemeThrew(op, generation, Errno.EIO.number());
        }
    }

    /**
     * Asks the scheme to stop an operation it began (see {@link io.ringwork.scheme.SchemeHandle#cancel}).
     *
     * @param op    handed to a scheme, its state RUNNING.
     * @param error ECANCELED or ETIMEDOUT.
     * @return true if the scheme took the cancel and will complete the operation.
     */
    boolean cancelBegun(final Op op, final int error)
    {
        final Errno reason = Errno.of(error);
        try
        {
            if (Opcode.OPEN.code() == op.opcode)
            {
                return null != op.openScheme && op.openScheme.cancel(op, reason);
            }
            return null != op.resource && op.resource.handle.cancel(op, reason);
        }
        catch (final RuntimeException ex)
        {
            // A scheme whose cancel throws cannot stop the work: the request completes when the work ends.
            return false;
        }
    }

    private static void schemeThrew(final Op op, final int generation, final int error)
    {
        if (op.generation != generation || Op.WITH_SCHEME != op.phase)
        {
            return;
        }
        final int state = op.schemeState();
        if (Op.SCHEME_SUBMITTED == state || Op.SCHEME_RUNNING == state)
        {
            op.fail(Errno.of(error));
        }
    }

    private static int reportable(final Errno errno)
    {
        return Errno.EOK == errno || Errno.EUNKNOWN == errno ? Errno.EIO.number() : errno.number();
    }

    /**
     * A scheme completed an operation: finish the verb's own bookkeeping, then complete it.
     *
     * @param op the operation, its scheme state DONE.
     */
    void onSchemeResult(final Op op)
    {
        final long result = op.result;
        final int error = op.error;
        final int opcode = op.opcode;
        if (Opcode.OPEN.code() == opcode)
        {
            final int handle = op.reservedHandle;
            op.reservedHandle = 0;
            if (0 != error || null == op.opened)
            {
                dispatcher.handles.unreserve(handle);
                fail(op, 0 != error ? error : Errno.EIO.number());
                return;
            }
            dispatcher.handles.install(handle, new OpenResource(op.opened, op.openFlags));
            op.opened = null;
            dispatcher.complete(op, handle, 0);
            return;
        }
        if (0 == error && op.advancesPosition)
        {
            op.resource.position = op.position + result;
        }
        dispatcher.complete(op, result, error);
    }

    /**
     * Lets go of what an operation held, as it completes.
     *
     * @param op the operation.
     */
    void release(final Op op)
    {
        if (0 != op.guardCount || 0 != op.bufferCount)
        {
            op.releaseBuffers();
        }
        if (null != op.resource)
        {
            op.resource.release();
            op.resource = null;
        }
        if (0 != op.reservedHandle)
        {
            dispatcher.handles.unreserve(op.reservedHandle);
            op.reservedHandle = 0;
        }
    }

    /**
     * A scheme let go of an operation that was cancelled before it began; closes a handle it opened regardless.
     *
     * @param op a zombie.
     */
    void releaseLate(final Op op)
    {
        if (null != op.opened)
        {
            try
            {
                op.opened.close();
            }
            catch (final RuntimeException ignored)
            {
                // Nobody holds a number for it: there is no one left to tell.
            }
            op.opened = null;
        }
    }

    /**
     * Resolves a buffer reference from an SQE, or fails the operation with EFAULT; a bad reference from the client
     * costs no exception.
     */
    /**
     * Guards a buffer for an operation, then checks and slices it: in that order, so a client thread freeing the
     * buffer between the two cannot slip through (the guard makes the free fail with EBUSY, or the guard itself
     * fails and the operation with it). The caller records the guard on the op with {@link Op#addGuard} or
     * {@link Op#addBuffer}.
     *
     * @param op     the operation, failed here with EFAULT if the buffer is not a live allocation.
     * @param ref    the buffer reference, from the client: untrusted.
     * @param length bytes the operation uses.
     * @return the slice, or null if the operation was failed.
     */
    private long guardedAddress(final Op op, final long ref, final long length)
    {
        final long address = tryGuard(ref, length);
        if (address < 0)
        {
            fail(op, (int)-address);
        }
        return address;
    }

    /**
     * {@link #guardedAddress} without failing the operation.
     *
     * @return the address, or {@code -errno}.
     */
    private long tryGuard(final long ref, final long length)
    {
        final BufferPool pool = dispatcher.context.buffers();
        try
        {
            pool.guard(ref);
        }
        catch (final RingworkException ex)
        {
            return -Errno.EFAULT.number();
        }
        final long address;
        try
        {
            address = pool.tryAddress(ref, length);
        }
        catch (final RingworkException ex)
        {
            pool.unguard(ref);
            return -reportable(ex.errno());
        }
        if (address < 0)
        {
            pool.unguard(ref);
            return -Errno.EFAULT.number();
        }
        return address;
    }

    /**
     * {@link #guardedAddress} for a caller that needs the segment itself.
     */
    private MemorySegment guardedSlice(final Op op, final long ref, final long length)
    {
        final BufferPool pool = dispatcher.context.buffers();
        try
        {
            pool.guard(ref);
        }
        catch (final RingworkException ex)
        {
            fail(op, Errno.EFAULT.number());
            return null;
        }
        final MemorySegment segment = slice(op, ref, length);
        if (null == segment)
        {
            pool.unguard(ref);
        }
        return segment;
    }

    private MemorySegment slice(final Op op, final long ref, final long length)
    {
        final MemorySegment segment;
        try
        {
            segment = dispatcher.context.buffers().trySlice(ref, length);
        }
        catch (final RingworkException ex)
        {
            fail(op, reportable(ex.errno()));
            return null;
        }
        if (null == segment)
        {
            fail(op, Errno.EFAULT.number());
        }
        return segment;
    }
}
