/**
 * Implementations of {@link io.ringwork.IdleStrategy}, one small policy per class.
 */
package io.ringwork.internal.idle;
