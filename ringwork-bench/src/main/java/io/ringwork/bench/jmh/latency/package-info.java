/**
 * Latency benchmarks: one entry's round trip between a client thread and a server thread, both spinning.
 */
package io.ringwork.bench.jmh.latency;
