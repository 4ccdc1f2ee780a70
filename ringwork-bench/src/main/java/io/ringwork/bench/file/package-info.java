/**
 * The {@code file} suite: random 4 KiB reads from one file, from the page cache and with {@code O_DIRECT}, by
 * Ringwork and by the JDK's and fio's engines in the same run.
 */
package io.ringwork.bench.file;
