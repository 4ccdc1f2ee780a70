/**
 * Internal: Linux system calls through the Foreign Function &amp; Memory API.
 */
package io.ringwork.internal.linux;
