package io.ringwork;

/**
 * How the io_uring {@code file:} backend sets up its kernel ring and serves reads (see
 * {@code docs/concepts/io_uring.md} for what each knob does and why the defaults are what they are). Used only where
 * the backend is; the portable backend ignores it.
 *
 * @param entries          SQ entries, a power of two from 1 to 32768: how many SQEs one {@code io_uring_enter} can
 *                         submit.
 * @param cqEntries        CQ entries, 0 for the kernel's default (twice {@code entries}), else a power of two from
 *                         {@code entries} to 65536; the loop keeps at most this many minus one operations in the
 *                         kernel and queues the rest.
 * @param singleIssuer     {@code IORING_SETUP_SINGLE_ISSUER} (Linux 6.0): only the loop thread submits, so the kernel
 *                         skips its locking.
 * @param deferTaskrun     {@code IORING_SETUP_DEFER_TASKRUN} (6.1, needs {@code singleIssuer}): completion work runs
 *                         only when the loop enters the kernel to wait, never interrupting it.
 * @param coopTaskrun      {@code IORING_SETUP_COOP_TASKRUN} (5.19): completion work does not interrupt the loop with
 *                         an IPI; used when {@code deferTaskrun} is off or refused.
 * @param sqpollIdleMillis 0 for none; else {@code IORING_SETUP_SQPOLL} with a kernel thread that polls the SQ and
 *                         sleeps after this many idle milliseconds (it burns a core while it polls).
 * @param nowaitReads      READs first try {@code preadv2(RWF_NOWAIT)} on the dispatcher thread and go to the ring
 *                         only for what is not in the page cache; {@code -Dringwork.iouring.nowait=false|true}
 *                         overrides the default.
 * @param callerReads      a client in this process ({@link SyncIo}, {@link AsyncIo}, the {@code io.ringwork.nio}
 *                         channels) tries a READ at an explicit position with {@code preadv2(RWF_NOWAIT)} on its own
 *                         thread before it writes an SQE, so a page-cache hit crosses no thread;
 *                         {@code -Dringwork.iouring.callerReads=false|true} overrides the default.
 * @param nativeLinks      a {@code LINK}/{@code HARDLINK} chain's consecutive transfers at explicit positions and
 *                         FSYNCs are submitted as one run of linked SQEs ({@code IOSQE_IO_LINK}/{@code HARDLINK})
 *                         instead of one step at a time, with the same results;
 *                         {@code -Dringwork.iouring.nativelinks=false|true} overrides the default.
 * @param hostRings        a ring {@link Ringwork#open opened} in this process is served by the thread that owns the
 *                         kernel ring, which sleeps in {@code io_uring_enter} with an {@code IORING_OP_FUTEX_WAITV}
 *                         on the rings' doorbells (Linux 6.7), instead of by a dispatcher thread of its own that hands
 *                         every file operation to that thread and takes its completion back: two thread hand-offs
 *                         fewer per operation; {@code -Dringwork.iouring.hostRings=false|true} overrides the default.
 */
