/**
 * Internal: the memory layouts of rings and entries, each described once with its diagram.
 */
package io.ringwork.internal.layout;
