/**
 * The {@code ringwork} command line (picocli): demo, exec (SQEs as text), bench, and the tools that read live
 * rings.
 */
package io.ringwork.cli;
