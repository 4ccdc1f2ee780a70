/**
 * {@code ringwork bench runtime}: the in-process runtime's dispatcher, measured through its own rings.
 */
package io.ringwork.bench.runtime;
