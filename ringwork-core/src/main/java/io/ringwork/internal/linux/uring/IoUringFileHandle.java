package io.ringwork.internal.linux.uring;

import io.ringwork.FileStat;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * An open file of the io_uring {@code file:}: a kernel file descriptor; READ/WRITE become {@code IORING_OP_READ}/
 * {@code WRITE} on the pool buffer's address, READV/WRITEV become {@code IORING_OP_READV}/{@code WRITEV} over a
 * {@code struct iovec} array of the pool buffers, FSYNC and STAT are {@code IORING_OP_FSYNC} and
 * {@code IORING_OP_STATX}. A short transfer is submitted again for the rest, so a short result means the end of the
 * file, as with the NIO backend. {@link #size()} is {@code lseek(SEEK_END)} (every transfer is positional, so the
 * descriptor's own offset is free), {@link #close()} is {@code close(2)}.
 */
final class IoUringFileHandle implements SchemeHandle
{
    /** Linux's {@code MAX_RW_COUNT}: one read or write moves at most this much. */
    private static final long MAX_TRANSFER = 0x7ffff000L;
    private static final long IOVEC_SIZE = 16;
    private static final ThreadLocal<MemorySegment> CAPTURE = ThreadLocal.withInitial(() ->
        Syscalls.allocateCapture(Arena.ofAuto()));

    private final int fd;
    private final Path path;
    private final IoUringLoop loop;

    IoUringFileHandle(final int fd, final Path path, final IoUringLoop loop)
    {
        this.fd = fd;
        this.path = path;
        this.loop = loop;
    }

    @Override
    public void read(final Request request)
    {
        loop.execute(new TransferOp(request, false));
    }

    @Override
    public void write(final Request request)
    {
        loop.execute(new TransferOp(request, true));
    }

    @Override
    public void fsync(final Request request, final boolean dataOnly)
    {
        loop.execute(new FsyncOp(request, dataOnly));
    }

    @Override
    public void stat(final Request request)
    {
        loop.execute(new StatOp(request));
    }

    @Override
    public long size()
    {
        final long size = Syscalls.lseek(CAPTURE.get(), fd, 0, Syscalls.SEEK_END);
        if (size < 0)
        {
            throw new RingworkException(Syscalls.errnoOf(size), "size of " + path);
        }
        return size;
    }

    @Override
    public void close()
    {
        Syscalls.close(CAPTURE.get(), fd);
    }

    private final class TransferOp extends UringOp
    {
        private final boolean write;
        private long done;
        private Arena arena;
        private MemorySegment iovecs;

        TransferOp(final Request request, final boolean write)
        {
            super(request);
            this.write = write;
        }

        private long total()
        {
            long total = 0;
            for (int i = 0; i < request.bufferCount(); i++)
            {
                total += request.buffer(i).byteSize();
            }
            return total;
        }

        @Override
        void prepare(final IoUring ring, final long sqe, final long userData)
        {
            final int count = request.bufferCount();
            final long position = request.position() + done;
            if (1 == count)
            {
                final MemorySegment buffer = request.buffer(0);
                final long length = Math.min(buffer.byteSize() - done, MAX_TRANSFER);
                ring.prep(sqe, write ? IoUringConstants.IORING_OP_WRITE : IoUringConstants.IORING_OP_READ, fd,
                    buffer.address() + done, (int)length, position, 0, userData);
                return;
            }
            if (null == iovecs)
            {
                arena = Arena.ofConfined();
                iovecs = arena.allocate(IOVEC_SIZE * Math.max(1, count), 8);
            }
            long skip = done;
            int used = 0;
            for (int i = 0; i < count; i++)
            {
                final MemorySegment buffer = request.buffer(i);
                if (skip >= buffer.byteSize())
                {
                    skip -= buffer.byteSize();
                    continue;
                }
                // struct iovec { void *iov_base; size_t iov_len; }
                iovecs.set(JAVA_LONG, used * IOVEC_SIZE, buffer.address() + skip);
                iovecs.set(JAVA_LONG, used * IOVEC_SIZE + 8, buffer.byteSize() - skip);
                skip = 0;
                used++;
            }
            ring.prep(sqe, write ? IoUringConstants.IORING_OP_WRITEV : IoUringConstants.IORING_OP_READV, fd,
                iovecs.address(), used, position, 0, userData);
        }

        @Override
        boolean complete(final int res)
        {
            if (res < 0)
            {
                request.fail(Syscalls.errnoOf(res));
                return true;
            }
            done += res;
            if (0 == res || done >= total())
            {
                request.complete(done);
                return true;
            }
            return false;
        }

        @Override
        void release()
        {
            if (null != arena)
            {
                arena.close();
            }
        }
    }

    private final class FsyncOp extends UringOp
    {
        private final boolean dataOnly;

        FsyncOp(final Request request, final boolean dataOnly)
        {
            super(request);
            this.dataOnly = dataOnly;
        }

        @Override
        void prepare(final IoUring ring, final long sqe, final long userData)
        {
            ring.prep(sqe, IoUringConstants.IORING_OP_FSYNC, fd, 0, 0, 0,
                dataOnly ? IoUringConstants.IORING_FSYNC_DATASYNC : 0, userData);
        }

        @Override
        boolean complete(final int res)
        {
            if (res < 0)
            {
                request.fail(Syscalls.errnoOf(res));
            }
            else
            {
                request.complete(0);
            }
            return true;
        }
    }

    private final class StatOp extends UringOp
    {
        private Arena arena;
        private MemorySegment statx;

        StatOp(final Request request)
        {
            super(request);
        }

        @Override
        void prepare(final IoUring ring, final long sqe, final long userData)
        {
            arena = Arena.ofConfined();
            statx = arena.allocate(Statx.LAYOUT);
            final MemorySegment empty = arena.allocateFrom("");
            // STATX: fd = dirfd, addr = path, len = mask, off (addr2) = the statx buffer, statx_flags.
            ring.prep(sqe, IoUringConstants.IORING_OP_STATX, fd, empty.address(), IoUringConstants.STATX_BASIC_STATS,
                statx.address(), IoUringConstants.AT_EMPTY_PATH, userData);
        }

        @Override
        boolean complete(final int res)
        {
            if (res < 0)
            {
                request.fail(Syscalls.errnoOf(res));
                return true;
            }
            final int mode = Short.toUnsignedInt(statx.get(JAVA_SHORT, Statx.MODE_OFFSET));
            final int format = mode & IoUringConstants.S_IFMT;
            final int type = IoUringConstants.S_IFREG == format ? FileStat.TYPE_REGULAR :
                IoUringConstants.S_IFDIR == format ? FileStat.TYPE_DIRECTORY :
                IoUringConstants.S_IFCHR == format ? FileStat.TYPE_CHARACTER_DEVICE : FileStat.TYPE_OTHER;
            request.completeStat(new FileStat(statx.get(JAVA_LONG, Statx.SIZE_OFFSET), type, mode & 07777,
                nanos(Statx.ATIME_OFFSET), nanos(Statx.MTIME_OFFSET), nanos(Statx.CTIME_OFFSET)));
            return true;
        }

        private long nanos(final long timestamp)
        {
            return statx.get(JAVA_LONG, timestamp) * 1_000_000_000L +
                Integer.toUnsignedLong(statx.get(JAVA_INT, timestamp + Statx.TV_NSEC_OFFSET));
        }

        @Override
        void release()
        {
            if (null != arena)
            {
                arena.close();
            }
        }
    }
}
