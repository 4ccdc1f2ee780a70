package io.ringwork;

/**
 * The one error-code set of Ringwork: completion entries, exceptions and the command line all speak it.
 * <p>
 * Numbers are Linux's, so a kernel result of {@code -errno} from io_uring maps onto this enum without a table,
 * and a number once given is never reused. {@link #EOK} (0) means success. A number Ringwork does not know maps
 * to {@link #EUNKNOWN} through {@link #of(int)} rather than failing, because it may come from a newer peer.
 */
public enum Errno
{
    /** Success. */
    EOK(0, "Success"),
    /** The operation is not permitted. */
    EPERM(1, "Operation not permitted"),
    /** No such file, scheme, handle target or operation to cancel. */
    ENOENT(2, "No such file or directory"),
    /** No such process. */
    ESRCH(3, "No such process"),
    /** A wait was interrupted. */
    EINTR(4, "Interrupted system call"),
    /** An input/output error, or a ring found inconsistent. */
    EIO(5, "Input/output error"),
    /** No such device or address. */
    ENXIO(6, "No such device or address"),
    /** An argument list is too long. */
    E2BIG(7, "Argument list too long"),
    /** The handle is not open, or not open for this operation. */
    EBADF(9, "Bad file descriptor"),
    /** Try again: the resource is temporarily unavailable. */
    EAGAIN(11, "Resource temporarily unavailable"),
    /** Out of memory, or a buffer pool at its configured maximum. */
    ENOMEM(12, "Cannot allocate memory"),
    /** Permission denied. */
    EACCES(13, "Permission denied"),
    /** A buffer reference points outside the memory it may name. */
    EFAULT(14, "Bad address"),
    /** The resource is busy: a ring already entered by another thread, a pool with active guards. */
    EBUSY(16, "Device or resource busy"),
    /** The file or name already exists. */
    EEXIST(17, "File exists"),
    /** Cross-device link. */
    EXDEV(18, "Invalid cross-device link"),
    /** No such device. */
    ENODEV(19, "No such device"),
    /** A path component is not a directory. */
    ENOTDIR(20, "Not a directory"),
    /** The target is a directory. */
    EISDIR(21, "Is a directory"),
    /** An argument is invalid: bad flags, bad register specifier, bad size. */
    EINVAL(22, "Invalid argument"),
    /** Too many open files in the system. */
    ENFILE(23, "Too many open files in system"),
    /** Too many open handles. */
    EMFILE(24, "Too many open files"),
    /** Inappropriate control operation. */
    ENOTTY(25, "Inappropriate ioctl for device"),
    /** The file is an executable that is running and cannot be opened for writing. */
    ETXTBSY(26, "Text file busy"),
    /** The file is too large. */
    EFBIG(27, "File too large"),
    /** No space left: a full ring, a full device. */
    ENOSPC(28, "No space left on device"),
    /** The handle does not support seeking. */
    ESPIPE(29, "Illegal seek"),
    /** Read-only file system. */
    EROFS(30, "Read-only file system"),
    /** Too many links. */
    EMLINK(31, "Too many links"),
    /** The peer is gone: its end of the ring or socket is closed. */
    EPIPE(32, "Broken pipe"),
    /** A result is out of range. */
    ERANGE(34, "Numerical result out of range"),
    /** A lock would deadlock. */
    EDEADLK(35, "Resource deadlock avoided"),
    /** A name is too long. */
    ENAMETOOLONG(36, "File name too long"),
    /** No record locks available. */
    ENOLCK(37, "No locks available"),
    /** The verb is not implemented by the scheme that received it. */
    ENOSYS(38, "Function not implemented"),
    /** A directory is not empty. */
    ENOTEMPTY(39, "Directory not empty"),
    /** Too many levels of symbolic links. */
    ELOOP(40, "Too many levels of symbolic links"),
    /** The kernel's io_uring dropped completions it could not post (Linux reports it once from io_uring_enter). */
    EBADR(53, "Invalid request descriptor"),
    /** No data available. */
    ENODATA(61, "No data available"),
    /** A timer expired (Linux's io_uring timeout result; Ringwork reports {@link #ETIMEDOUT}). */
    ETIME(62, "Timer expired"),
    /** A protocol error: a peer spoke a layout or message Ringwork cannot read. */
    EPROTO(71, "Protocol error"),
    /** A bad message. */
    EBADMSG(74, "Bad message"),
    /** A value does not fit the type that must carry it. */
    EOVERFLOW(75, "Value too large for defined data type"),
    /** The handle is in a bad state. */
    EBADFD(77, "File descriptor in bad state"),
    /** The operation is not supported by this handle or scheme. */
    EOPNOTSUPP(95, "Operation not supported"),
    /** The address is already in use: a name already published, a region still guarded. */
    EADDRINUSE(98, "Address already in use"),
    /** The connection was reset by the peer. */
    ECONNRESET(104, "Connection reset by peer"),
    /** No buffer space available. */
    ENOBUFS(105, "No buffer space available"),
    /** The ring or scheme has shut down: no more operations are accepted. */
    ESHUTDOWN(108, "Cannot send after transport endpoint shutdown"),
    /** The operation timed out. */
    ETIMEDOUT(110, "Connection timed out"),
    /** The connection was refused. */
    ECONNREFUSED(111, "Connection refused"),
    /** The operation is already in progress and can no longer be cancelled. */
    EALREADY(114, "Operation already in progress"),
    /** The operation is now in progress. */
    EINPROGRESS(115, "Operation now in progress"),
    /** A stale file handle (network file systems). */
    ESTALE(116, "Stale file handle"),
    /** Disk quota exceeded. */
    EDQUOT(122, "Disk quota exceeded"),
    /** The operation was cancelled. */
    ECANCELED(125, "Operation canceled"),
    /** A number no version of Ringwork has given a meaning to; see the raw number where it is carried. */
    EUNKNOWN(-1, "Unknown error");

