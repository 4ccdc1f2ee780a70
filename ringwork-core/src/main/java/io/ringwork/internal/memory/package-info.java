/**
 * Internal: regions of memory rings and pools live in: process-private arenas and /dev/shm files.
 */
package io.ringwork.internal.memory;
