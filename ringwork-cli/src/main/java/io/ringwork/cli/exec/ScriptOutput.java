package io.ringwork.cli.exec;

import io.ringwork.Cqe;
import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.VerbFlags;

import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * What exec prints: a table with one row per CQE ({@code user_data label verb result errno}, then {@code more} for a
 * subscription's non-final CQE and the error's message as a comment), and the print directives' buffers and
 * registers.
 */
final class ScriptOutput
{
    private static final int BYTES_PER_HEX_ROW = 16;
    private static final String[] TYPE_NAMES = {"unknown", "regular", "directory", "character-device", "memory",
        "other"};

    private final PrintWriter out;
    private final Map<Long, Script.Submission> byUserData = new HashMap<>();
    private final String rowFormat;

    ScriptOutput(final List<Script.Submission> submissions, final PrintWriter out)
    {
        this.out = out;
        int labelWidth = "label".length();
        int verbWidth = "verb".length();
        for (final Script.Submission submission : submissions)
        {
            byUserData.put(submission.userData(), submission);
            labelWidth = Math.max(labelWidth, submission.displayLabel().length());
            verbWidth = Math.max(verbWidth, submission.verbName().length());
        }
        this.rowFormat = "%9s  %-" + labelWidth + "s  %-" + verbWidth + "s  %8s  %s";
    }

    void header()
    {
        out.println(String.format(Locale.ROOT, rowFormat, "user_data", "label", "verb", "result", "errno"));
    }

    void row(final Cqe cqe)
    {
        final Script.Submission submission = byUserData.get(cqe.userData());
        final Errno errno = Errno.of(cqe.error());
        final String errnoText = 0 == cqe.error() ? errno.name() :
            (Errno.EUNKNOWN == errno ? "E" + cqe.error() : errno.name());
        final String result = 0 == cqe.error() && Opcode.POLL.code() == cqe.opcode() ?
            VerbFlags.describe(Opcode.POLL, cqe.result()) : Long.toString(cqe.result());
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, rowFormat,
            Long.toUnsignedString(cqe.userData()), null == submission ? "?" : submission.displayLabel(),
            Opcode.nameOf(cqe.opcode()), result, errnoText));
        if (0 != (cqe.flags() & Cqe.MORE))
        {
            line.append(" more");
        }
        if (0 != cqe.error())
        {
            line.append("  # ").append(errno.message());
        }
        out.println(line);
    }

    void register(final int index, final long value)
    {
        out.println("R" + index + " = " + value);
    }

    void buffer(final String name, final MemorySegment bytes, final Script.Format format)
    {
        switch (format)
        {
            case TEXT -> out.println(name + " (" + bytes.byteSize() + " bytes): " + quoted(bytes));
            case HEX ->
            {
                out.println(name + " (" + bytes.byteSize() + " bytes):");
                hex(bytes);
            }
            case STAT -> out.println(name + " (stat): " + describe(FileStat.read(bytes)));
            default -> throw new IllegalStateException("format=" + format);
        }
    }

    /**
     * Bytes as a script's string literal would write them, so output can be pasted back into a script.
     */
    static String quoted(final MemorySegment bytes)
    {
        final StringBuilder text = new StringBuilder("\"");
        for (long i = 0; i < bytes.byteSize(); i++)
        {
            final int b = Byte.toUnsignedInt(bytes.get(JAVA_BYTE, i));
            switch (b)
            {
                case '\n' -> text.append("\\n");
                case '\t' -> text.append("\\t");
                case '\r' -> text.append("\\r");
                case 0 -> text.append("\\0");
                case '"', '\\' -> text.append('\\').append((char)b);
                default ->
                {
                    if (b >= 0x20 && b < 0x7f)
                    {
                        text.append((char)b);
                    }
                    else
                    {
                        text.append(String.format(Locale.ROOT, "\\x%02x", b));
                    }
                }
            }
        }
        return text.append('"').toString();
    }

    private void hex(final MemorySegment bytes)
    {
        for (long row = 0; row < bytes.byteSize(); row += BYTES_PER_HEX_ROW)
        {
            final StringBuilder hex = new StringBuilder();
            final StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < BYTES_PER_HEX_ROW; i++)
            {
                if (row + i < bytes.byteSize())
                {
                    final int b = Byte.toUnsignedInt(bytes.get(JAVA_BYTE, row + i));
                    hex.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char)b : '.');
                }
                else
                {
                    hex.append("   ");
                }
                if (7 == i)
                {
                    hex.append(' ');
                }
            }
            out.println(String.format(Locale.ROOT, "  %04x  %s %s", row, hex, ascii));
        }
    }

    private static String describe(final FileStat stat)
    {
        final int type = stat.type();
        return "size=" + stat.size() + " type=" + (type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] :
            Integer.toString(type)) + " mode=0" + Integer.toOctalString(stat.mode()) + " modified=" +
            (0 == stat.modifyNanos() ? "unknown" : Instant.ofEpochSecond(0, stat.modifyNanos()).toString());
    }
}
