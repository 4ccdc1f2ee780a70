/**
 * The shared buffer pool: buffers in memory two processes map, passed between them as 64-bit references
 * ({@link io.ringwork.buffer.BufferRef}) instead of copies. {@link io.ringwork.buffer.BufferPool} allocates with a
 * two-level segregated-fit allocator, grows by segments a peer maps on first sight, and guards buffers that
 * in-flight operations use.
 */
package io.ringwork.buffer;
