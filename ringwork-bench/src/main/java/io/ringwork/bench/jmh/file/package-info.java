/**
 * JMH benchmarks of file reads: Ringwork's blocking read on the caller's thread against {@code FileChannel}, in one
 * process.
 */
package io.ringwork.bench.jmh.file;
