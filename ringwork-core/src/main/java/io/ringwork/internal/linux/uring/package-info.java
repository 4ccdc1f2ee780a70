/**
 * Internal: Linux io_uring through the Foreign Function &amp; Memory API, no JNI and no liburing. The struct classes
 * ({@link io.ringwork.internal.linux.uring.IoUringParams}, {@link io.ringwork.internal.linux.uring.IoUringSqe}, ...)
 * are written by hand in the shape jextract generates from {@code /usr/include/linux/io_uring.h}: one class per
 * kernel struct, a {@code LAYOUT} with the C field names, offsets derived from it. They are the single description of
 * the kernel's shared-memory layout; every other class uses their constants. {@link
 * io.ringwork.internal.linux.uring.Syscalls} holds the downcalls, {@link
 * io.ringwork.internal.linux.uring.IoUringSupport} the probe run once, {@link
 * io.ringwork.internal.linux.uring.IoUring} a small ring core (liburing's {@code queue.c} in Java), and {@link
 * io.ringwork.internal.linux.uring.IoUringFileScheme} the {@code file:} backend on top of it.
 */
package io.ringwork.internal.linux.uring;
