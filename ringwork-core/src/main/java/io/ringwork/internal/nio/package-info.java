/**
 * Internal: the portable backend of {@code file:}: {@link java.nio.channels.FileChannel} calls on virtual threads,
 * one per operation, completing requests from there. The Linux io_uring backend implements the same
 * {@link io.ringwork.scheme.Scheme} SPI and replaces this one where the kernel allows it.
 */
package io.ringwork.internal.nio;
