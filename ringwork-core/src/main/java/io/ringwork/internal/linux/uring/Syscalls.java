package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The system calls io_uring needs, as downcalls that capture {@code errno}: one {@code static final MethodHandle} per
 * call, in jextract's shape. The io_uring calls have no glibc wrapper and go through {@code syscall(SYS_..)}; the
 * others are libc functions. Every method returns liburing's convention, a non-negative result or {@code -errno}
 * (map it with {@link #errnoOf}); none throws for a kernel error. The capture segment is the calling thread's, from
 * {@link #allocateCapture}, so calls allocate nothing.
 */
public final class Syscalls
{
    /** {@code __NR_io_uring_setup}: the same number on every architecture (the generic table, since Linux 5.1). */
    public static final long SYS_IO_URING_SETUP = 425;
    /** {@code __NR_io_uring_enter}. */
    public static final long SYS_IO_URING_ENTER = 426;
    /** {@code __NR_io_uring_register}. */
    public static final long SYS_IO_URING_REGISTER = 427;

    /** {@code PROT_READ | PROT_WRITE}. */
    public static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** {@code MAP_SHARED | MAP_POPULATE}: what liburing maps the rings with. */
    public static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;
    /** {@code EFD_CLOEXEC}. */
    public static final int EFD_CLOEXEC = 02000000;
    /**
     * {@code EFD_NONBLOCK}: lets io_uring wait for the eventfd by polling it instead of parking an io-wq worker in a
     * blocking read.
     */
    public static final int EFD_NONBLOCK = 04000;
    /** {@code SEEK_END}. */
    public static final int SEEK_END = 2;
    /** {@code F_GETFL}. */
    public static final int F_GETFL = 3;
    /** {@code F_SETFL}. */
    public static final int F_SETFL = 4;
    /** {@code RWF_NOWAIT}: a {@code preadv2} that would wait for the disk answers {@code EAGAIN} instead. */
    public static final int RWF_NOWAIT = 0x8;

    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code long syscall(SYS_io_uring_setup, unsigned entries, struct io_uring_params *p)}. */
    private static final MethodHandle IO_URING_SETUP$MH;
    /**
     * {@code long syscall(SYS_io_uring_enter, unsigned fd, unsigned to_submit, unsigned min_complete,
     * unsigned flags, const void *arg, size_t argsz)}.
     */
    private static final MethodHandle IO_URING_ENTER$MH;
    /** The same without errno. */
    private static final MethodHandle IO_URING_ENTER_QUIET$MH;
    /** {@code long syscall(SYS_io_uring_register, unsigned fd, unsigned opcode, void *arg, unsigned nr_args)}. */
    private static final MethodHandle IO_URING_REGISTER$MH;
    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
    private static final MethodHandle MMAP$MH;
    /** {@code int munmap(void *addr, size_t length)}. */
    private static final MethodHandle MUNMAP$MH;
    /** {@code int openat(int dirfd, const char *pathname, int flags, ... mode_t mode)}. */
    private static final MethodHandle OPENAT$MH;
    /** {@code int close(int fd)}. */
    private static final MethodHandle CLOSE$MH;
    /** {@code ssize_t pread(int fd, void *buf, size_t count, off_t offset)}. */
    private static final MethodHandle PREAD$MH;
    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    private static final MethodHandle WRITE$MH;
    /** {@code off_t lseek(int fd, off_t offset, int whence)}. */
    private static final MethodHandle LSEEK$MH;
    /** {@code int eventfd(unsigned int initval, int flags)}. */
    private static final MethodHandle EVENTFD$MH;
    /** {@code int fcntl(int fd, int cmd, ... int arg)}. */
    private static final MethodHandle FCNTL$MH;
    /** {@code int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)}. */
    private static final MethodHandle STATX$MH;
    /** {@code ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)}. */
    /** Longest read {@link #preadv2Nowait} is used for: a 64 KiB page-cache copy takes microseconds. */
    public static final long NOWAIT_CRITICAL_MAX = 64 * 1024;
    private static final MethodHandle PREADV2$MH;
    /** {@code preadv2} linked as a critical function, for {@link #preadv2Nowait}. */
    private static final MethodHandle PREADV2_NOWAIT$MH;
    /** {@code int ftruncate(int fd, off_t length)}. */
    private static final MethodHandle FTRUNCATE$MH;
    private static final Throwable UNAVAILABILITY_CAUSE;

    static
    {
        final MethodHandle[] handles = new MethodHandle[17];
        Throwable cause = null;
        try
        {
            final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            if (!os.contains("linux"))
            {
                throw new UnsupportedOperationException("io_uring needs Linux, os.name=" + os);
            }
            final Linker.Option errno = Linker.Option.captureCallState("errno");
            final Linker.Option variadicAfterNumber = Linker.Option.firstVariadicArg(1);
            handles[0] = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS),
                variadicAfterNumber, errno);
            handles[1] = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG), variadicAfterNumber, errno);
            handles[2] = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), variadicAfterNumber, errno);
            handles[3] = downcall("mmap", FunctionDescriptor.of(ADDRESS,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), errno);
            handles[4] = downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), errno);
            handles[5] = downcall("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(3), errno);
            handles[6] = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), errno);
            handles[7] = downcall("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG),
                errno);
            handles[8] = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), errno);
            handles[9] = downcall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), errno);
            handles[10] = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errno);
            handles[11] = downcall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2), errno);
            handles[12] = downcall("statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                ADDRESS), errno);
            handles[13] = downcall("preadv2", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_LONG, JAVA_INT), errno);
            handles[14] = downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), errno);
            // Critical: no thread-state transition, no errno. Only for RWF_NOWAIT reads, which never sleep.
            handles[15] = downcall("preadv2", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_LONG, JAVA_INT), Linker.Option.critical(false));
            // io_uring_enter without errno: capturing it costs about 40 bytes of garbage a call until C2 compiles
            // the caller, and the loop's rarer enters (its sleeps) take long to get there.
            handles[16] = downcall("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG), variadicAfterNumber);
        }
        catch (final Throwable ex)
        {
            cause = ex;
        }
        IO_URING_SETUP$MH = handles[0];
        IO_URING_ENTER$MH = handles[1];
        IO_URING_ENTER_QUIET$MH = handles[16];
        IO_URING_REGISTER$MH = handles[2];
        MMAP$MH = handles[3];
        MUNMAP$MH = handles[4];
        OPENAT$MH = handles[5];
        CLOSE$MH = handles[6];
        PREAD$MH = handles[7];
        WRITE$MH = handles[8];
        LSEEK$MH = handles[9];
        EVENTFD$MH = handles[10];
        FCNTL$MH = handles[11];
        STATX$MH = handles[12];
        PREADV2$MH = handles[13];
        PREADV2_NOWAIT$MH = handles[15];
        FTRUNCATE$MH = handles[14];
        UNAVAILABILITY_CAUSE = cause;
    }

    private Syscalls()
    {
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        final Linker linker = Linker.nativeLinker();
        return linker.downcallHandle(linker.defaultLookup().find(name).orElseThrow(
            () -> new UnsupportedOperationException("libc has no " + name)), descriptor, options);
    }

    /**
     * Whether the downcalls could be linked (Linux, native access granted).
     *
     * @return true if the methods may be called.
     */
    public static boolean isLinked()
    {
        return null == UNAVAILABILITY_CAUSE;
    }

    /**
     * Why the downcalls could not be linked.
     *
     * @return the cause, or null.
     */
    public static Throwable linkFailure()
    {
        return UNAVAILABILITY_CAUSE;
    }

    /**
     * Memory for one thread's errno capture.
     *
     * @param arena owner.
     * @return the capture segment.
     */
    public static MemorySegment allocateCapture(final Arena arena)
    {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /**
     * The error of a negative result.
     *
     * @param result a result of this class, {@code -errno} when negative.
     * @return the errno, {@link Errno#EOK} for a non-negative result, {@link Errno#EUNKNOWN} for a number Ringwork
     *         does not name.
     */
    public static Errno errnoOf(final long result)
    {
        return result >= 0 ? Errno.EOK : Errno.of((int)-result);
    }

    private static long result(final long value, final MemorySegment capture)
    {
        return value >= 0 ? value : -capture.get(JAVA_INT, ERRNO_OFFSET);
    }

    private static IllegalStateException linkage(final String name, final Throwable ex)
    {
        return new IllegalStateException(name + " downcall failed", ex);
    }

    /**
     * {@code io_uring_setup(2)}.
     *
     * @param capture errno capture.
     * @param entries SQ size wanted.
     * @param params  a {@link IoUringParams}, flags in, sizes and offsets out.
     * @return the ring's file descriptor, or {@code -errno}.
     */
    public static int ioUringSetup(final MemorySegment capture, final int entries, final MemorySegment params)
    {
        try
        {
            return (int)result((long)IO_URING_SETUP$MH.invokeExact(capture, SYS_IO_URING_SETUP, entries, params),
                capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("io_uring_setup", ex);
        }
    }

    /**
     * {@code io_uring_enter(2)} without a signal mask or extended argument.
     *
     * @param capture     errno capture.
     * @param fd          the ring.
     * @param toSubmit    SQEs to consume.
     * @param minComplete completions to wait for (with {@code IORING_ENTER_GETEVENTS}).
     * @param flags       {@code IORING_ENTER_*}.
     * @return SQEs consumed, or {@code -errno} ({@code -EBUSY}/{@code -EAGAIN}: reap completions first;
     *         {@code -EINTR}: a signal, call again).
     */
    public static int ioUringEnter(final MemorySegment capture, final int fd, final int toSubmit,
        final int minComplete, final int flags)
    {
        try
        {
            return (int)result((long)IO_URING_ENTER$MH.invokeExact(capture, SYS_IO_URING_ENTER, fd, toSubmit,
                minComplete, flags, MemorySegment.NULL, 0L), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("io_uring_enter", ex);
        }
    }

    /**
     * {@code io_uring_enter(2)} without errno, for the loop's steady path: it allocates nothing even before the JIT
     * has compiled its caller.
     *
     * @param fd          the ring.
     * @param toSubmit    SQEs to submit.
     * @param minComplete completions to wait for (with {@code IORING_ENTER_GETEVENTS}).
     * @param flags       {@code IORING_ENTER_*}.
     * @param arg         the argument, or {@code NULL}.
     * @param argSize     its size in bytes.
     * @return SQEs consumed, or -1 for any failure (ask again with {@link #ioUringEnter} to learn why).
     */
    public static int ioUringEnterQuiet(final int fd, final int toSubmit, final int minComplete, final int flags,
        final MemorySegment arg, final long argSize)
    {
        try
        {
            return (int)(long)IO_URING_ENTER_QUIET$MH.invokeExact(SYS_IO_URING_ENTER, fd, toSubmit, minComplete,
                flags, arg, argSize);
        }
        catch (final Throwable ex)
        {
            throw linkage("io_uring_enter", ex);
        }
    }

    /**
     * {@code io_uring_register(2)}.
     *
     * @param capture errno capture.
     * @param fd      the ring.
     * @param opcode  {@code IORING_REGISTER_*}.
     * @param arg     the opcode's argument.
     * @param nrArgs  its count.
     * @return the opcode's result, or {@code -errno}.
     */
    public static int ioUringRegister(final MemorySegment capture, final int fd, final int opcode,
        final MemorySegment arg, final int nrArgs)
    {
        try
        {
            return (int)result((long)IO_URING_REGISTER$MH.invokeExact(capture, SYS_IO_URING_REGISTER, fd, opcode,
                arg, nrArgs), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("io_uring_register", ex);
        }
    }

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset)}.
     *
     * @param capture errno capture.
     * @param length  bytes.
     * @param fd      the ring.
     * @param offset  {@code IORING_OFF_*}.
     * @return the mapping's address, or {@code -errno} ({@code MAP_FAILED} mapped).
     */
    public static long mmap(final MemorySegment capture, final long length, final int fd, final long offset)
    {
        try
        {
            final MemorySegment address = (MemorySegment)MMAP$MH.invokeExact(capture, MemorySegment.NULL, length,
                PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset);
            return -1L == address.address() ? -capture.get(JAVA_INT, ERRNO_OFFSET) : address.address();
        }
        catch (final Throwable ex)
        {
            throw linkage("mmap", ex);
        }
    }

    /**
     * {@code munmap(2)}.
     *
     * @param capture errno capture.
     * @param address from {@link #mmap}.
     * @param length  as mapped.
     * @return 0, or {@code -errno}.
     */
    public static int munmap(final MemorySegment capture, final long address, final long length)
    {
        try
        {
            return (int)result((int)MUNMAP$MH.invokeExact(capture, MemorySegment.ofAddress(address), length),
                capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("munmap", ex);
        }
    }

    /**
     * {@code openat(2)}.
     *
     * @param capture errno capture.
     * @param dirfd   {@code AT_FDCWD} or a directory.
     * @param path    a NUL-terminated path.
     * @param flags   {@code O_*}.
     * @param mode    permission bits for a created file.
     * @return the descriptor, or {@code -errno}.
     */
    public static int openat(final MemorySegment capture, final int dirfd, final MemorySegment path, final int flags,
        final int mode)
    {
        try
        {
            return (int)result((int)OPENAT$MH.invokeExact(capture, dirfd, path, flags, mode), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("openat", ex);
        }
    }

    /**
     * {@code close(2)}.
     *
     * @param capture errno capture.
     * @param fd      the descriptor.
     * @return 0, or {@code -errno}.
     */
    public static int close(final MemorySegment capture, final int fd)
    {
        try
        {
            return (int)result((int)CLOSE$MH.invokeExact(capture, fd), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("close", ex);
        }
    }

    /**
     * {@code pread(2)}.
     *
     * @param capture errno capture.
     * @param fd      the file.
     * @param buffer  where the bytes go.
     * @param offset  file offset.
     * @return bytes read, or {@code -errno}.
     */
    public static long pread(final MemorySegment capture, final int fd, final MemorySegment buffer, final long offset)
    {
        try
        {
            return result((long)PREAD$MH.invokeExact(capture, fd, buffer, buffer.byteSize(), offset), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("pread", ex);
        }
    }

    /**
     * {@code write(2)}.
     *
     * @param capture errno capture.
     * @param fd      the descriptor.
     * @param buffer  the bytes.
     * @return bytes written, or {@code -errno}.
     */
    public static long write(final MemorySegment capture, final int fd, final MemorySegment buffer)
    {
        try
        {
            return result((long)WRITE$MH.invokeExact(capture, fd, buffer, buffer.byteSize()), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("write", ex);
        }
    }

    /**
     * {@code lseek(2)}.
     *
     * @param capture errno capture.
     * @param fd      the descriptor.
     * @param offset  relative to {@code whence}.
     * @param whence  {@code SEEK_*}.
     * @return the new offset, or {@code -errno}.
     */
    public static long lseek(final MemorySegment capture, final int fd, final long offset, final int whence)
    {
        try
        {
            return result((long)LSEEK$MH.invokeExact(capture, fd, offset, whence), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("lseek", ex);
        }
    }

    /**
     * {@code ftruncate(2)}.
     *
     * @param capture errno capture.
     * @param fd      the descriptor, open for writing.
     * @param length  the new size.
     * @return 0, or {@code -errno}.
     */
    public static int ftruncate(final MemorySegment capture, final int fd, final long length)
    {
        try
        {
            return (int)result((int)FTRUNCATE$MH.invokeExact(capture, fd, length), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("ftruncate", ex);
        }
    }

    /**
     * {@code eventfd(2)}.
     *
     * @param capture errno capture.
     * @param flags   {@code EFD_*}.
     * @return the descriptor, or {@code -errno}.
     */
    public static int eventfd(final MemorySegment capture, final int flags)
    {
        try
        {
            return (int)result((int)EVENTFD$MH.invokeExact(capture, 0, flags), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("eventfd", ex);
        }
    }

    /**
     * {@code fcntl(2)} with an int argument ({@code F_GETFL}, {@code F_SETFL}).
     *
     * @param capture errno capture.
     * @param fd      the descriptor.
     * @param cmd     {@code F_*}.
     * @param arg     the argument, 0 when the command takes none.
     * @return the command's result, or {@code -errno}.
     */
    public static int fcntl(final MemorySegment capture, final int fd, final int cmd, final int arg)
    {
        try
        {
            return (int)result((int)FCNTL$MH.invokeExact(capture, fd, cmd, arg), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("fcntl", ex);
        }
    }

    /**
     * {@code statx(2)}.
     *
     * @param capture errno capture.
     * @param dirfd   a directory, or the file itself with {@code AT_EMPTY_PATH} and an empty path.
     * @param path    a C string.
     * @param flags   {@code AT_*}.
     * @param mask    {@code STATX_*}.
     * @param statx   a {@link Statx#LAYOUT} buffer.
     * @return 0, or {@code -errno}.
     */
    public static int statx(final MemorySegment capture, final int dirfd, final MemorySegment path, final int flags,
        final int mask, final MemorySegment statx)
    {
        try
        {
            return (int)result((int)STATX$MH.invokeExact(capture, dirfd, path, flags, mask, statx), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("statx", ex);
        }
    }

    /**
     * {@code preadv2(2)}.
     *
     * @param capture errno capture.
     * @param fd      the file.
     * @param iovecs  a {@code struct iovec} array.
     * @param count   its entries.
     * @param offset  file offset.
     * @param flags   {@code RWF_*}.
     * @return bytes read, or {@code -errno}.
     */
    public static long preadv2(final MemorySegment capture, final int fd, final MemorySegment iovecs, final int count,
        final long offset, final int flags)
    {
        try
        {
            return result((long)PREADV2$MH.invokeExact(capture, fd, iovecs, count, offset, flags), capture);
        }
        catch (final Throwable ex)
        {
            throw linkage("preadv2", ex);
        }
    }

    /**
     * {@code preadv2(fd, iov, count, offset, RWF_NOWAIT)} as a critical downcall: no thread-state transition and no
     * errno, for the read on a caller's thread, which only needs to know whether the page cache had the data. Only
     * for short copies (the caller keeps them to {@link #NOWAIT_CRITICAL_MAX} bytes): a critical call holds off
     * safepoints while it runs.
     *
     * @param fd     the file.
     * @param iovecs a {@code struct iovec} array.
     * @param count  its entries.
     * @param offset file offset.
     * @return bytes read, or -1 (EAGAIN when not cached, or any error; the ring path reports errors).
     */
    public static long preadv2Nowait(final int fd, final MemorySegment iovecs, final int count, final long offset)
    {
        try
        {
            return (long)PREADV2_NOWAIT$MH.invokeExact(fd, iovecs, count, offset, RWF_NOWAIT);
        }
        catch (final Throwable ex)
        {
            throw linkage("preadv2", ex);
        }
    }
}
