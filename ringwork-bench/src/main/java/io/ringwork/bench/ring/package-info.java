/**
 * {@code ringwork bench ring}: round trips and throughput between two JVMs over a /dev/shm ring file, against
 * Agrona's {@code OneToOneRingBuffer} pair in another /dev/shm file, measured in the same run.
 */
package io.ringwork.bench.ring;
