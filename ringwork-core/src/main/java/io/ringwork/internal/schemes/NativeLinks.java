package io.ringwork.internal.schemes;

import io.ringwork.scheme.Request;

/**
 * A scheme handle whose operations become kernel SQEs that can be linked natively ({@code IOSQE_IO_LINK},
 * {@code IOSQE_IO_HARDLINK}): the dispatcher hands a run of consecutive chain members to it as one submission
 * instead of one step at a time (see {@code docs/concepts/io_uring.md}, "Native chains"). Internal on purpose: the
 * public scheme SPI stays one request at a time, and only the io_uring {@code file:} implements this.
 * <p>
 * The runtime keeps the chain's semantics: it checks and resolves every member before the hand-over (handle,
 * buffers, an explicit position), completes the members in chain order whatever order the results come back in,
 * and breaks or continues the chain by its own rules; the implementation guarantees that a member the runtime would
 * not run (after a failed {@code LINK} member) does not run, and that a short transfer (the end of a file) does not
 * stop the chain, as the kernel's own {@code IO_LINK} would.
 */
public interface NativeLinks
{
    /** Mode bit: this member joins the next one with {@code LINK} (runs only after a success). */
    int LINK = 1;
    /** Mode bit: this member joins the next one with {@code HARDLINK} (runs whatever the result). */
    int HARDLINK = 1 << 1;
    /** Mode bit: the member is an FSYNC of data only. */
    int DATA_ONLY = 1 << 2;

    /**
     * The kernel ring the handle's operations are submitted to: members of one run share it.
     *
     * @return the ring's owner, or null when native links are off for this handle.
     */
    Object linkDomain();

    /**
     * Whether a checked and resolved READ(V), WRITE(V) or FSYNC at an explicit position can be a member of a run:
     * no inline fast path it would lose, within one SQE's transfer limit, aligned where the handle needs it.
     *
     * @param request the member, resolved by the runtime.
     * @return true if {@link #submitLinked} may take it.
     */
    boolean linkable(Request request);

    /**
     * Whether a member may lead a run. A handle may prefer to serve some operations step by step (the io_uring
     * {@code file:} reads from the page cache inline, on the dispatcher thread, which no trip to the kernel ring
     * beats); such a member is dispatched alone, and the run starts with a later member when its turn comes.
     *
     * @param opcode the member's verb, before anything of it is resolved.
     * @return true if a run may start with it.
     */
    boolean leads(int opcode);

    /**
     * The most members one run may have.
     *
     * @return at least 2.
     */
    int maxLinked();

    /**
     * Hands a run over: every member completes exactly once, as if handed over one by one when its turn came. Must
     * not throw; the arrays are the caller's, reused after the call.
     *
     * @param members the members in chain order, each already handed to its scheme (state submitted).
     * @param handles each member's handle, all with this handle's {@link #linkDomain()}.
     * @param modes   each member's {@link #LINK} or {@link #HARDLINK} (ignored for the last) and {@link #DATA_ONLY}.
     * @param count   how many members.
     */
    void submitLinked(Request[] members, NativeLinks[] handles, int[] modes, int count);
}
