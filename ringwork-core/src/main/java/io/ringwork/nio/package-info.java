/**
 * java.nio adapters over Ringwork's rings, so existing code gets the rings without a rewrite:
 * {@link io.ringwork.nio.RingFileChannel} (a {@link java.nio.channels.FileChannel}) and
 * {@link io.ringwork.nio.RingAsynchronousFileChannel} (an {@link java.nio.channels.AsynchronousFileChannel}), over any
 * scheme path a {@link io.ringwork.RingReactor} reaches: {@code file:}, {@code mem:}, or a scheme of another process.
 */
package io.ringwork.nio;
