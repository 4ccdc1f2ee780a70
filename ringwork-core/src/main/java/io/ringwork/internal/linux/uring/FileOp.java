package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.scheme.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A {@code file:} operation on io_uring: OPEN, READ(V), WRITE(V), FSYNC or STAT. One object per request object, kept
 * as the request's {@linkplain Request#attachment() attachment} and reused every time the runtime hands the same
 * request object over again, together with its native scratch memory (the {@code struct iovec} array, the
 * {@code struct statx}): a read or write allocates nothing once warm.
 * <p>
 * The scratch memory comes from automatic arenas: it lives as long as this object, which the loop's in-flight table
 * references for as long as the kernel may use an address in it.
 */
final class FileOp extends UringOp
{
    static final int READ = 1;
    static final int WRITE = 2;
    static final int FSYNC = 3;
    static final int STAT = 4;
    static final int OPEN = 5;

    /** Linux's {@code MAX_RW_COUNT}: one read or write moves at most this much. */
    static final long MAX_TRANSFER = 0x7ffff000L;
    private static final long IOVEC_SIZE = 16;
    private static final int MODE_MASK = 07777;

    private int kind;
    private IoUringFileHandle handle;
    private boolean dataOnly;
    private long done;
    private boolean broken;
    private MemorySegment iovecs = MemorySegment.NULL;
    private MemorySegment statx;

    // OPEN.
    private IoUringLoop loop;
    private Path file;
    private int openFlags;
    private int mode;
    private boolean direct;
    private MemorySegment cPath;
    private IoUringFileHandle opened;

    /**
     * The request's op, reused if it has one, else a new one attached to it.
     *
     * @param request the request.
     * @return its op, not yet in use.
     */
    static FileOp of(final Request request)
    {
        final Object attachment = request.attachment();
        if (attachment instanceof FileOp op)
        {
            return op;
        }
        final FileOp op = new FileOp();
        request.attach(op);
        return op;
    }

    FileOp transfer(final Request request, final IoUringFileHandle handle, final boolean write, final long already)
    {
        start(request, write ? WRITE : READ, handle);
        this.done = already;
        return this;
    }

    FileOp fsync(final Request request, final IoUringFileHandle handle, final boolean dataOnly)
    {
        start(request, FSYNC, handle);
        this.dataOnly = dataOnly;
        return this;
    }

    FileOp stat(final Request request, final IoUringFileHandle handle)
    {
        start(request, STAT, handle);
        return this;
    }

    FileOp open(final Request request, final IoUringLoop loop, final Path file, final int openFlags, final int mode,
        final boolean direct)
    {
        start(request, OPEN, null);
        this.loop = loop;
        this.file = file;
        this.openFlags = openFlags;
        this.mode = mode;
        this.direct = direct;
        return this;
    }

    private void start(final Request request, final int kind, final IoUringFileHandle handle)
    {
        use(request);
        this.kind = kind;
        this.handle = handle;
        this.done = 0;
        this.broken = false;
        this.opened = null;
        this.cPath = null;
        this.file = null;
        this.loop = null;
    }

    /**
     * The loop broke: a transfer that would need another SQE fails with EIO instead.
     */
    void markBroken()
    {
        broken = true;
    }

    @Override
    void prepare(final IoUring ring, final long sqe, final long userData)
    {
        switch (kind)
        {
            case READ, WRITE -> prepareTransfer(ring, sqe, userData);
            case FSYNC ->
            {
                sqeLength = 0;
                ring.prep(sqe, IoUringConstants.IORING_OP_FSYNC, handle.sqeFd(), 0, 0, 0,
                    dataOnly ? IoUringConstants.IORING_FSYNC_DATASYNC : 0, userData);
                fixedFile(ring, sqe);
            }
            case STAT ->
            {
                // STATX: fd = dirfd, addr = path ("" with AT_EMPTY_PATH), len = mask, off (addr2) = the buffer.
                final long buffer = statxBuffer().address();
                ring.prep(sqe, IoUringConstants.IORING_OP_STATX, handle.fd(), buffer + Statx.LAYOUT.byteSize(),
                    IoUringConstants.STATX_BASIC_STATS, buffer, IoUringConstants.AT_EMPTY_PATH, userData);
            }
            case OPEN ->
            {
                if (null == cPath)
                {
                    cPath = Arena.ofAuto().allocateFrom(file.toString());
                }
                // O_NONBLOCK: opening a FIFO or a device must never park a kernel worker; see complete.
                ring.prep(sqe, IoUringConstants.IORING_OP_OPENAT, IoUringConstants.AT_FDCWD, cPath.address(), mode,
                    0, openFlags | IoUringConstants.O_NONBLOCK, userData);
            }
            default -> throw new IllegalStateException("op kind=" + kind);
        }
    }

