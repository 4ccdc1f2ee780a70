/**
 * Internal: the buffer pool's allocator (TLSF over primitive arrays on the owner's heap), its reference index and
 * the table of mapped segments.
 */
package io.ringwork.internal.buffer;