    private static final Errno[] BY_NUMBER;

    static
    {
        int max = 0;
        for (final Errno e : values())
        {
            max = Math.max(max, e.number);
        }
        BY_NUMBER = new Errno[max + 1];
        for (final Errno e : values())
        {
            if (e.number >= 0)
            {
                BY_NUMBER[e.number] = e;
            }
        }
    }

    private final int number;
    private final String message;

    Errno(final int number, final String message)
    {
        this.number = number;
        this.message = message;
    }

    /**
     * The number carried in completion entries and used as the negated result of kernel calls.
     *
     * @return the positive errno number, 0 for {@link #EOK}.
     */
    public int number()
    {
        return number;
    }

    /**
     * The human-readable message, as {@code strerror} would say it.
     *
     * @return the message.
     */
    public String message()
    {
        return message;
    }

    /**
     * Whether this code means success.
     *
     * @return true for {@link #EOK}.
     */
    public boolean isOk()
    {
        return this == EOK;
    }

    /**
     * The code for a number, without allocating.
     *
     * @param number errno number; a negative number is read as a negated errno ({@code -EBADF}).
     * @return the code, or {@link #EUNKNOWN} for a number no version has defined.
     */
    public static Errno of(final int number)
    {
        final int n = number < 0 ? -number : number;
        if (n < BY_NUMBER.length)
        {
            final Errno e = BY_NUMBER[n];
            if (null != e)
            {
                return e;
            }
        }
        return EUNKNOWN;
    }

    /**
     * Finds a code by its name, for the command line and text formats.
     *
     * @param name such as {@code "EBADF"}, case-insensitive.
     * @return the code.
     * @throws IllegalArgumentException naming the value when no code has that name.
     */
    public static Errno ofName(final String name)
    {
        for (final Errno e : values())
        {
            if (e.name().equalsIgnoreCase(name))
            {
                return e;
            }
        }
        throw new IllegalArgumentException("errno name=" + name + " is unknown");
    }

    /**
     * A one-line description, for logs and the command line.
     *
     * @return such as {@code "EBADF (9): Bad file descriptor"}.
     */
    public String describe()
    {
        return name() + " (" + number + "): " + message;
    }
}
