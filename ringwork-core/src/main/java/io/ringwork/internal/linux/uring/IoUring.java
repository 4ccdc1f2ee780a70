package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.layout.SharedAccess;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One kernel io_uring: set up, its SQ ring, CQ ring and SQE array mapped, and liburing's {@code queue.c} on top
 * (get an SQE, submit, wait, reap). Used by one thread at a time (liburing's rule); {@link #close()} may come from
 * any thread once that thread is done, and runs once.
 * <p>
 * <b>Ordering.</b> The rings are shared with the kernel, which follows the protocol in {@code io_uring.h}: it reads
 * the SQ tail with {@code smp_load_acquire} and publishes the SQ head with {@code smp_store_release}; it publishes
 * the CQ tail with {@code smp_store_release} after writing the CQEs and reads the CQ head with
 * {@code smp_load_acquire} before overwriting a slot. Each access below names the side it pairs with.
 * <p>
 * The SQ index array is filled with the identity once at setup, as liburing does, so SQ slot {@code i} is SQE
 * {@code i} and only the tail moves.
 */
public final class IoUring implements AutoCloseable
{
    /** Receives one completion in {@link #forEachCqe}. */
    @FunctionalInterface
    public interface CqeHandler
    {
        /**
         * One completion.
         *
         * @param userData the SQE's user data.
         * @param res      the result, or {@code -errno}.
         * @param flags    {@code IORING_CQE_F_*}.
         */
        void onCqe(long userData, int res, int flags);
    }

    /** Failed waits read as ended before one call asks the kernel why ({@link #enter}). */
    private static final int QUIET_FAILURES_BEFORE_ASKING = 64;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment capture;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int fd;
    private final int features;
    private final int setupFlags;
    private final int sqEntries;
    private final int cqEntries;
    private final int sqMask;
    private final int cqMask;
    private final long sqRingAddress;
    private final long sqRingSize;
    private final long cqRingAddress;
    private final long cqRingSize;
    private final long sqesAddress;
    private final long sqesSize;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHeadOffset;
    private final long sqTailOffset;
    private final long sqFlagsOffset;
    private final long cqHeadOffset;
    private final long cqTailOffset;
    private final long cqesOffset;
    private final long cqOverflowOffset;
    // Owner thread only: the CQ's dropped count when last looked at, and failed quiet enters in a row.
    private int overflowSeen;
    private int quietFailures;
    private int sqeTail;
    private int cqHead;

    private IoUring(final int entries, final int setupFlags, final int cqSize, final int sqThreadIdleMs)
    {
        if (!Syscalls.isLinked())
        {
            throw new RingworkException(Errno.ENOSYS, "io_uring downcalls unavailable: " + Syscalls.linkFailure());
        }
        capture = Syscalls.allocateCapture(arena);
        final MemorySegment params = arena.allocate(IoUringParams.LAYOUT);
        final int cqFlag = cqSize > 0 ? IoUringConstants.IORING_SETUP_CQSIZE : 0;
        params.set(JAVA_INT, IoUringParams.FLAGS_OFFSET, setupFlags | cqFlag);
        if (cqSize > 0)
        {
            params.set(JAVA_INT, IoUringParams.CQ_ENTRIES_OFFSET, cqSize);
        }
        params.set(JAVA_INT, IoUringParams.SQ_THREAD_IDLE_OFFSET, sqThreadIdleMs);
        final int ringFd = Syscalls.ioUringSetup(capture, entries, params);
        if (ringFd < 0)
        {
            arena.close();
            throw new RingworkException(Syscalls.errnoOf(ringFd), "io_uring_setup entries=" + entries +
                " flags=0x" + Integer.toHexString(setupFlags));
        }
        fd = ringFd;
        this.setupFlags = setupFlags;
        features = params.get(JAVA_INT, IoUringParams.FEATURES_OFFSET);
        sqEntries = params.get(JAVA_INT, IoUringParams.SQ_ENTRIES_OFFSET);
        cqEntries = params.get(JAVA_INT, IoUringParams.CQ_ENTRIES_OFFSET);
        final long sq = IoUringParams.SQ_OFF_OFFSET;
        final long cq = IoUringParams.CQ_OFF_OFFSET;
        sqHeadOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sq + SqringOffsets.HEAD_OFFSET));
        sqTailOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sq + SqringOffsets.TAIL_OFFSET));
        sqFlagsOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sq + SqringOffsets.FLAGS_OFFSET));
        final long sqArrayOffset = Integer.toUnsignedLong(params.get(JAVA_INT, sq + SqringOffsets.ARRAY_OFFSET));
        cqHeadOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cq + CqringOffsets.HEAD_OFFSET));
        cqTailOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cq + CqringOffsets.TAIL_OFFSET));
        cqesOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cq + CqringOffsets.CQES_OFFSET));
        cqOverflowOffset = Integer.toUnsignedLong(params.get(JAVA_INT, cq + CqringOffsets.OVERFLOW_OFFSET));

        final boolean single = 0 != (features & IoUringConstants.IORING_FEAT_SINGLE_MMAP);
        final long sqBytes = sqArrayOffset + (long)sqEntries * Integer.BYTES;
        final long cqBytes = cqesOffset + (long)cqEntries * IoUringCqe.SIZE;
        sqRingSize = single ? Math.max(sqBytes, cqBytes) : sqBytes;
        cqRingSize = single ? 0 : cqBytes;
        sqesSize = (long)sqEntries * IoUringSqe.SIZE;
        long sqAt = -1;
        long cqAt = -1;
        long sqesAt = -1;
        try
        {
            sqAt = mapOrThrow(sqRingSize, IoUringConstants.IORING_OFF_SQ_RING, "SQ ring");
            cqAt = single ? sqAt : mapOrThrow(cqRingSize, IoUringConstants.IORING_OFF_CQ_RING, "CQ ring");
            sqesAt = mapOrThrow(sqesSize, IoUringConstants.IORING_OFF_SQES, "SQE array");
        }
        catch (final RingworkException ex)
        {
            unmapQuietly(sqAt, sqRingSize);
            if (!single)
            {
                unmapQuietly(cqAt, cqRingSize);
            }
            Syscalls.close(capture, fd);
            arena.close();
            throw ex;
        }
        sqRingAddress = sqAt;
        cqRingAddress = cqAt;
        sqesAddress = sqesAt;
        sqRing = MemorySegment.ofAddress(sqAt).reinterpret(sqRingSize);
        cqRing = single ? sqRing : MemorySegment.ofAddress(cqAt).reinterpret(cqRingSize);
        sqes = MemorySegment.ofAddress(sqesAt).reinterpret(sqesSize);
        // Plain: the masks are written by io_uring_setup before it returned and never change.
        sqMask = sqRing.get(JAVA_INT, offsetOf(params, sq + SqringOffsets.RING_MASK_OFFSET));
        cqMask = cqRing.get(JAVA_INT, offsetOf(params, cq + CqringOffsets.RING_MASK_OFFSET));
        for (int i = 0; i < sqEntries; i++)
        {
            // Plain: the kernel reads the array only for slots published by a later release store of the tail.
            sqRing.set(JAVA_INT, sqArrayOffset + (long)i * Integer.BYTES, i);
        }
        // Plain: at setup nothing has been published; both indexes start where the kernel left them (zero).
        sqeTail = sqRing.get(JAVA_INT, sqTailOffset);
        cqHead = cqRing.get(JAVA_INT, cqHeadOffset);
    }

    /**
     * Sets up a ring.
     *
     * @param entries    SQ size (rounded up to a power of two by the kernel).
     * @param setupFlags {@code IORING_SETUP_*}.
     * @return the ring.
     * @throws RingworkException with the errno of {@code io_uring_setup} or {@code mmap}.
     */
    public static IoUring create(final int entries, final int setupFlags)
    {
        return new IoUring(entries, setupFlags, 0, 0);
    }

    /**
     * Sets up a ring with a CQ size of its own ({@code IORING_SETUP_CQSIZE}).
     *
     * @param entries    SQ size.
     * @param cqSize     CQ size, at least {@code entries}.
     * @param setupFlags {@code IORING_SETUP_*}.
     * @return the ring.
     * @throws RingworkException with the errno of {@code io_uring_setup} or {@code mmap}.
     */
    public static IoUring create(final int entries, final int cqSize, final int setupFlags)
    {
        return new IoUring(entries, setupFlags, cqSize, 0);
    }

    /**
     * Sets up a ring with every knob: CQ size (0 for the kernel's default of twice the SQ) and the SQPOLL thread's
     * idle time.
     *
     * @param entries         SQ size.
     * @param cqSize          CQ size, 0 for the default.
     * @param setupFlags      {@code IORING_SETUP_*}.
     * @param sqThreadIdleMs  with {@code IORING_SETUP_SQPOLL}: how long the kernel thread polls before it sleeps.
     * @return the ring.
     * @throws RingworkException with the errno of {@code io_uring_setup} or {@code mmap}.
     */
    public static IoUring create(final int entries, final int cqSize, final int setupFlags, final int sqThreadIdleMs)
    {
        return new IoUring(entries, setupFlags, cqSize, sqThreadIdleMs);
    }

    private static long offsetOf(final MemorySegment params, final long field)
    {
        return Integer.toUnsignedLong(params.get(JAVA_INT, field));
    }

    private long mapOrThrow(final long size, final long offset, final String what)
    {
        final long address = Syscalls.mmap(capture, size, fd, offset);
        if (address < 0)
        {
            throw new RingworkException(Syscalls.errnoOf(address), "mmap " + what + " size=" + size);
        }
        return address;
    }

    private void unmapQuietly(final long address, final long size)
    {
        if (address > 0 && size > 0)
        {
            Syscalls.munmap(capture, address, size);
        }
    }

    /**
     * The ring's file descriptor.
     *
     * @return the fd.
     */
    public int fd()
    {
        return fd;
    }

    /**
     * The kernel's {@code IORING_FEAT_*} bits.
     *
     * @return features.
     */
    public int features()
    {
        return features;
    }

    /**
     * The {@code IORING_SETUP_*} flags the ring was created with.
     *
     * @return flags.
     */
    public int setupFlags()
    {
        return setupFlags;
    }

    /**
     * SQ size.
     *
     * @return entries.
     */
    public int sqEntries()
    {
        return sqEntries;
    }

    /**
     * CQ size.
     *
     * @return entries.
     */
    public int cqEntries()
    {
        return cqEntries;
    }

    /**
     * The calling thread's errno capture for other downcalls made on the ring's thread.
     *
     * @return the capture segment, owned by the ring.
     */
    public MemorySegment capture()
    {
        return capture;
    }

    /**
     * Free SQ slots.
     *
     * @return slots {@link #nextSqe()} can still hand out.
     */
    public int sqSpaceLeft()
    {
        // Acquire: pairs with the kernel's smp_store_release of the SQ head once it has read those SQEs, so the
        // slots counted free are no longer read by the kernel.
        final int head = (int)SharedAccess.INT.getAcquire(sqRing, sqHeadOffset);
        return sqEntries - (sqeTail - head);
    }

    /**
     * Claims the next SQE, zeroed (liburing's {@code io_uring_get_sqe}).
     *
     * @return its byte offset in the SQE array, for the {@code prep} methods; -1 when the SQ is full.
     */
    public long nextSqe()
    {
        if (sqSpaceLeft() <= 0)
        {
            return -1;
        }
        final long at = (long)(sqeTail & sqMask) * IoUringSqe.SIZE;
        // Plain: the slot is ours until the release store of the tail in submit publishes it.
        // Eight long stores rather than asSlice(..).fill: no segment object per SQE.
        for (long word = 0; word < IoUringSqe.SIZE; word += Long.BYTES)
        {
            sqes.set(JAVA_LONG, at + word, 0L);
        }
        sqeTail++;
        return at;
    }

    /**
     * Fills a claimed SQE for a read/write-shaped operation ({@code io_uring_prep_rw}).
     *
     * @param sqe      from {@link #nextSqe()}.
     * @param opcode   {@code IORING_OP_*}.
     * @param fileFd   the file, or the directory for OPENAT/STATX.
     * @param address  buffer, iovec array or path.
     * @param length   bytes, iovec count or mode.
     * @param offset   file offset (or {@code addr2}).
     * @param opFlags  the {@code rw_flags} union ({@code fsync_flags}, {@code open_flags}...).
     * @param userData copied into the CQE.
     */
    public void prep(final long sqe, final int opcode, final int fileFd, final long address, final int length,
        final long offset, final int opFlags, final long userData)
    {
        // Plain stores: the SQE is published by the release store of the SQ tail in submit.
        sqes.set(JAVA_BYTE, sqe + IoUringSqe.OPCODE_OFFSET, (byte)opcode);
        sqes.set(JAVA_INT, sqe + IoUringSqe.FD_OFFSET, fileFd);
        sqes.set(JAVA_LONG, sqe + IoUringSqe.OFF_OFFSET, offset);
        sqes.set(JAVA_LONG, sqe + IoUringSqe.ADDR_OFFSET, address);
        sqes.set(JAVA_INT, sqe + IoUringSqe.LEN_OFFSET, length);
        sqes.set(JAVA_INT, sqe + IoUringSqe.RW_FLAGS_OFFSET, opFlags);
        sqes.set(JAVA_LONG, sqe + IoUringSqe.USER_DATA_OFFSET, userData);
    }

    /**
     * Sets a claimed SQE's {@code IOSQE_*} flags.
     *
     * @param sqe   from {@link #nextSqe()}.
     * @param flags the flags.
     */
    public void sqeFlags(final long sqe, final int flags)
    {
        // Plain: published with the SQE.
        sqes.set(JAVA_BYTE, sqe + IoUringSqe.FLAGS_OFFSET, (byte)flags);
    }

    /**
     * Adds flags to a claimed SQE's {@code flags} (a link on top of {@code IOSQE_FIXED_FILE}).
     *
     * @param sqe   from {@link #nextSqe()}.
     * @param flags {@code IOSQE_*} bits to set as well.
     */
    public void addSqeFlags(final long sqe, final int flags)
    {
        // Plain: the SQE is not published yet; both accesses are the loop thread's own.
        final byte before = sqes.get(JAVA_BYTE, sqe + IoUringSqe.FLAGS_OFFSET);
        sqes.set(JAVA_BYTE, sqe + IoUringSqe.FLAGS_OFFSET, (byte)(before | flags));
    }

    /**
     * Sets a claimed SQE's {@code buf_index} (READ_FIXED, WRITE_FIXED).
     *
     * @param sqe   from {@link #nextSqe()}.
     * @param index the registered buffer.
     */
    public void sqeBufIndex(final long sqe, final int index)
    {
        // Plain: published with the SQE.
        sqes.set(JAVA_SHORT, sqe + IoUringSqe.BUF_INDEX_OFFSET, (short)index);
    }

    private int publish()
    {
        // Release: pairs with the kernel's smp_load_acquire of the SQ tail, so it sees every SQE store above.
        SharedAccess.INT.setRelease(sqRing, sqTailOffset, sqeTail);
        // Acquire: pairs with the kernel's release of the SQ head; what lies between is not yet consumed.
        return sqeTail - (int)SharedAccess.INT.getAcquire(sqRing, sqHeadOffset);
    }

    /**
     * Publishes the claimed SQEs and tells the kernel ({@code io_uring_submit}). When completions wait in the
     * kernel's overflow list it also asks for them to be flushed into the CQ.
     *
     * @return SQEs the kernel consumed, or {@code -errno}: {@code -EBUSY}/{@code -EAGAIN} mean reap completions
     *         and call again, {@code -EINTR} call again; unconsumed SQEs stay queued for the next call.
     */
    public int submit()
    {
        final int pending = publish();
        final int flags = cqOverflowPending() ? IoUringConstants.IORING_ENTER_GETEVENTS : 0;
        if (sqPolled())
        {
            // The kernel's SQ thread takes the SQEs; enter only to wake it, or to flush the overflow list.
            final int wake = sqThreadAsleep() ? IoUringConstants.IORING_ENTER_SQ_WAKEUP : 0;
            return 0 == (flags | wake) ? pending : enter(0, 0, flags | wake, MemorySegment.NULL);
        }
        if (0 == pending && 0 == flags)
        {
            return 0;
        }
        return enter(pending, 0, flags, MemorySegment.NULL);
    }

    /**
     * Publishes the claimed SQEs and waits until at least {@code waitNr} completions are in the CQ
     * ({@code io_uring_submit_and_wait}).
     *
     * @param waitNr completions to wait for.
     * @return SQEs the kernel consumed, or {@code -errno} as for {@link #submit()}.
     */
    public int submitAndWait(final int waitNr)
    {
        final int pending = publish();
        if (sqPolled())
        {
            final int wake = sqThreadAsleep() ? IoUringConstants.IORING_ENTER_SQ_WAKEUP : 0;
            return enter(0, waitNr, IoUringConstants.IORING_ENTER_GETEVENTS | wake, MemorySegment.NULL);
        }
        return enter(pending, waitNr, IoUringConstants.IORING_ENTER_GETEVENTS, MemorySegment.NULL);
    }

    /**
     * {@link #submitAndWait(int)} for at most a time ({@code IORING_ENTER_EXT_ARG}); the ring must not be SQPOLL.
     *
     * @param waitNr  completions to wait for.
     * @param timeout from {@link GeteventsArg#timeout}.
     * @return SQEs the kernel consumed, or {@code -errno} as for {@link #submit()}; {@code -ETIME} when the time
     *         passed first.
     */
    public int submitAndWait(final int waitNr, final MemorySegment timeout)
    {
        if (sqPolled())
        {
            throw new IllegalStateException("a timed wait on an SQPOLL ring");
        }
        final int pending = publish();
        return enter(pending, waitNr, IoUringConstants.IORING_ENTER_GETEVENTS | IoUringConstants.IORING_ENTER_EXT_ARG,
            timeout);
    }

    /**
     * One {@code io_uring_enter}, without errno (capturing it costs garbage until C2 compiles the caller). A failed
     * enter consumed no SQE (it would have returned the count), so a failure is read as:
     * <ul>
     *   <li>completions dropped ({@code -EBADR}, which the kernel reports once): the CQ's overflow count grew;</li>
     *   <li>else, for a wait that submitted nothing, the wait ended (a timeout, a signal): the caller looks at the CQ,
     *   with no second call;</li>
     *   <li>else, or after {@link #QUIET_FAILURES_BEFORE_ASKING} failures in a row (a persistent error must not spin
     *   unseen), the call again, not waiting, with errno captured: its answer is the result.</li>
     * </ul>
     */
    private int enter(final int toSubmit, final int minComplete, final int flags, final MemorySegment arg)
    {
        final int quiet = Syscalls.ioUringEnterQuiet(fd, toSubmit, minComplete, flags, arg, arg.byteSize());
        if (quiet >= 0)
        {
            quietFailures = 0;
            return quiet;
        }
        // Acquire: the kernel's count of completions it could not post, read fresh.
        final int overflow = (int)SharedAccess.INT.getAcquire(cqRing, cqOverflowOffset);
        if (overflow != overflowSeen)
        {
            overflowSeen = overflow;
            return -Errno.EBADR.number();
        }
        if (0 == toSubmit && ++quietFailures < QUIET_FAILURES_BEFORE_ASKING)
        {
            return 0;
        }
        quietFailures = 0;
        return Syscalls.ioUringEnter(capture, fd, toSubmit, 0, flags & ~IoUringConstants.IORING_ENTER_EXT_ARG);
    }

    private boolean sqPolled()
    {
        return 0 != (setupFlags & IoUringConstants.IORING_SETUP_SQPOLL);
    }

    private boolean sqThreadAsleep()
    {
        // Volatile: the release store of the tail in publish must not pass this load (store-load order), or the
        // loop could miss the kernel thread going to sleep after it last looked at the tail (liburing uses a full
        // barrier here for the same reason).
        return 0 != ((int)SharedAccess.INT.getVolatile(sqRing, sqFlagsOffset) & IoUringConstants.IORING_SQ_NEED_WAKEUP);
    }

    /**
     * Whether completions wait in the kernel's overflow list because the CQ was full ({@code IORING_SQ_CQ_OVERFLOW});
     * reap, then {@link #submit()} (or {@link #submitAndWait}) flushes them.
     *
     * @return true if some do.
     */
    public boolean cqOverflowPending()
    {
        // Acquire: the kernel sets the flag with an atomic or; reading it fresh is all that is needed, and acquire
        // orders the CQ reads that follow after it.
        return 0 != ((int)SharedAccess.INT.getAcquire(sqRing, sqFlagsOffset) & IoUringConstants.IORING_SQ_CQ_OVERFLOW);
    }

    /**
     * Whether completion work waits for the next enter ({@code IORING_SQ_TASKRUN}, raised only on a ring set up with
     * {@code IORING_SETUP_TASKRUN_FLAG}): under DEFER_TASKRUN a CQE reaches the CQ only in an enter, so a thread that
     * polls looks here before it pays for one.
     *
     * @return true if an enter would post completions.
     */
    public boolean taskrunPending()
    {
        // Acquire: as in cqOverflowPending, a fresh read of a flag the kernel sets with an atomic or.
        return 0 != ((int)SharedAccess.INT.getAcquire(sqRing, sqFlagsOffset) & IoUringConstants.IORING_SQ_TASKRUN);
    }

    /**
     * Completions in the CQ now.
     *
     * @return count.
     */
    public int cqReady()
    {
        // Acquire: pairs with the kernel's smp_store_release of the CQ tail after it wrote the CQEs.
        return (int)SharedAccess.INT.getAcquire(cqRing, cqTailOffset) - cqHead;
    }

    /**
     * Hands up to {@code limit} completions to {@code handler} and frees their slots ({@code io_uring_for_each_cqe}
     * then {@code io_uring_cq_advance}).
     *
     * @param handler receives each.
     * @param limit   most to take.
     * @return how many were taken.
     */
    public int forEachCqe(final CqeHandler handler, final int limit)
    {
        // Acquire: pairs with the kernel's smp_store_release of the CQ tail, so the CQEs before it are complete.
        final int tail = (int)SharedAccess.INT.getAcquire(cqRing, cqTailOffset);
        final int ready = tail - cqHead;
        if (ready < 0 || ready > cqEntries)
        {
            throw new IllegalStateException("CQ tail=" + tail + " head=" + cqHead + " outside entries=" + cqEntries);
        }
        final int count = Math.min(ready, limit);
        int seen = 0;
        try
        {
            while (seen < count)
            {
                final long at = cqesOffset + (long)((cqHead + seen) & cqMask) * IoUringCqe.SIZE;
                // Plain: ordered after the acquire of the tail above; the kernel does not touch the slot until the
                // head passes it.
                final long userData = cqRing.get(JAVA_LONG, at + IoUringCqe.USER_DATA_OFFSET);
                final int res = cqRing.get(JAVA_INT, at + IoUringCqe.RES_OFFSET);
                final int flags = cqRing.get(JAVA_INT, at + IoUringCqe.FLAGS_OFFSET);
                // Counted before the handler runs: a CQE whose handler throws is consumed, never delivered twice.
                seen++;
                handler.onCqe(userData, res, flags);
            }
        }
        finally
        {
            if (seen > 0)
            {
                cqHead += seen;
                // Release: pairs with the kernel's smp_load_acquire of the CQ head; our reads of those slots happen
                // before it may overwrite them.
                SharedAccess.INT.setRelease(cqRing, cqHeadOffset, cqHead);
            }
        }
        return count;
    }

    /**
     * Unmaps the rings and closes the descriptor, once; later calls do nothing. The kernel cancels what is still
     * in flight.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        Syscalls.munmap(capture, sqesAddress, sqesSize);
        Syscalls.munmap(capture, sqRingAddress, sqRingSize);
        if (cqRingSize > 0)
        {
            Syscalls.munmap(capture, cqRingAddress, cqRingSize);
        }
        Syscalls.close(capture, fd);
        arena.close();
    }
}
