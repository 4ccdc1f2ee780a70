/**
 * Internal: the runtime's dispatcher, one per served ring. It takes SQEs while the CQ has room for their
 * completions, orders them (chains, DRAIN, priority), loads and saves registers, runs the verbs or hands them to
 * schemes, times them out and cancels them, and posts exactly one final CQE per SQE. The semantics are written up
 * in {@code docs/concepts/chains.md}.
 * <p>
 * <b>Threads.</b> Everything here belongs to the dispatcher thread except three words of each {@link
 * io.ringwork.internal.dispatch.Op}: its scheme state, its inbox reasons and its inbox flag, which schemes' threads
 * change with compare-and-set, and the {@link io.ringwork.internal.dispatch.Inbox} through which they hand
 * operations back. A completion made on the dispatcher thread itself (the common case for memory schemes) is
 * handled at once, without the inbox.
 */
package io.ringwork.internal.dispatch;
