/**
 * JMH benchmarks, arranged as JCTools arranges its own: {@code throughput} (entries per second through one ring),
 * {@code latency} (a single entry's round trip between two threads) and {@code baseline} (the same shapes over
 * Agrona's {@code OneToOneRingBuffer}, to run in the same JMH run). How to run them: {@code docs/benchmarks.md}.
 */
package io.ringwork.bench.jmh;
