/**
 * Throughput benchmarks: batches of entries through one ring, client and server end on one thread (the raw path,
 * no waiting).
 */
package io.ringwork.bench.jmh.throughput;
