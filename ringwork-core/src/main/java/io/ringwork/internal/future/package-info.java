/**
 * Internal: how completions find their futures without a map: user data packs a slot of a preallocated table and the
 * slot's generation.
 */
package io.ringwork.internal.future;