    /**
     * The statx buffer, then one zero byte for the empty path, allocated on first use.
     */
    private MemorySegment statxBuffer()
    {
        if (null == statx)
        {
            statx = Arena.ofAuto().allocate(Statx.LAYOUT.byteSize() + 8, 8);
        }
        return statx;
    }

    private void prepareTransfer(final IoUring ring, final long sqe, final long userData)
    {
        final Request r = request;
        final boolean write = WRITE == kind;
        final int count = r.bufferCount();
        final long position = r.position() + done;
        final int fd = handle.sqeFd();
        if (1 == count)
        {
            final long length = Math.min(r.bufferLength(0) - done, MAX_TRANSFER);
            final long address = r.bufferAddress(0) + done;
            sqeLength = length;
            final int fixed = handle.loop().fixedIndexOf(address, length);
            if (fixed >= 0)
            {
                ring.prep(sqe, write ? IoUringConstants.IORING_OP_WRITE_FIXED : IoUringConstants.IORING_OP_READ_FIXED,
                    fd, address, (int)length, position, 0, userData);
                ring.sqeBufIndex(sqe, fixed);
                fixedFile(ring, sqe);
                return;
            }
            ring.prep(sqe, write ? IoUringConstants.IORING_OP_WRITE : IoUringConstants.IORING_OP_READ, fd, address,
                (int)length, position, 0, userData);
            fixedFile(ring, sqe);
            return;
        }
        if (iovecs.byteSize() < IOVEC_SIZE * count)
        {
            iovecs = Arena.ofAuto().allocate(IOVEC_SIZE * Math.max(4, Integer.highestOneBit(count) * 2L), 8);
        }
        long skip = done;
        int used = 0;
        long asked = 0;
        for (int i = 0; i < count; i++)
        {
            final long length = r.bufferLength(i);
            if (skip >= length)
            {
                skip -= length;
                continue;
            }
            // struct iovec { void *iov_base; size_t iov_len; }
            iovecs.set(JAVA_LONG, used * IOVEC_SIZE, r.bufferAddress(i) + skip);
            iovecs.set(JAVA_LONG, used * IOVEC_SIZE + 8, length - skip);
            asked += length - skip;
            skip = 0;
            used++;
        }
        sqeLength = asked;
        ring.prep(sqe, write ? IoUringConstants.IORING_OP_WRITEV : IoUringConstants.IORING_OP_READV, fd,
            iovecs.address(), used, position, 0, userData);
        fixedFile(ring, sqe);
    }

    /**
     * Marks the SQE's {@code fd} as a registered file's slot when it is one (STATX keeps the plain descriptor: its
     * {@code fd} is a directory file descriptor, which the kernel never looks up in the table).
     */
    private void fixedFile(final IoUring ring, final long sqe)
    {
        if (handle.fixed())
        {
            ring.sqeFlags(sqe, IoUringConstants.IOSQE_FIXED_FILE);
        }
    }

