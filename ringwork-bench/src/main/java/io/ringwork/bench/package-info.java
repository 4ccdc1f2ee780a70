/**
 * The harness behind {@code ringwork bench}: suites that measure Ringwork against baselines in the same run, and
 * the report they print. JMH benchmarks live in the sub-packages {@code latency}, {@code throughput} and
 * {@code baseline}.
 */
package io.ringwork.bench;
