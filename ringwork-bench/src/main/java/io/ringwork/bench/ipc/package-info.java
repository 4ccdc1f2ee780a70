/**
 * {@code ringwork bench ipc}: request/response between two JVMs through Ringwork, with the server spinning and
 * asleep on its futex, against Agrona's {@code OneToOneRingBuffer} ping-pong, a UNIX domain socket and a bare futex
 * ping-pong, all in the same run; and the CPU an idle server burns.
 */
package io.ringwork.bench.ipc;
