/**
 * The Ringwork API: rings ({@link io.ringwork.Ring}, {@link io.ringwork.ServedRing}), their entries
 * ({@link io.ringwork.Sqe}, {@link io.ringwork.Cqe}, {@link io.ringwork.Completion}), verbs
 * ({@link io.ringwork.Opcode}, {@link io.ringwork.VerbFlags}, {@link io.ringwork.FileStat}), the runtime that
 * executes them ({@link io.ringwork.Ringwork}, with {@link io.ringwork.RingFutures} for CompletableFuture callers),
 * schemes served to other processes ({@link io.ringwork.SchemeServer}) and rings attached to them
 * ({@link io.ringwork.SchemeConnection}), the reactor that drives several rings for futures and blocking calls
 * ({@link io.ringwork.RingReactor}, {@link io.ringwork.AsyncIo}, {@link io.ringwork.SyncIo},
 * {@link io.ringwork.IoChain}), the error codes ({@link io.ringwork.Errno}) and waiting policies
 * ({@link io.ringwork.IdleStrategy}).
 */
package io.ringwork;