    @Override
    boolean complete(final int res)
    {
        if (res < 0)
        {
            fail(Syscalls.errnoOf(res));
            return true;
        }
        switch (kind)
        {
            case READ, WRITE ->
            {
                done += res;
                if (0 == res || done >= total())
                {
                    succeed(done);
                    return true;
                }
                if (null != cancelReason || broken)
                {
                    // Bytes moved, but the rest was cancelled (or cannot be submitted): the op fails as a whole.
                    failWith(broken ? Errno.EIO : cancelReason);
                    return true;
                }
                return false;
            }
            case OPEN ->
            {
                return completeOpen(res);
            }
            default ->
            {
                succeed(0);
                return true;
            }
        }
    }

    private long total()
    {
        long total = 0;
        for (int i = 0; i < request.bufferCount(); i++)
        {
            total += request.bufferLength(i);
        }
        return total;
    }

    /**
     * The file is open, without blocking: keep it if it is a regular file or a directory; anything else (a FIFO, a
     * socket, a device) is closed again and the OPEN fails with ENXIO, because a read of it could wait forever in a
     * kernel worker that no cancel reaches. A regular file then loses O_NONBLOCK, so reads that miss the page cache
     * wait for the disk as they should.
     */
    private boolean completeOpen(final int fd)
    {
        final MemorySegment capture = loop.capture();
        final MemorySegment buffer = statxBuffer();
        buffer.set(JAVA_LONG, Statx.LAYOUT.byteSize(), 0L);
        final int statted = Syscalls.statx(capture, fd, buffer.asSlice(Statx.LAYOUT.byteSize()),
            IoUringConstants.AT_EMPTY_PATH, IoUringConstants.STATX_BASIC_STATS, buffer);
        final int format = Short.toUnsignedInt(buffer.get(JAVA_SHORT, Statx.MODE_OFFSET)) & IoUringConstants.S_IFMT;
        Errno failure = statted < 0 ? Syscalls.errnoOf(statted) : null;
        if (null == failure && IoUringConstants.S_IFREG != format && IoUringConstants.S_IFDIR != format)
        {
            failure = Errno.ENXIO;
        }
        if (null == failure)
        {
            final int status = Syscalls.fcntl(capture, fd, Syscalls.F_GETFL, 0);
            final int cleared = status < 0 ? status :
                Syscalls.fcntl(capture, fd, Syscalls.F_SETFL, status & ~IoUringConstants.O_NONBLOCK);
            failure = cleared < 0 ? Syscalls.errnoOf(cleared) : null;
        }
        if (null != failure)
        {
            Syscalls.close(capture, fd);
            failWith(failure);
            return true;
        }
        opened = new IoUringFileHandle(fd, loop.registerFile(fd), file, loop, direct);
        succeed(0);
        return true;
    }

    @Override
    void deliverSuccess(final Request target, final long value)
    {
        if (OPEN == kind)
        {
            final IoUringFileHandle handle = opened;
            opened = null;
            target.completeOpen(handle);
        }
        else if (STAT == kind)
        {
            target.completeStat(fileStat());
        }
        else
        {
            target.complete(value);
        }
    }

    private FileStat fileStat()
    {
        final MemorySegment buffer = statx;
        final int mode = Short.toUnsignedInt(buffer.get(JAVA_SHORT, Statx.MODE_OFFSET));
        final int format = mode & IoUringConstants.S_IFMT;
        final int type = IoUringConstants.S_IFREG == format ? FileStat.TYPE_REGULAR :
            IoUringConstants.S_IFDIR == format ? FileStat.TYPE_DIRECTORY :
            IoUringConstants.S_IFCHR == format ? FileStat.TYPE_CHARACTER_DEVICE : FileStat.TYPE_OTHER;
        return new FileStat(buffer.get(JAVA_LONG, Statx.SIZE_OFFSET), type, mode & MODE_MASK,
            nanos(buffer, Statx.ATIME_OFFSET), nanos(buffer, Statx.MTIME_OFFSET), nanos(buffer, Statx.CTIME_OFFSET));
    }

    private static long nanos(final MemorySegment buffer, final long timestamp)
    {
        return buffer.get(JAVA_LONG, timestamp) * 1_000_000_000L +
            Integer.toUnsignedLong(buffer.get(JAVA_INT, timestamp + Statx.TV_NSEC_OFFSET));
    }
}