public record IoUringOptions(int entries, int cqEntries, boolean singleIssuer, boolean deferTaskrun,
    boolean coopTaskrun, int sqpollIdleMillis, boolean nowaitReads, boolean callerReads, boolean nativeLinks,
    boolean hostRings)
{
    /** Default SQ entries. */
    public static final int DEFAULT_ENTRIES = 256;
    /** Largest SQ entries the kernel accepts. */
    public static final int MAX_ENTRIES = 32768;
    /** Largest CQ entries the kernel accepts. */
    public static final int MAX_CQ_ENTRIES = 65536;

    private static final int IORING_SETUP_SQPOLL = 1 << 1;
    private static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    private static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    private static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    /**
     * Validates the options.
     *
     * @param entries          SQ entries.
     * @param cqEntries        CQ entries or 0.
     * @param singleIssuer     SINGLE_ISSUER.
     * @param deferTaskrun     DEFER_TASKRUN.
     * @param coopTaskrun      COOP_TASKRUN.
     * @param sqpollIdleMillis SQPOLL idle time, 0 for no SQPOLL.
     * @param nowaitReads      the inline page-cache read.
     * @param callerReads      the page-cache read on the client's thread.
     * @param nativeLinks      chains as linked SQEs.
     * @param hostRings        in-process rings served by the io_uring thread.
     */
    public IoUringOptions
    {
        if (entries < 1 || entries > MAX_ENTRIES || Integer.bitCount(entries) != 1)
        {
            throw new IllegalArgumentException("entries=" + entries + " must be a power of two in [1, " +
                MAX_ENTRIES + "]");
        }
        if (0 != cqEntries && (cqEntries < entries || cqEntries > MAX_CQ_ENTRIES || Integer.bitCount(cqEntries) != 1))
        {
            throw new IllegalArgumentException("cqEntries=" + cqEntries + " must be 0 or a power of two in [entries=" +
                entries + ", " + MAX_CQ_ENTRIES + "]");
        }
        if (deferTaskrun && !singleIssuer)
        {
            throw new IllegalArgumentException("deferTaskrun needs singleIssuer");
        }
        if (sqpollIdleMillis < 0)
        {
            throw new IllegalArgumentException("sqpollIdleMillis=" + sqpollIdleMillis + " must not be negative");
        }
        if (sqpollIdleMillis > 0 && deferTaskrun)
        {
            throw new IllegalArgumentException("SQPOLL (sqpollIdleMillis=" + sqpollIdleMillis +
                ") cannot be combined with deferTaskrun");
        }
    }

    /**
     * The defaults: 256 SQ entries, the kernel's CQ (512), SINGLE_ISSUER and DEFER_TASKRUN (falling back to
     * COOP_TASKRUN on older kernels), no SQPOLL, the inline NOWAIT read unless
     * {@code -Dringwork.iouring.nowait=false}, the read on the client's thread unless
     * {@code -Dringwork.iouring.callerReads=false}, native link chains unless
     * {@code -Dringwork.iouring.nativelinks=false}, and in-process rings hosted by the io_uring thread unless
     * {@code -Dringwork.iouring.hostRings=false}.
     *
     * @return the defaults.
     */
    public static IoUringOptions defaults()
    {
        final String nowait = System.getProperty("ringwork.iouring.nowait");
        final String caller = System.getProperty("ringwork.iouring.callerReads");
        final String links = System.getProperty("ringwork.iouring.nativelinks");
        final String host = System.getProperty("ringwork.iouring.hostRings");
        return new IoUringOptions(DEFAULT_ENTRIES, 0, true, true, true, 0,
            null == nowait || Boolean.parseBoolean(nowait), null == caller || Boolean.parseBoolean(caller),
            null == links || Boolean.parseBoolean(links), null == host || Boolean.parseBoolean(host));
    }

    /**
     * These options with other ring sizes.
     *
     * @param sq SQ entries.
     * @param cq CQ entries, 0 for the default.
     * @return new options.
     */
    public IoUringOptions withEntries(final int sq, final int cq)
    {
        return new IoUringOptions(sq, cq, singleIssuer, deferTaskrun, coopTaskrun, sqpollIdleMillis, nowaitReads,
            callerReads, nativeLinks, hostRings);
    }

    /**
     * These options with other task-run flags.
     *
     * @param single SINGLE_ISSUER.
     * @param defer  DEFER_TASKRUN (needs {@code single}).
     * @param coop   COOP_TASKRUN.
     * @return new options.
     */
    public IoUringOptions withTaskrun(final boolean single, final boolean defer, final boolean coop)
    {
        return new IoUringOptions(entries, cqEntries, single, defer, coop, sqpollIdleMillis, nowaitReads,
            callerReads, nativeLinks, hostRings);
    }

    /**
     * These options with an SQPOLL thread (DEFER_TASKRUN off, which SQPOLL excludes), or without one.
     *
     * @param idleMillis how long the kernel thread polls before it sleeps; 0 for no SQPOLL.
     * @return new options.
     */
    public IoUringOptions withSqpoll(final int idleMillis)
    {
        return new IoUringOptions(entries, cqEntries, singleIssuer, deferTaskrun && 0 == idleMillis, coopTaskrun,
            idleMillis, nowaitReads, callerReads, nativeLinks, hostRings);
    }

    /**
     * These options with the inline NOWAIT read on or off.
     *
     * @param nowait true to try {@code preadv2(RWF_NOWAIT)} first.
     * @return new options.
     */
    public IoUringOptions withNowaitReads(final boolean nowait)
    {
        return new IoUringOptions(entries, cqEntries, singleIssuer, deferTaskrun, coopTaskrun, sqpollIdleMillis,
            nowait, callerReads, nativeLinks, hostRings);
    }

    /**
     * These options with the read on the client's thread on or off.
     *
     * @param caller true to let in-process clients try {@code preadv2(RWF_NOWAIT)} before writing an SQE.
     * @return new options.
     */
    public IoUringOptions withCallerReads(final boolean caller)
    {
        return new IoUringOptions(entries, cqEntries, singleIssuer, deferTaskrun, coopTaskrun, sqpollIdleMillis,
            nowaitReads, caller, nativeLinks, hostRings);
    }

    /**
     * These options with native link chains on or off.
     *
     * @param links true to submit a chain's qualifying members as linked SQEs at once; false for one step at a time.
     * @return new options.
     */
    public IoUringOptions withNativeLinks(final boolean links)
    {
        return new IoUringOptions(entries, cqEntries, singleIssuer, deferTaskrun, coopTaskrun, sqpollIdleMillis,
            nowaitReads, callerReads, links, hostRings);
    }

    /**
     * These options with in-process rings hosted by the io_uring thread, or each on a dispatcher thread of its own.
     *
     * @param host true for the io_uring thread (where the kernel has {@code IORING_OP_FUTEX_WAITV}).
     * @return new options.
     */
    public IoUringOptions withHostRings(final boolean host)
    {
        return new IoUringOptions(entries, cqEntries, singleIssuer, deferTaskrun, coopTaskrun, sqpollIdleMillis,
            nowaitReads, callerReads, nativeLinks, host);
    }

    /**
     * The {@code IORING_SETUP_*} flags these options ask for. COOP_TASKRUN is left out when DEFER_TASKRUN is in:
     * the loop drops DEFER_TASKRUN first on a kernel that refuses it, and COOP_TASKRUN then takes its place.
     *
     * @return the flags.
     */
    public int setupFlags()
    {
        int flags = 0;
        if (singleIssuer)
        {
            flags |= IORING_SETUP_SINGLE_ISSUER;
        }
        if (deferTaskrun)
        {
            flags |= IORING_SETUP_DEFER_TASKRUN;
        }
        else if (coopTaskrun)
        {
            flags |= IORING_SETUP_COOP_TASKRUN;
        }
        if (sqpollIdleMillis > 0)
        {
            flags |= IORING_SETUP_SQPOLL;
        }
        return flags;
    }
}
