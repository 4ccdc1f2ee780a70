/**
 * {@code ringwork exec}: SQEs written as text, one per line, parsed into a {@link io.ringwork.cli.exec.Script},
 * submitted in one {@code enter} by {@link io.ringwork.cli.exec.ScriptRunner} on a ring of an in-process runtime,
 * and printed one line per CQE. The grammar is specified in {@code docs/exec.md}.
 */
package io.ringwork.cli.exec;
