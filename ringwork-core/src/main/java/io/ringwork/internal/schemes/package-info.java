/**
 * Internal: the runtime's built-in memory schemes, {@code mem:} (named in-memory files in the buffer pool),
 * {@code null:} and {@code zero:}. They complete every request inside the call, on the dispatcher thread, so a chain
 * of them runs through in one dispatcher round. The {@code file:} scheme lives with its backends in
 * {@code internal.nio} and {@code internal.linux.uring}; {@link io.ringwork.internal.schemes.SchemePaths} here is
 * the one rule both backends use to keep a path below the scheme's root.
 */
package io.ringwork.internal.schemes;
