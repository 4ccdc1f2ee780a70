package io.ringwork.cli.exec;

import io.ringwork.Opcode;

import java.util.List;

/**
 * A parsed script: the buffers to allocate and fill, the SQEs to submit in one {@code enter}, in order, and what to
 * print once they have completed.
 *
 * @param buffers     buffer declarations.
 * @param submissions one per SQE line.
 * @param prints      print directives, run after the CQEs.
 */
public record Script(List<Buffer> buffers, List<Submission> submissions, List<Print> prints)
{
    /** How {@code print} shows a buffer. */
    public enum Format
    {
        /** A quoted string, non-printable bytes escaped as in the script's string literals. */
        TEXT,
        /** Offsets and 16 bytes a row in hex. */
        HEX,
        /** The description a STAT filled in, decoded. */
        STAT
    }

    /**
     * Validates and copies the lists.
     *
     * @param buffers     buffer declarations.
     * @param submissions SQE lines.
     * @param prints      print directives.
     */
    public Script
    {
        buffers = List.copyOf(buffers);
        submissions = List.copyOf(submissions);
        prints = List.copyOf(prints);
    }

    /**
     * {@code buffer name[size] = "contents"}.
     *
     * @param line     where it was declared.
     * @param name     its name.
     * @param size     bytes, at least the contents.
     * @param contents the first bytes; the rest is zero.
     */
    public record Buffer(int line, String name, long size, byte[] contents)
    {
    }

    /**
     * One SQE.
     *
     * @param line         where it was written.
     * @param label        its label, or null.
     * @param userData     the label as a number, or the line number.
     * @param opcode       the verb's code, 0..255.
     * @param args         arg0..arg4.
     * @param flags        {@code Sqe.LINK}, ... bits.
     * @param priority     0..65535.
     * @param timeoutNanos per-SQE timeout, 0 for none.
     * @param saveRegister register the result is saved in, or -1.
     */
    public record Submission(int line, String label, long userData, int opcode, List<Operand> args, int flags,
        int priority, long timeoutNanos, int saveRegister)
    {
        /**
         * Copies the arguments.
         *
         * @param line         where it was written.
         * @param label        its label, or null.
         * @param userData     the user data.
         * @param opcode       the verb's code.
         * @param args         five operands.
         * @param flags        SQE flags.
         * @param priority     the priority.
         * @param timeoutNanos per-SQE timeout.
         * @param saveRegister result register or -1.
         */
        public Submission
        {
            args = List.copyOf(args);
        }

        /**
         * The verb's name.
         *
         * @return such as {@code "READ"} or {@code "USER(130)"}.
         */
        public String verbName()
        {
            return Opcode.nameOf(opcode);
        }

        /**
         * How the CQE table names this SQE.
         *
         * @return the label, or "-".
         */
        public String displayLabel()
        {
            return null == label ? "-" : label;
        }
    }

    /**
     * {@code print name [len=..] [as ..]} or {@code print Rn}.
     *
     * @param line     where it was written.
     * @param buffer   the buffer's name, or null for a register.
     * @param register the register for {@code print Rn}, else -1.
     * @param length   bytes to show, or null for the whole buffer without its trailing zero bytes.
     * @param format   how to show them.
     */
    public record Print(int line, String buffer, int register, Operand length, Format format)
    {
    }
}
