/**
 * Internal: the runtime's built-in memory schemes, {@code mem:} (named in-memory files in the buffer pool),
 * {@code null:} and {@code zero:}. They complete every request inside the call, on the dispatcher thread, so a chain
 * of them runs through in one dispatcher round. The {@code file:} scheme lives with its backends in
 * {@code internal.nio}.
 */
package io.ringwork.internal.schemes;
