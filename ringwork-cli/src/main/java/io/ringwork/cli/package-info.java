/**
 * The {@code ringwork} command line (picocli): demo, bench, and the tools that read live rings.
 */
package io.ringwork.cli;
