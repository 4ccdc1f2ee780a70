package io.ringwork.internal.linux.uring;

/**
 * Opcodes, flags and offsets copied from {@code /usr/include/linux/io_uring.h} (the kernel UAPI header, checked
 * against Linux 6.x), plus the few {@code fcntl.h}/{@code stat.h} values the SQEs carry. Only what this package uses.
 */
public final class IoUringConstants
{
    /** {@code IORING_OP_NOP}. */
    public static final int IORING_OP_NOP = 0;
    /** {@code IORING_OP_READV}. */
    public static final int IORING_OP_READV = 1;
    /** {@code IORING_OP_WRITEV}. */
    public static final int IORING_OP_WRITEV = 2;
    /** {@code IORING_OP_FSYNC}. */
    public static final int IORING_OP_FSYNC = 3;
    /** {@code IORING_OP_READ_FIXED}. */
    public static final int IORING_OP_READ_FIXED = 4;
    /** {@code IORING_OP_WRITE_FIXED}. */
    public static final int IORING_OP_WRITE_FIXED = 5;
    /** {@code IORING_OP_OPENAT}. */
    public static final int IORING_OP_OPENAT = 18;
    /**
     * {@code IORING_OP_FUTEX_WAITV} (Linux 6.7; newer than some installed headers): {@code addr} points to an array of
     * {@code struct futex_waitv}, {@code len} is its length; completes when any word is woken or no longer holds
     * its expected value.
     */
    public static final int IORING_OP_FUTEX_WAITV = 53;
    /** {@code IORING_OP_TIMEOUT}: completes with {@code -ETIME} after a {@code struct __kernel_timespec}. */
    public static final int IORING_OP_TIMEOUT = 11;
    /** {@code IORING_OP_ASYNC_CANCEL}: cancel the request whose user data is in {@code addr}. */
    public static final int IORING_OP_ASYNC_CANCEL = 14;
    /** {@code IORING_ASYNC_CANCEL_ALL}: every match, not only the first. */
    public static final int IORING_ASYNC_CANCEL_ALL = 1;
    /** {@code IORING_ASYNC_CANCEL_ANY}: match every request (Linux 5.19). */
    public static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;
    /** {@code O_NONBLOCK}: an open that would wait (a FIFO without a peer) does not. */
    public static final int O_NONBLOCK = 04000;
    /** {@code O_DIRECT}: transfers bypass the page cache; buffers, offsets and lengths must be aligned. */
    public static final int O_DIRECT = 040000;
    /** {@code IORING_SETUP_SQPOLL}: a kernel thread polls the SQ. */
    public static final int IORING_SETUP_SQPOLL = 1 << 1;
    /** {@code IORING_SQ_NEED_WAKEUP}: the SQPOLL thread sleeps; enter with {@code IORING_ENTER_SQ_WAKEUP}. */
    public static final int IORING_SQ_NEED_WAKEUP = 1;
    /** {@code IORING_ENTER_SQ_WAKEUP}. */
    public static final int IORING_ENTER_SQ_WAKEUP = 1 << 1;
    /** {@code IORING_REGISTER_BUFFERS2}: register buffers from a {@code struct io_uring_rsrc_register}. */
    public static final int IORING_REGISTER_BUFFERS2 = 15;
    /** {@code IORING_REGISTER_BUFFERS_UPDATE}. */
    public static final int IORING_REGISTER_BUFFERS_UPDATE = 16;
    /** {@code IORING_REGISTER_FILES2}. */
    public static final int IORING_REGISTER_FILES2 = 13;
    /** {@code IORING_REGISTER_FILES_UPDATE2}. */
    public static final int IORING_REGISTER_FILES_UPDATE2 = 14;
    /** {@code IORING_RSRC_REGISTER_SPARSE}: a table of empty slots, filled by updates. */
    public static final int IORING_RSRC_REGISTER_SPARSE = 1;
    /** {@code IOSQE_FIXED_FILE}: {@code fd} is an index into the registered file table. */
    public static final int IOSQE_FIXED_FILE = 1;
    /** {@code IORING_OP_CLOSE}. */
    public static final int IORING_OP_CLOSE = 19;
    /** {@code IORING_OP_STATX}. */
    public static final int IORING_OP_STATX = 21;
    /** {@code IORING_OP_READ}. */
    public static final int IORING_OP_READ = 22;
    /** {@code IORING_OP_WRITE}. */
    public static final int IORING_OP_WRITE = 23;

