/**
 * {@code ringwork bench pool}: the buffer pool's allocation latency, fragmentation and heap allocation, against
 * {@code Arena.ofShared().allocate} in the same run.
 */
package io.ringwork.bench.pool;
