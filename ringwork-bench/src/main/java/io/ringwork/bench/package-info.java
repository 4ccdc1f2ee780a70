/**
 * The harness behind {@code ringwork bench}: suites that measure Ringwork against baselines in the same run, and
 * the report they print. JMH benchmarks live in {@code io.ringwork.bench.jmh} and its sub-packages
 * {@code throughput}, {@code latency} and {@code baseline}.
 */
package io.ringwork.bench;
