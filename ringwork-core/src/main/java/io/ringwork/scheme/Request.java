package io.ringwork.scheme;

import io.ringwork.Errno;
import io.ringwork.FileStat;

import java.lang.foreign.MemorySegment;

/**
 * One operation the runtime hands to a scheme: the verb, its arguments (after register loads), its buffers
 * resolved from the pool, and the ways to complete it. Valid from the call that hands it over until it is
 * completed; completed exactly once, from any thread (see the package documentation).
 */
public interface Request
{
    /**
     * The verb code.
     *
     * @return an {@code Opcode} code, or a user code 128..255.
     */
    int opcode();

    /**
     * Argument {@code n} as the dispatcher saw it: the SQE's value, or the register it was loaded from.
     *
     * @param n 0..4.
     * @return the raw 64 bits.
     */
    long arg(int n);

    /**
     * The SQE's user data, for logs.
     *
     * @return 64 bits.
     */
    long userData();

    /**
     * Who sent the request.
     *
     * @return the client process of the ring, {@link Peer#self()} for a ring of an in-process runtime.
     */
    Peer peer();

    /**
     * Where READ, READV, WRITE and WRITEV start: the explicit offset, or the handle's current position (resolved by
     * the runtime, which also advances it), or the end for an append-mode handle.
     *
     * @return a byte offset, never negative.
     */
    long position();

    /**
     * How many buffers the verb carries: 1 for READ, WRITE and STAT, the vector's length for READV and WRITEV, 0
     * otherwise.
     *
     * @return the count.
     */
    int bufferCount();

    /**
     * A buffer of the verb, bounds-checked against the pool.
     *
     * @param index below {@link #bufferCount()}.
     * @return the memory, valid until the request completes.
     */
    MemorySegment buffer(int index);

    /**
     * The native address of a buffer of the verb, checked as {@link #buffer} is, without creating a segment: for a
     * scheme that hands the address to the kernel and must not allocate per operation.
     *
     * @param index below {@link #bufferCount()}.
     * @return the address, valid until the request completes.
     */
    long bufferAddress(int index);

    /**
     * The length of a buffer of the verb.
     *
     * @param index below {@link #bufferCount()}.
     * @return bytes.
     */
    long bufferLength(int index);

    /**
     * Resolves a pool reference a scheme's own verb carries, bounds-checked and guarded until the request
     * completes.
     *
     * @param ref    a buffer reference.
     * @param length bytes.
     * @return the memory, valid until the request completes.
     * @throws io.ringwork.RingworkException {@link Errno#EFAULT} if the range is not inside a live allocation;
     *                                       thrown out of the scheme, the runtime fails the request with it.
     */
    MemorySegment slice(long ref, long length);

    /**
     * Claims the request for work that cannot be stopped; call it once, on the thread that will do the work, before
     * starting. Not needed when completing inside the call that handed the request over.
     *
     * @return true to go on; false if the request was cancelled or timed out: drop it without completing it.
     */
    boolean begin();

    /**
     * The object the scheme last {@linkplain #attach attached} to this request object. The runtime reuses request
     * objects, so a scheme that keeps its per-operation state here (after checking its type: another scheme may
     * have attached something else) serves operations without allocating. The attachment is never shared by two
     * operations in flight, and the scheme must not touch it after it completes the request.
     *
     * @return the attachment, or null.
     */
    Object attachment();

    /**
     * Attaches the scheme's per-operation state to this request object, for later operations to reuse.
     *
     * @param attachment the state, or null.
     */
    void attach(Object attachment);

    /**
     * Completes with success.
     *
     * @param result the verb's result (bytes, a count, a position).
     */
    void complete(long result);

    /**
     * Completes with success and a second result word (the CQE's {@code extra}).
     *
     * @param result the verb's result.
     * @param extra  a second word.
     */
    void complete(long result, long extra);

    /**
     * Completes an OPEN: the runtime gives the client a handle number for it.
     *
     * @param handle the opened resource.
     */
    void completeOpen(SchemeHandle handle);

    /**
     * Completes a STAT: the runtime writes the description into the client's buffer.
     *
     * @param stat the description.
     */
    void completeStat(FileStat stat);

    /**
     * Completes with an error.
     *
     * @param errno the reason, not {@link Errno#EOK}; {@link Errno#EUNKNOWN} completes as {@link Errno#EIO}.
     */
    void fail(Errno errno);
}
