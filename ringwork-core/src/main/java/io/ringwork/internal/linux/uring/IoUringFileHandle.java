package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Request;
import io.ringwork.internal.schemes.DirectIo;
import io.ringwork.internal.schemes.InlineReadable;
import io.ringwork.internal.schemes.NativeLinks;
import io.ringwork.internal.schemes.ReaderSlots;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An open file of the io_uring {@code file:}: a kernel file descriptor. READ/WRITE become {@code IORING_OP_READ}/
 * {@code WRITE} on the pool buffer's address, READV/WRITEV {@code IORING_OP_READV}/{@code WRITEV} over a
 * {@code struct iovec} array of the pool buffers, FSYNC and STAT {@code IORING_OP_FSYNC} and
 * {@code IORING_OP_STATX} (see {@link FileOp}). A short transfer is submitted again for the rest, so a short result
 * means the end of the file, as with the NIO backend. {@link #size()} is {@code lseek(SEEK_END)} (every transfer is
 * positional, so the descriptor's own offset is free), {@link #close()} is {@code close(2)}.
 * <p>
 * <b>Reads from the page cache inline.</b> With the loop's {@code nowaitReads} on, a READ first tries
 * {@code preadv2(.., RWF_NOWAIT)} on the calling dispatcher thread: data in the page cache is copied at once and the
 * request completes inside the call, with no hand-off to the loop thread; only a read that would wait for the disk
 * ({@code EAGAIN}), or a short one, goes to the ring.
 * <p>
 * <b>Reads on the caller's thread.</b> With the loop's {@code callerReads} on, the handle is also
 * {@link InlineReadable}: a client in this process ({@code SyncIo}, {@code AsyncIo}, the nio adapters) tries the same
 * {@code RWF_NOWAIT} read on its own thread before it writes an SQE, so a page-cache hit crosses no thread at all. To
 * keep such a read off a descriptor number the kernel has reused, every read names its handle in a
 * {@link ReaderSlots} slot, and {@link #close()} waits until no slot names it before {@code close(2)}.
 * <p>
 * <b>O_DIRECT.</b> A handle opened with {@code OPEN_DIRECT} checks that every buffer's address and length and the
 * position are multiples of {@link DirectIo#ALIGNMENT}, and fails the request with EINVAL otherwise, before anything
 * reaches the kernel.
 */
final class IoUringFileHandle implements SchemeHandle, InlineReadable, NativeLinks
{
    /** The alignment an O_DIRECT transfer needs here: 4 KiB, the page size and the usual logical block size. */

    private static final long IOVEC_SIZE = 16;
    /** Per dispatcher thread: the errno capture and one {@code struct iovec} for the inline read. */
    private static final ThreadLocal<MemorySegment[]> SCRATCH = ThreadLocal.withInitial(() ->
    {
        final Arena arena = Arena.ofAuto();
        return new MemorySegment[] {Syscalls.allocateCapture(arena), arena.allocate(IOVEC_SIZE, 8)};
    });

    /** What {@link #copyCached} adds to the bytes read so far when it stops short; far below any {@code -errno}. */
    private static final long STOPPED = Long.MIN_VALUE / 2;
    /** The largest errno the kernel returns: {@code -errno} results lie in {@code [-MAX_ERRNO, -1]}. */
    private static final long MAX_ERRNO = 4095;

    private final int fd;
    private final int fixedSlot;
    private final Path path;
    private final IoUringLoop loop;
    private final boolean direct;
    private final boolean callerReads;
    /** Set by {@link #close()} before it waits for reads on callers' threads; see {@link ReaderSlots}. */
    private volatile boolean closed;

    IoUringFileHandle(final int fd, final int fixedSlot, final Path path, final IoUringLoop loop, final boolean direct)
    {
        this.fd = fd;
        this.fixedSlot = fixedSlot;
        this.path = path;
        this.loop = loop;
        this.direct = direct;
        this.callerReads = loop.callerReads() && !direct;
    }

    int fd()
    {
        return fd;
    }

    IoUringLoop loop()
    {
        return loop;
    }

    /**
     * What an SQE's {@code fd} field carries: the registered slot (with {@code IOSQE_FIXED_FILE}) or the descriptor.
     *
     * @return the slot, or the descriptor when {@link #fixed()} is false.
     */
    int sqeFd()
    {
        return fixedSlot >= 0 ? fixedSlot : fd;
    }

    /**
     * Whether the file is registered with the ring.
     *
     * @return true to set {@code IOSQE_FIXED_FILE}.
     */
    boolean fixed()
    {
        return fixedSlot >= 0;
    }

    /**
     * Whether the file was opened with O_DIRECT.
     *
     * @return true for a direct handle.
     */
    boolean direct()
    {
        return direct;
    }

    @Override
    public void read(final Request request)
    {
        checkDirect(request);
        long done = 0;
        if (!direct && 1 == request.bufferCount() && loop.readInlineNow())
        {
            done = readInline(request);
            if (done < 0)
            {
                return;
            }
        }
        loop.execute(FileOp.of(request).transfer(request, this, false, done));
    }

    /**
     * The {@code RWF_NOWAIT} attempt: copies what the page cache holds, from the start of the buffer on.
     *
     * @return -1 if the request is completed (all of it read, the end of the file reached, or an error); else the
     *         bytes read so far, for the ring to go on from.
     */
    private long readInline(final Request request)
    {
        final MemorySegment[] scratch = SCRATCH.get();
        final long read = copyCached(scratch[1], scratch[0], false, request.bufferAddress(0),
            request.bufferLength(0), request.position());
        if (read >= 0)
        {
            request.complete(read);
            return -1;
        }
        if (read >= -MAX_ERRNO)
        {
            request.fail(Syscalls.errnoOf(read));
            return -1;
        }
        // Not (all) in the page cache, or a file system without RWF_NOWAIT: the ring does the rest.
        return read - STOPPED;
    }

    /**
     * The {@code RWF_NOWAIT} loop both inline reads share: copies what the page cache holds, from {@code address} on.
     *
     * @param iovec    one {@code struct iovec} of the calling thread's.
     * @param capture  its errno capture; unused when {@code critical}.
     * @param critical the critical downcall where the copy is short (no errno: any failure reads as a stop).
     * @return the bytes read when done (all of them, or fewer at the end of the file); {@code -errno} for an error;
     *         {@link #STOPPED} plus the bytes read so far when the rest would wait (or, critical, on any failure).
     */
    private long copyCached(final MemorySegment iovec, final MemorySegment capture, final boolean critical,
        final long address, final long length, final long position)
    {
        long done = 0;
        while (done < length)
        {
            // struct iovec { void *iov_base; size_t iov_len; }
            iovec.set(JAVA_LONG, 0, address + done);
            iovec.set(JAVA_LONG, 8, length - done);
            final long read = critical && length - done <= Syscalls.NOWAIT_CRITICAL_MAX
                ? Syscalls.preadv2Nowait(fd, iovec, 1, position + done)
                : Syscalls.preadv2(capture, fd, iovec, 1, position + done, Syscalls.RWF_NOWAIT);
            if (0 == read)
            {
                break;
            }
            if (read < 0)
            {
                final boolean wouldWait = critical || -Errno.EAGAIN.number() == read ||
                    -Errno.EOPNOTSUPP.number() == read;
                return wouldWait ? STOPPED + done : read;
            }
            done += read;
        }
        return done;
    }

    @Override
    public void write(final Request request)
    {
        checkDirect(request);
        loop.execute(FileOp.of(request).transfer(request, this, true, 0));
    }

    private void checkDirect(final Request request)
    {
        if (direct)
        {
            DirectIo.checkAligned(request);
        }
    }

    @Override
    public void fsync(final Request request, final boolean dataOnly)
    {
        loop.execute(FileOp.of(request).fsync(request, this, dataOnly));
    }

    /**
     * TRUNCATE as {@code ftruncate(2)} on a virtual thread: rare, and short, so it needs neither a kernel SQE
     * (IORING_OP_FTRUNCATE exists only since Linux 6.9) nor the loop. The runtime keeps the handle open until it
     * completes.
     */
    @Override
    public void truncate(final Request request, final long length)
    {
        Thread.ofVirtual().name("ringwork-ftruncate").start(() ->
        {
            if (!request.begin())
            {
                return;
            }
            try (Arena arena = Arena.ofConfined())
            {
                final int result = Syscalls.ftruncate(Syscalls.allocateCapture(arena), fd, length);
                if (result < 0)
                {
                    request.fail(Syscalls.errnoOf(result));
                }
                else
                {
                    request.complete(0);
                }
            }
        });
    }

    @Override
    public void stat(final Request request)
    {
        loop.execute(FileOp.of(request).stat(request, this));
    }

    @Override
    public boolean cancel(final Request request, final Errno reason)
    {
        return loop.cancel(request, reason);
    }

    @Override
    public long size()
    {
        final long size = Syscalls.lseek(SCRATCH.get()[0], fd, 0, Syscalls.SEEK_END);
        if (size < 0)
        {
            throw new RingworkException(Syscalls.errnoOf(size), "size of " + path);
        }
        return size;
    }

    @Override
    public boolean readableInline()
    {
        return callerReads;
    }

    @Override
    public long readNow(final long address, final long length, final long position)
    {
        if (!callerReads)
        {
            return NOT_NOW;
        }
        final int slot = CallerScratch.enter(this);
        if (slot < 0)
        {
            return NOT_NOW;
        }
        try
        {
            // Volatile, after the slot's CAS: either this read sees close() coming, or close() waits for it.
            if (closed)
            {
                return NOT_NOW;
            }
            // Not all cached, no RWF_NOWAIT here, or an error: the ring reads it all again and reports any error as
            // every backend does.
            final long read = copyCached(CallerScratch.iovec(slot), CallerScratch.capture(slot), true, address,
                length, position);
            return read >= 0 ? read : NOT_NOW;
        }
        finally
        {
            CallerScratch.exit(slot);
        }
    }

    @Override
    public void close()
    {
        // Volatile store, then the slots: a read on a caller's thread that started before this finishes first, and
        // one that starts after it sees the flag, so close(2) never runs under a read.
        closed = true;
        if (callerReads)
        {
            CallerScratch.awaitExit(this);
        }
        loop.closeFile(fd, fixedSlot);
    }

    // NativeLinks: chains of this handle's operations as linked SQEs; the work is in LinkedRun and the loop.

    @Override
    public Object linkDomain()
    {
        return loop.nativeLinks() ? loop : null;
    }

    @Override
    public boolean linkable(final Request request)
    {
        return LinkedRun.linkable(this, request);
    }

    @Override
    public boolean leads(final int opcode)
    {
        return LinkedRun.leads(this, opcode);
    }

    @Override
    public int maxLinked()
    {
        return loop.linkLimit();
    }

    @Override
    public void submitLinked(final Request[] members, final NativeLinks[] handles, final int[] modes, final int count)
    {
        LinkedRun.submit(loop, members, handles, modes, count);
    }
}
