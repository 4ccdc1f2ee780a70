/**
 * JMH benchmarks of the buffer pool: allocate+free and slice, with {@code -prof gc} for heap allocation.
 */
package io.ringwork.bench.jmh.pool;
