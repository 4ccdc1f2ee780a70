/**
 * The reactor's internals: operations waiting to be written as SQEs ({@link io.ringwork.internal.reactor.ReactorOp}),
 * the queue other threads hand them over through ({@link io.ringwork.internal.reactor.OpQueue}), and the per-ring slot
 * tables that find an operation again from its CQE ({@link io.ringwork.internal.reactor.RingSlots}).
 */
package io.ringwork.internal.reactor;
