/**
 * Baselines: the throughput and latency shapes over a pair of Agrona {@code OneToOneRingBuffer}s with messages as
 * large as the ring's entries (64-byte requests, 32-byte responses).
 */
package io.ringwork.bench.jmh.baseline;
