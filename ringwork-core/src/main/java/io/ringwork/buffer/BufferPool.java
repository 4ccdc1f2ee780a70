package io.ringwork.buffer;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.internal.buffer.PoolLock;
import io.ringwork.internal.buffer.RefIndexMap;
import io.ringwork.internal.buffer.SegmentTable;
import io.ringwork.internal.buffer.TlsfAllocator;
import io.ringwork.internal.layout.BufferPoolDescriptor;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool of buffers in memory two processes can share, handed out as 64-bit {@link BufferRef references} (segment,
 * offset) that mean the same on both sides, so rings carry references instead of copies.
 * <p>
 * The <em>owner</em> ({@link #create}, {@link #createShared}) allocates and frees; its allocator metadata stays on
 * its own heap where no peer can corrupt it. A <em>peer</em> ({@link #attach}) maps the same segment files and reads
 * and writes buffers by reference; it maps a segment it has not seen on first use, after validating its header, and
 * bounds-checks every reference against the segment, so a bad reference is {@link Errno#EFAULT}, never a stray
 * access. The owner's {@link #slice} also checks that the range lies inside a live allocation.
 * <p>
 * Thread-safe. Allocation and free take a lock; {@link #slice} and {@link #sizeOf} read optimistically and take no
 * lock unless a writer ran at the same moment. Steady-state allocate, free and slice allocate nothing on the heap
 * (a slice's {@code MemorySegment} view aside, which escape analysis usually removes).
 */
public final class BufferPool implements AutoCloseable
{
    private final BufferPoolOptions options;
    private final SegmentTable segments;
    private final TlsfAllocator allocator;
    private final PoolLock lock = new PoolLock();
    private final RefIndexMap peerGuards;
    private final Object closeMonitor = new Object();
    private long[] scatterCandidates = new long[0];
    private volatile long activeGuards;
    private volatile int closeWaiters;
    private volatile boolean closed;

    private BufferPool(final BufferPoolOptions options, final SegmentTable segments, final boolean owner)
    {
        this.options = options;
        this.segments = segments;
        if (owner)
        {
            allocator = new TlsfAllocator(options.minAlignment(), options.minAllocationSize(), options.strategy());
            final MemorySegment segment0 = segments.mapped(0);
            allocator.addSegment(0, BufferPoolDescriptor.HEADER_LENGTH, segment0.byteSize());
            peerGuards = null;
        }
        else
        {
            allocator = null;
            peerGuards = new RefIndexMap(64);
        }
    }

    /**
     * A pool in this process's memory (shared arenas), for rings within one process.
     *
     * @param options sizes and strategy.
     * @return the pool, its first segment allocated.
     */
    public static BufferPool create(final BufferPoolOptions options)
    {
        Objects.requireNonNull(options, "options");
        final SegmentTable table = SegmentTable.create(null, options.segmentSize(), options.maxSegments(),
            options.minAlignment(), Math.max(BufferPoolOptions.PAGE_SIZE, options.maxAlignment()));
        return new BufferPool(options, table, true);
    }

    /**
     * A pool whose segments are files (mode 0600) in {@code directory}, normally under /dev/shm, so another process
     * can {@link #attach} it. The directory is created (mode 0700) if missing; it must not hold another pool. The
     * files are removed when the pool closes.
     *
     * @param directory where the segment files go.
     * @param options   sizes and strategy.
     * @return the pool, its first segment created.
     * @throws RingworkException {@link Errno#EEXIST} if the directory already holds a pool, or the I/O error.
     */
    public static BufferPool createShared(final Path directory, final BufferPoolOptions options)
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(options, "options");
        try
        {
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
        }
        catch (final IOException ex)
        {
            throw new RingworkException(Errno.EIO, RingworkException.Category.ERROR,
                "cannot create pool directory " + directory + ": " + ex.getMessage(), ex);
        }
        final SegmentTable table = SegmentTable.create(directory, options.segmentSize(), options.maxSegments(),
            options.minAlignment(), BufferPoolOptions.PAGE_SIZE);
        return new BufferPool(options, table, true);
    }

    /**
     * Attaches to a pool another process created with {@link #createShared}: maps and validates segment 0 now, the
     * others when a reference first names them. The result reads and writes buffers; it cannot allocate or free.
     *
     * @param directory the owner's pool directory.
     * @return the peer's view of the pool.
     * @throws RingworkException {@link Errno#ENOENT} if there is no pool there, {@link Errno#EPROTO} if its header
     *                           is not a valid pool header.
     */
    public static BufferPool attach(final Path directory)
    {
        Objects.requireNonNull(directory, "directory");
        return new BufferPool(BufferPoolOptions.defaults(), SegmentTable.attach(directory), false);
    }

    // *** Allocation ***

    /**
     * Allocates a buffer, adding a segment when the pool is full (up to {@code maxSegments}).
     *
     * @param size      bytes, 1 to {@code maxAllocationSize}.
     * @param alignment a power of two up to {@code maxAlignment}; the offset within its segment is a multiple of it.
     * @return the buffer's reference.
     * @throws RingworkException {@link Errno#EINVAL} naming a bad size or alignment, {@link Errno#ENOMEM} when no
     *                           block fits and the pool cannot grow.
     */
    public long allocate(final long size, final long alignment)
    {
        return allocate(size, alignment, AllocationFlags.NONE);
    }

    /**
     * Allocates a buffer with {@link AllocationFlags}.
     *
     * @param size      bytes, 1 to {@code maxAllocationSize}.
     * @param alignment a power of two up to {@code maxAlignment}.
     * @param flags     {@link AllocationFlags#LOW_4G}, {@link AllocationFlags#NO_GROW}.
     * @return the buffer's reference.
     * @throws RingworkException {@link Errno#EINVAL} naming a bad argument, {@link Errno#ENOMEM} when no block fits.
     */
    public long allocate(final long size, final long alignment, final int flags)
    {
        final long ref = tryAllocate(size, alignment, flags);
        if (BufferRef.NULL == ref)
        {
            throw outOfMemory(size, alignment, flags);
        }
        return ref;
    }

    /**
     * Allocates a buffer, or returns {@link BufferRef#NULL} when no block fits and the pool cannot grow: the hot-path
     * form, which builds no exception for an expected shortage.
     *
     * @param size      bytes, 1 to {@code maxAllocationSize}.
     * @param alignment a power of two up to {@code maxAlignment}.
     * @param flags     {@link AllocationFlags}.
     * @return the reference, or {@link BufferRef#NULL}.
     * @throws RingworkException {@link Errno#EINVAL} naming a bad argument.
     */
    public long tryAllocate(final long size, final long alignment, final int flags)
    {
        checkRequest(size, alignment, flags);
        final boolean lowOnly = 0 != (flags & AllocationFlags.LOW_4G);
        final long stamp = lock.lock();
        try
        {
            checkOwnerOpen();
            long ref = allocator.allocate(size, alignment, lowOnly);
            if (BufferRef.NULL == ref && !lowOnly && 0 == (flags & AllocationFlags.NO_GROW) &&
                grow(allocator.roundSize(size), alignment))
            {
                ref = allocator.allocate(size, alignment, false);
            }
            return ref;
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    /**
     * Allocates {@code size} bytes at exactly {@code ref} (Redox's fixed-offset strategy), for layouts agreed in
     * advance. Walks the segment's blocks, so it suits set-up rather than hot paths.
     *
     * @param ref  where the buffer must start: an offset in an existing segment, a multiple of {@code minAlignment}.
     * @param size bytes, 1 to {@code maxAllocationSize}.
     * @return {@code ref}.
     * @throws RingworkException {@link Errno#EINVAL} for a bad size or misaligned reference, {@link Errno#EFAULT}
     *                           for a reference outside the pool, {@link Errno#EADDRINUSE} if any of the range is
     *                           not free.
     */
    public long allocateAt(final long ref, final long size)
    {
        checkRequest(size, options.minAlignment(), AllocationFlags.NONE);
        if (0 != (BufferRef.offset(ref) & (options.minAlignment() - 1)))
        {
            throw new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
                " is not a multiple of minAlignment=" + options.minAlignment());
        }
        final long stamp = lock.lock();
        try
        {
            checkOwnerOpen();
            final MemorySegment segment = segments.mapped(BufferRef.segmentId(ref));
            if (null == segment || !BufferRef.inBounds(ref, size, BufferPoolDescriptor.HEADER_LENGTH,
                segment.byteSize()))
            {
                throw new RingworkException(Errno.EFAULT, "ref=" + BufferRef.toString(ref) + " size=" + size +
                    " is outside the pool's segments");
            }
            final long allocated = allocator.allocateAt(ref, size);
            if (BufferRef.NULL == allocated)
            {
                throw new RingworkException(Errno.EADDRINUSE, "ref=" + BufferRef.toString(ref) + " size=" + size +
                    " overlaps a live allocation");
            }
            return allocated;
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    /**
     * Allocates {@code size} bytes as one buffer if a free block fits, else as a list of smaller buffers that
     * {@code READV}/{@code WRITEV} use as one: the seeds' {@code physalloc3}. Free memory already in the pool is used
     * before the pool grows. Each chunk is a separate allocation, aligned to {@code alignment}, at least
     * {@code minChunk} long except the last, which holds what remains; free each one (or call
     * {@link #freeAll}). Fails as a whole: on {@code ENOMEM} nothing stays allocated.
     *
     * @param size      total bytes, positive.
     * @param minChunk  the smallest chunk worth having, positive; chunks are also at most
     *                  {@code maxAllocationSize}.
     * @param alignment a power of two up to {@code maxAlignment}, for every chunk.
     * @param flags     {@link AllocationFlags}.
     * @param refs      receives the chunks' references; its length is the most chunks accepted.
     * @param lengths   receives the chunks' lengths, which add up to {@code size}; as long as {@code refs}.
     * @return the number of chunks, 1 when contiguous.
     * @throws RingworkException {@link Errno#EINVAL} naming a bad argument, {@link Errno#ENOMEM} if the free memory
     *                           in chunks of at least {@code minChunk}, plus growth, cannot hold {@code size} in
     *                           {@code refs.length} chunks.
     */
    public int allocateScatter(final long size, final long minChunk, final long alignment, final int flags,
        final long[] refs, final long[] lengths)
    {
        if (size <= 0)
        {
            throw new RingworkException(Errno.EINVAL, "size=" + size + " must be positive");
        }
        if (minChunk <= 0)
        {
            throw new RingworkException(Errno.EINVAL, "minChunk=" + minChunk + " must be positive");
        }
        if (refs.length != lengths.length || 0 == refs.length)
        {
            throw new RingworkException(Errno.EINVAL, "refs.length=" + refs.length + " and lengths.length=" +
                lengths.length + " must be equal and positive");
        }
        final long maxChunk = options.maxAllocationSize() & -options.minAlignment();
        checkRequest(Math.min(size, maxChunk), alignment, flags);
        final boolean lowOnly = 0 != (flags & AllocationFlags.LOW_4G);
        final boolean mayGrow = !lowOnly && 0 == (flags & AllocationFlags.NO_GROW);
        final long stamp = lock.lock();
        try
        {
            checkOwnerOpen();
            if (size <= maxChunk)
            {
                final long ref = allocator.allocate(size, alignment, lowOnly);
                if (BufferRef.NULL != ref)
                {
                    refs[0] = ref;
                    lengths[0] = size;
                    return 1;
                }
            }
            final int count = gather(size, Math.min(minChunk, size), maxChunk, alignment, lowOnly, mayGrow, refs,
                lengths);
            if (0 == count)
            {
                throw new RingworkException(Errno.ENOMEM, "cannot allocate size=" + size + " in at most " +
                    refs.length + " chunks of at least minChunk=" + minChunk + " alignment=" + alignment + ": free=" +
                    allocator.freeBytes() + " largest=" + allocator.largestFree() + " segments=" +
                    segments.length() + "/" + options.maxSegments());
            }
            return count;
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    private int gather(final long size, final long minChunk, final long maxChunk, final long alignment,
        final boolean lowOnly, final boolean mayGrow, final long[] refs, final long[] lengths)
    {
        final long granule = options.minAlignment();
        final long align = Math.max(alignment, granule);
        int count = 0;
        long remaining = size;
        // Blocks too small for a chunk after worst-case alignment padding are skipped by the size floor.
        if (scatterCandidates.length < refs.length)
        {
            scatterCandidates = new long[refs.length];
        }
        final long[] candidates = scatterCandidates;
        final int found = allocator.largestFreeBlocks(lowOnly, minChunk + align - granule, candidates);
        for (int i = 0; i < found && remaining > 0 && count < refs.length; i++)
        {
            final long blockStart = candidates[i];
            final long blockSize = allocator.freeSizeAt(blockStart);
            final long usable = blockSize - (((blockStart + align - 1) & -align) - blockStart);
            final long want = Math.min(Math.min(remaining, maxChunk), usable & -granule);
            if (want < Math.min(minChunk, remaining))
            {
                continue;
            }
            final long ref = allocator.allocateInFreeBlock(blockStart, want, alignment);
            if (BufferRef.NULL != ref)
            {
                refs[count] = ref;
                lengths[count] = want;
                count++;
                remaining -= want;
            }
        }
        while (remaining > 0 && count < refs.length && mayGrow)
        {
            final long want = Math.min(remaining, maxChunk);
            long ref = allocator.allocate(want, alignment, false);
            if (BufferRef.NULL == ref && grow(allocator.roundSize(want), alignment))
            {
                ref = allocator.allocate(want, alignment, false);
            }
            if (BufferRef.NULL == ref)
            {
                break;
            }
            refs[count] = ref;
            lengths[count] = want;
            count++;
            remaining -= want;
        }
        if (remaining > 0)
        {
            for (int i = 0; i < count; i++)
            {
                allocator.free(refs[i]);
                refs[i] = BufferRef.NULL;
                lengths[i] = 0;
            }
            return 0;
        }
        return count;
    }

    /**
     * Frees the first {@code count} references of {@code refs}, such as the chunks of {@link #allocateScatter}.
     *
     * @param refs  references.
     * @param count how many.
     * @throws RingworkException as {@link #free}, for the first one that fails; those before it stay freed.
     */
    public void freeAll(final long[] refs, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            free(refs[i]);
        }
    }

    private void checkRequest(final long size, final long alignment, final int flags)
    {
        if (size <= 0)
        {
            throw new RingworkException(Errno.EINVAL, "size=" + size + " must be positive");
        }
        if (size > options.maxAllocationSize())
        {
            throw new RingworkException(Errno.EINVAL, "size=" + size + " exceeds maxAllocationSize=" +
                options.maxAllocationSize());
        }
        if (alignment <= 0 || 1 != Long.bitCount(alignment))
        {
            throw new RingworkException(Errno.EINVAL, "alignment=" + alignment + " must be a power of two");
        }
        if (alignment > options.maxAlignment())
        {
            throw new RingworkException(Errno.EINVAL, "alignment=" + alignment + " exceeds maxAlignment=" +
                options.maxAlignment());
        }
        if (0 != (flags & ~AllocationFlags.VALID))
        {
            throw new RingworkException(Errno.EINVAL, "flags=0x" + Integer.toHexString(flags) +
                " has unknown bits 0x" + Integer.toHexString(flags & ~AllocationFlags.VALID));
        }
    }

    private boolean grow(final long roundedSize, final long alignment)
    {
        if (segments.length() >= options.maxSegments())
        {
            return false;
        }
        final long page = BufferPoolOptions.PAGE_SIZE;
        final long firstAligned = Math.max(BufferPoolDescriptor.HEADER_LENGTH, alignment);
        final long fitting = (firstAligned + roundedSize + page - 1) & -page;
        final long length = Math.max(options.segmentSize(), fitting);
        final int id = segments.grow(length);
        allocator.addSegment(id, BufferPoolDescriptor.HEADER_LENGTH, length);
        return true;
    }

    private RingworkException outOfMemory(final long size, final long alignment, final int flags)
    {
        final long stamp = lock.lock();
        try
        {
            final String where = 0 != (flags & AllocationFlags.LOW_4G) ? " in the low 4 GiB (segment 0)" : "";
            return new RingworkException(Errno.ENOMEM, "no free block for size=" + size + " alignment=" +
                alignment + where + ": free=" + allocator.freeBytes() + " largest=" + allocator.largestFree() +
                " segments=" + segments.length() + "/" + options.maxSegments());
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    // *** Free ***

    /**
     * Frees a buffer.
     *
     * @param ref the reference {@link #allocate} returned.
     * @throws RingworkException {@link Errno#EINVAL} for a double free or a reference this pool did not hand out,
     *                           {@link Errno#EBUSY} if an in-flight operation guards the buffer.
     */
    public void free(final long ref)
    {
        final long stamp = lock.lock();
        try
        {
            checkOwnerOpen();
            final int status = allocator.free(ref);
            if (TlsfAllocator.FREED != status)
            {
                throw freeError(ref, status);
            }
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    private RingworkException freeError(final long ref, final int status)
    {
        if (TlsfAllocator.GUARDED == status)
        {
            return new RingworkException(Errno.EBUSY, "ref=" + BufferRef.toString(ref) + " is guarded by " +
                allocator.guardsOf(ref) + " in-flight operation(s)");
        }
        final int segmentId = BufferRef.segmentId(ref);
        final MemorySegment segment = segments.mapped(segmentId);
        if (null == segment)
        {
            return new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) + " is foreign: segment " +
                segmentId + " is not in this pool (" + segments.length() + " segments)");
        }
        if (!BufferRef.inBounds(ref, 0, BufferPoolDescriptor.HEADER_LENGTH, segment.byteSize() - 1))
        {
            return new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
                " is foreign: outside segment " + segmentId + "'s buffers [0x" +
                Long.toHexString(BufferPoolDescriptor.HEADER_LENGTH) + ", 0x" + Long.toHexString(segment.byteSize()) +
                ")");
        }
        final long containing = allocator.liveStart(ref);
        if (BufferRef.NULL != containing)
        {
            return new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
                " points inside the allocation at " + BufferRef.toString(containing) + "; free that reference");
        }
        return new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
            " is not a live allocation: a double free, or never allocated");
    }

    // *** Views ***

    /**
     * A bounds-checked view of {@code length} bytes at {@code ref}.
     *
     * @param ref    a reference; on the owner, into a live allocation.
     * @param length bytes, 0 allowed.
     * @return the view, valid until the pool closes.
     * @throws RingworkException {@link Errno#EFAULT} if the range is in no segment, past a segment's end, or (owner)
     *                           not inside a live allocation; {@link Errno#ESHUTDOWN} after close.
     */
    public MemorySegment slice(final long ref, final long length)
    {
        final MemorySegment view = trySlice(ref, length);
        if (null == view)
        {
            throw sliceError(ref, length);
        }
        return view;
    }

    /**
     * The same view as {@link #slice}, or null where {@code slice} would throw {@code EFAULT} or {@code ESHUTDOWN}:
     * the form for a server checking references from a peer it does not trust, which should answer a bad one with
     * an error completion, not pay for an exception.
     *
     * @param ref    a reference.
     * @param length bytes, 0 allowed.
     * @return the view, or null.
     * @throws RingworkException {@link Errno#EPROTO} only if a peer finds a newly met segment's file invalid.
     */
    public MemorySegment trySlice(final long ref, final long length)
    {
        if (closed)
        {
            return null;
        }
        final MemorySegment segment = segments.segment(BufferRef.segmentId(ref));
        if (null == segment || !BufferRef.inBounds(ref, length, BufferPoolDescriptor.HEADER_LENGTH,
            segment.byteSize()))
        {
            return null;
        }
        if (null != allocator)
        {
            final long extent = liveExtent(ref);
            if (extent < length || extent < 0)
            {
                return null;
            }
        }
        return segment.asSlice(BufferRef.offset(ref), length);
    }

    /**
     * The native address of {@code length} bytes at {@code ref}, checked exactly as {@link #trySlice} checks them,
     * without creating a segment: for a server that hands the address to the kernel and must not allocate per
     * operation.
     *
     * @param ref    a reference.
     * @param length bytes, 0 allowed.
     * @return the address, or -1 where {@code trySlice} would answer null.
     * @throws RingworkException {@link Errno#EPROTO} only if a peer finds a newly met segment's file invalid.
     */
    public long tryAddress(final long ref, final long length)
    {
        if (closed)
        {
            return -1;
        }
        final MemorySegment segment = segments.segment(BufferRef.segmentId(ref));
        if (null == segment || !BufferRef.inBounds(ref, length, BufferPoolDescriptor.HEADER_LENGTH,
            segment.byteSize()))
        {
            return -1;
        }
        if (null != allocator)
        {
            final long extent = liveExtent(ref);
            if (extent < length || extent < 0)
            {
                return -1;
            }
        }
        return segment.address() + BufferRef.offset(ref);
    }

    private RingworkException sliceError(final long ref, final long length)
    {
        if (closed)
        {
            return closedError();
        }
        final int segmentId = BufferRef.segmentId(ref);
        final MemorySegment segment = segments.segment(segmentId);
        if (null == segment)
        {
            return new RingworkException(Errno.EFAULT, "ref=" + BufferRef.toString(ref) + " names segment " +
                segmentId + ", which is not in this pool");
        }
        if (!BufferRef.inBounds(ref, length, BufferPoolDescriptor.HEADER_LENGTH, segment.byteSize()))
        {
            return new RingworkException(Errno.EFAULT, "ref=" + BufferRef.toString(ref) + " length=" + length +
                " is outside segment " + segmentId + " [0x" + Long.toHexString(BufferPoolDescriptor.HEADER_LENGTH) +
                ", 0x" + Long.toHexString(segment.byteSize()) + ")");
        }
        final long extent = liveExtent(ref);
        return new RingworkException(Errno.EFAULT, "ref=" + BufferRef.toString(ref) + " length=" + length +
            (extent < 0 ? " is not inside a live allocation" : " runs past its allocation's end by " +
            (length - extent) + " bytes"));
    }

    private long liveExtent(final long ref)
    {
        long stamp = lock.tryOptimisticRead();
        long extent = allocator.liveExtent(ref);
        if (!lock.validate(stamp))
        {
            stamp = lock.lock();
            try
            {
                extent = allocator.liveExtent(ref);
            }
            finally
            {
                lock.unlock(stamp);
            }
        }
        return extent;
    }

    /**
     * The same range as {@link #slice}, as a {@link ByteBuffer} (big-endian, as every new ByteBuffer) for code that
     * speaks NIO.
     *
     * @param ref    a reference.
     * @param length bytes, at most {@code Integer.MAX_VALUE}.
     * @return the buffer, position 0, limit {@code length}.
     * @throws RingworkException as {@link #slice}; {@link Errno#EINVAL} if {@code length} exceeds what a ByteBuffer
     *                           can hold.
     */
    public ByteBuffer byteBuffer(final long ref, final long length)
    {
        if (length > Integer.MAX_VALUE)
        {
            throw new RingworkException(Errno.EINVAL, "length=" + length + " exceeds a ByteBuffer's limit " +
                Integer.MAX_VALUE);
        }
        return slice(ref, length).asByteBuffer();
    }

    /**
     * The usable size of a live allocation: at least what was asked for, rounded up to the minimum alignment.
     *
     * @param ref the reference {@link #allocate} returned.
     * @return bytes.
     * @throws RingworkException {@link Errno#EINVAL} if no live allocation starts at {@code ref},
     *                           {@link Errno#EOPNOTSUPP} on a peer, which has no allocator metadata.
     */
    public long sizeOf(final long ref)
    {
        checkOwnerOpen();
        long stamp = lock.tryOptimisticRead();
        long size = allocator.liveSize(ref);
        if (!lock.validate(stamp))
        {
            stamp = lock.lock();
            try
            {
                size = allocator.liveSize(ref);
            }
            finally
            {
                lock.unlock(stamp);
            }
        }
        if (size < 0)
        {
            throw new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
                " is not the start of a live allocation");
        }
        return size;
    }

    /**
     * The least usable size an allocation of {@code size} bytes gets: rounded up to the minimum allocation size and
     * the minimum alignment. (A block may come out a little larger when the remainder is too small to keep.)
     *
     * @param size bytes, positive.
     * @return bytes.
     */
    public long usableSizeFor(final long size)
    {
        if (size <= 0)
        {
            throw new RingworkException(Errno.EINVAL, "size=" + size + " must be positive");
        }
        final long granule = options.minAlignment();
        return Math.max(Math.max(size, options.minAllocationSize()) + granule - 1 & -granule, granule);
    }

    // *** Guards ***

    /**
     * Marks a buffer as used by an in-flight operation: until a matching {@link #unguard}, freeing it fails with
     * {@link Errno#EBUSY}, so it cannot be reused under the operation, and {@link #close()} refuses. Guards nest.
     *
     * @param ref a reference into a live allocation (owner) or into a mapped segment (peer).
     * @throws RingworkException {@link Errno#EINVAL} if not live (owner), {@link Errno#EFAULT} if outside the pool
     *                           (peer).
     */
    public void guard(final long ref)
    {
        final long stamp = lock.lock();
        try
        {
            if (null != allocator)
            {
                checkOwnerOpen();
                if (allocator.guard(ref) < 0)
                {
                    throw new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) +
                        " is not inside a live allocation; cannot guard it");
                }
                activeGuards = allocator.activeGuards();
            }
            else
            {
                if (closed)
                {
                    throw closedError();
                }
                final MemorySegment segment = segments.segment(BufferRef.segmentId(ref));
                if (null == segment || !BufferRef.inBounds(ref, 0, BufferPoolDescriptor.HEADER_LENGTH,
                    segment.byteSize() - 1))
                {
                    throw new RingworkException(Errno.EFAULT, "ref=" + BufferRef.toString(ref) +
                        " is outside the pool; cannot guard it");
                }
                final int count = peerGuards.get(ref);
                peerGuards.put(ref, RefIndexMap.MISSING == count ? 1 : count + 1);
                activeGuards = activeGuards + 1;
            }
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    /**
     * Ends one guard on a buffer, when its operation completes or is cancelled.
     *
     * @param ref the reference given to {@link #guard}.
     * @throws RingworkException {@link Errno#EINVAL} if the buffer holds no guard.
     */
    public void unguard(final long ref)
    {
        final long remaining;
        final long stamp = lock.lock();
        try
        {
            if (closed)
            {
                throw closedError();
            }
            if (null != allocator)
            {
                if (allocator.unguard(ref) < 0)
                {
                    throw new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) + " holds no guard");
                }
                remaining = allocator.activeGuards();
            }
            else
            {
                final int count = peerGuards.get(ref);
                if (RefIndexMap.MISSING == count)
                {
                    throw new RingworkException(Errno.EINVAL, "ref=" + BufferRef.toString(ref) + " holds no guard");
                }
                if (1 == count)
                {
                    peerGuards.remove(ref);
                }
                else
                {
                    peerGuards.put(ref, count - 1);
                }
                remaining = activeGuards - 1;
            }
            activeGuards = remaining;
        }
        finally
        {
            lock.unlock(stamp);
        }
        if (0 == remaining && 0 != closeWaiters)
        {
            synchronized (closeMonitor)
            {
                closeMonitor.notifyAll();
            }
        }
    }

    /**
     * Guards held now, over all buffers.
     *
     * @return the count.
     */
    public long activeGuards()
    {
        return activeGuards;
    }

    // *** Observability ***

    /**
     * Whether this is the owner (allocates) or a peer (attached).
     *
     * @return true for the owner.
     */
    public boolean isOwner()
    {
        return null != allocator;
    }

    /**
     * The directory of the segment files.
     *
     * @return it, or empty for an in-process pool.
     */
    public Optional<Path> directory()
    {
        return Optional.ofNullable(segments.directory());
    }

    /**
     * The options the pool was created with (a peer reports the defaults, except {@code maxSegments}).
     *
     * @return the options.
     */
    public BufferPoolOptions options()
    {
        return isOwner() ? options : options.withMaxSegments(segments.maxSegments());
    }

    /**
     * Whether the owner has closed the pool, as segment 0 says: a peer's cue to stop using it. Its mappings stay
     * valid until it closes them, but the owner no longer keeps any buffer alive.
     *
     * @return true once the owner closed the pool (always, on an owner that is closed).
     */
    public boolean isOwnerClosed()
    {
        if (isOwner())
        {
            return closed;
        }
        if (closed)
        {
            throw closedError();
        }
        return segments.ownerClosed();
    }

    /**
     * Segments this process has mapped; on the owner, all segments.
     *
     * @return the count.
     */
    public int segmentCount()
    {
        return segments.length();
    }

    /**
     * The memory of a segment, header included, for registering it with the kernel as a fixed buffer.
     *
     * @param segmentId a segment id.
     * @return the segment.
     * @throws RingworkException {@link Errno#EFAULT} if there is no such segment.
     */
    public MemorySegment segmentMemory(final int segmentId)
    {
        if (closed)
        {
            throw closedError();
        }
        final MemorySegment segment = segments.segment(segmentId);
        if (null == segment)
        {
            throw new RingworkException(Errno.EFAULT, "segment " + segmentId + " is not in this pool");
        }
        return segment;
    }

    /**
     * The pool's random id, the same in every segment header and in the owner and its peers.
     *
     * @return the id.
     */
    public long poolId()
    {
        return segments.poolId();
    }

    /**
     * Usable bytes over all segments (owner).
     *
     * @return bytes.
     */
    public long totalBytes()
    {
        return readStat(0);
    }

    /**
     * Bytes not allocated (owner).
     *
     * @return bytes.
     */
    public long freeBytes()
    {
        return readStat(1);
    }

    /**
     * Bytes allocated, rounding included (owner).
     *
     * @return bytes.
     */
    public long usedBytes()
    {
        return readStat(2);
    }

    /**
     * The largest buffer the pool could allocate now without growing (owner).
     *
     * @return bytes.
     */
    public long largestFreeBlock()
    {
        return readStat(3);
    }

    /**
     * Live allocations (owner).
     *
     * @return the count.
     */
    public long liveAllocations()
    {
        return readStat(4);
    }

    private long readStat(final int which)
    {
        checkOwnerOpen();
        final long stamp = lock.lock();
        try
        {
            return switch (which)
            {
                case 0 -> allocator.totalBytes();
                case 1 -> allocator.freeBytes();
                case 2 -> allocator.usedBytes();
                case 3 -> allocator.largestFree();
                default -> allocator.liveCount();
            };
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    /**
     * Free blocks in the allocator's lists; for tests (after freeing everything, one per segment).
     *
     * @return the count.
     */
    int freeBlockCount()
    {
        final long stamp = lock.lock();
        try
        {
            return allocator.freeBlockCount();
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    /**
     * Checks the allocator's invariants; for tests.
     *
     * @return null if consistent, else what is wrong.
     */
    String checkInvariants()
    {
        final long stamp = lock.lock();
        try
        {
            return allocator.checkInvariants();
        }
        finally
        {
            lock.unlock(stamp);
        }
    }

    // *** Close ***

    /**
     * Whether the pool is closed.
     *
     * @return true after a successful close.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes the pool: unmaps every segment; the owner also removes the segment files. Idempotent.
     *
     * @throws RingworkException {@link Errno#EBUSY} naming the count if guards are active; the pool stays open.
     */
    @Override
    public void close()
    {
        closeIfUnguarded();
    }

    /**
     * Closes the pool once its active guards are gone, waiting up to {@code timeout} for them.
     *
     * @param timeout how long to wait.
     * @throws RingworkException {@link Errno#EBUSY} naming the count if guards are still active when time is up;
     *                           {@link Errno#EINTR} if interrupted. The pool then stays open.
     */
    public void close(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (closeMonitor)
        {
            closeWaiters++;
            try
            {
                while (0 != activeGuards)
                {
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0)
                    {
                        break;
                    }
                    closeMonitor.wait(Math.max(1, remaining / 1_000_000));
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new RingworkException(Errno.EINTR, RingworkException.Category.ERROR,
                    "interrupted while waiting for " + activeGuards + " guard(s) before close", ex);
            }
            finally
            {
                closeWaiters--;
            }
        }
        closeIfUnguarded();
    }

    private void closeIfUnguarded()
    {
        final long stamp = lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            if (0 != activeGuards)
            {
                throw new RingworkException(Errno.EBUSY, "cannot close the pool: " + activeGuards +
                    " active guard(s) on buffers in flight");
            }
            closed = true;
        }
        finally
        {
            lock.unlock(stamp);
        }
        segments.close();
    }

    private void checkOwnerOpen()
    {
        if (closed)
        {
            throw closedError();
        }
        if (null == allocator)
        {
            throw new RingworkException(Errno.EOPNOTSUPP, "a pool attached from " + segments.directory() +
                " cannot allocate, free or size buffers: the allocator and its metadata belong to the owner");
        }
    }

    private static RingworkException closedError()
    {
        return new RingworkException(Errno.ESHUTDOWN, "the buffer pool is closed");
    }

    @Override
    public String toString()
    {
        return "BufferPool[" + (isOwner() ? "owner" : "peer") + ", segments=" + segments.length() +
            directory().map(d -> ", dir=" + d).orElse("") + (closed ? ", closed" : "") + "]";
    }
}