    /** {@code IOSQE_IO_LINK}: the next SQE starts after this one succeeds. */
    public static final int IOSQE_IO_LINK = 1 << 2;
    /** {@code IOSQE_IO_HARDLINK}: the next SQE starts after this one completes, whatever its result. */
    public static final int IOSQE_IO_HARDLINK = 1 << 3;
    /** {@code IOSQE_ASYNC}: go straight to an io-wq worker. */
    public static final int IOSQE_ASYNC = 1 << 4;

    /** {@code IORING_SETUP_CQSIZE}: {@code cq_entries} is an input. */
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    /** {@code IORING_SETUP_CLAMP}: clamp sizes instead of failing. */
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    /** {@code IORING_SETUP_COOP_TASKRUN}. */
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    /** {@code IORING_SETUP_SINGLE_ISSUER}. */
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    /**
     * {@code IORING_SETUP_TASKRUN_FLAG} (5.19, with COOP_TASKRUN or DEFER_TASKRUN): the kernel raises
     * {@link #IORING_SQ_TASKRUN} while completion work waits, so a polling thread enters only when there is some.
     */
    public static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
    /** {@code IORING_SETUP_DEFER_TASKRUN}. */
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    /** {@code IORING_FEAT_SINGLE_MMAP}: SQ and CQ rings share one mapping. */
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    /** {@code IORING_FEAT_NODROP}: completions beyond the CQ wait in the kernel instead of being dropped. */
    public static final int IORING_FEAT_NODROP = 1 << 1;
    /** {@code IORING_FEAT_SUBMIT_STABLE}: data an SQE points to is consumed by the time enter returns. */
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    /** {@code IORING_FEAT_EXT_ARG}. */
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;

    /** {@code IORING_ENTER_GETEVENTS}: wait for {@code min_complete} completions. */
    public static final int IORING_ENTER_GETEVENTS = 1;
    /** {@code IORING_ENTER_EXT_ARG}: the last two arguments are a {@code struct io_uring_getevents_arg}, its size. */
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    /** {@code IORING_SQ_CQ_OVERFLOW}: completions wait in the kernel's overflow list. */
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    /** {@code IORING_SQ_TASKRUN}: with {@code IORING_SETUP_TASKRUN_FLAG}, completion work waits for an enter. */
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    /** {@code IORING_OFF_SQ_RING}: mmap offset of the SQ ring. */
    public static final long IORING_OFF_SQ_RING = 0L;
    /** {@code IORING_OFF_CQ_RING}: mmap offset of the CQ ring. */
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    /** {@code IORING_OFF_SQES}: mmap offset of the SQE array. */
    public static final long IORING_OFF_SQES = 0x10000000L;

    /** {@code IORING_REGISTER_PROBE}. */
    public static final int IORING_REGISTER_PROBE = 8;
    /** {@code IO_URING_OP_SUPPORTED}: probe op flag. */
    public static final int IO_URING_OP_SUPPORTED = 1;

    /** {@code IORING_FSYNC_DATASYNC}. */
    public static final int IORING_FSYNC_DATASYNC = 1;

    /** {@code AT_FDCWD} (fcntl.h). */
    public static final int AT_FDCWD = -100;
    /** {@code AT_EMPTY_PATH} (fcntl.h): STATX of the descriptor itself. */
    public static final int AT_EMPTY_PATH = 0x1000;
    /** {@code O_RDONLY}. */
    public static final int O_RDONLY = 0;
    /** {@code O_WRONLY}. */
    public static final int O_WRONLY = 1;
    /** {@code O_RDWR}. */
    public static final int O_RDWR = 2;
    /** {@code O_CREAT}. */
    public static final int O_CREAT = 0100;
    /** {@code O_EXCL}. */
    public static final int O_EXCL = 0200;
    /** {@code O_TRUNC}. */
    public static final int O_TRUNC = 01000;
    /** {@code O_CLOEXEC}. */
    public static final int O_CLOEXEC = 02000000;
    /** {@code STATX_BASIC_STATS} (stat.h). */
    public static final int STATX_BASIC_STATS = 0x7ff;
    /** {@code S_IFMT}. */
    public static final int S_IFMT = 0170000;
    /** {@code S_IFREG}. */
    public static final int S_IFREG = 0100000;
    /** {@code S_IFDIR}. */
    public static final int S_IFDIR = 0040000;
    /** {@code S_IFCHR}. */
    public static final int S_IFCHR = 0020000;

    private IoUringConstants()
    {
    }
}
