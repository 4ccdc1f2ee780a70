/**
 * The Ringwork API: rings ({@link io.ringwork.Ring}, {@link io.ringwork.ServedRing}), their entries
 * ({@link io.ringwork.Sqe}, {@link io.ringwork.Cqe}), verbs ({@link io.ringwork.Opcode}), the error codes
 * ({@link io.ringwork.Errno}) and waiting policies ({@link io.ringwork.IdleStrategy}).
 */
package io.ringwork;
