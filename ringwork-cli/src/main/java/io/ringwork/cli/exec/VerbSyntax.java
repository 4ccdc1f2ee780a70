package io.ringwork.cli.exec;

import io.ringwork.Opcode;
import io.ringwork.Sqe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The names a script uses: each verb's arguments (which SQE argument each fills and what it accepts), and the SQE
 * flags. The verbs' own flag names come from {@link io.ringwork.VerbFlags}; {@code docs/exec.md} lists the same
 * table for people.
 */
final class VerbSyntax
{
    /** What an argument accepts besides a register. */
    enum Kind
    {
        /** A handle number. */
        HANDLE,
        /** A buffer's name (its pool reference) or a raw reference. */
        BUFFER,
        /** A byte count; left out, the size of the buffer in arg1. */
        LENGTH,
        /** A file offset or {@code cur}; left out, {@code cur}. */
        POSITION,
        /** The verb's flag names from {@link io.ringwork.VerbFlags}, or a number. */
        FLAGS,
        /** A duration with a unit: {@code 5ms}. */
        DURATION,
        /** A label or a number: another SQE's user data. */
        USER_DATA,
        /** A plain number. */
        NUMBER,
        /** {@code argN=}: a number or a buffer's name, unchecked. */
        RAW
    }

    /**
     * One named argument.
     *
     * @param name     as written before '='.
     * @param arg      the SQE argument it fills, 0..4.
     * @param kind     what it accepts.
     * @param required whether a line must give it.
     */
    record Param(String name, int arg, Kind kind, boolean required)
    {
    }

    private static final String[] SQE_FLAG_NAMES = {"LINK", "HARDLINK", "DRAIN", "CQE_SKIP_SUCCESS", "SUBSCRIBE"};
    private static final int[] SQE_FLAG_VALUES = {Sqe.LINK, Sqe.HARDLINK, Sqe.DRAIN, Sqe.CQE_SKIP_SUCCESS,
        Sqe.SUBSCRIBE};

    private static final Param HANDLE = new Param("handle", 0, Kind.HANDLE, true);

    private VerbSyntax()
    {
    }

    /**
     * Whether exec can express a verb. READV and WRITEV take a vector of buffer references, which has no text form.
     */
    static boolean isSupported(final int opcode)
    {
        return Opcode.READV.code() != opcode && Opcode.WRITEV.code() != opcode;
    }

    /**
     * The named arguments of a verb, in SQE argument order.
     *
     * @param verb a verb, or null for a scheme's own or an unknown code: those take {@code arg0..arg4} only.
     */
    static List<Param> paramsOf(final Opcode verb)
    {
        if (null == verb)
        {
            return List.of();
        }
        return switch (verb)
        {
            case NOP, READV, WRITEV -> List.of();
            case READ, WRITE -> List.of(HANDLE, new Param("buf", 1, Kind.BUFFER, true),
                new Param("len", 2, Kind.LENGTH, false), new Param("pos", 3, Kind.POSITION, false));
            case POLL -> List.of(HANDLE, new Param("events", 1, Kind.FLAGS, false));
            case OPEN -> List.of(new Param("path", 1, Kind.BUFFER, true), new Param("len", 2, Kind.LENGTH, false),
                new Param("flags", 3, Kind.FLAGS, false), new Param("mode", 4, Kind.NUMBER, false));
            case CLOSE, DUP -> List.of(HANDLE);
            case SEEK -> List.of(HANDLE, new Param("offset", 3, Kind.NUMBER, false),
                new Param("whence", 4, Kind.FLAGS, false));
            case FSYNC -> List.of(HANDLE, new Param("flags", 4, Kind.FLAGS, false));
            case TRUNCATE -> List.of(HANDLE, new Param("len", 3, Kind.NUMBER, false));
            case STAT -> List.of(HANDLE, new Param("buf", 1, Kind.BUFFER, true),
                new Param("len", 2, Kind.LENGTH, false));
            case TIMEOUT -> List.of(new Param("count", 2, Kind.NUMBER, false),
                new Param("time", 3, Kind.DURATION, false), new Param("flags", 4, Kind.FLAGS, false));
            case CANCEL -> List.of(new Param("target", 0, Kind.USER_DATA, false),
                new Param("flags", 1, Kind.FLAGS, false));
            case FUTEX_WAIT -> List.of(new Param("word", 1, Kind.BUFFER, true),
                new Param("expected", 2, Kind.NUMBER, false));
            case FUTEX_WAKE -> List.of(new Param("word", 1, Kind.BUFFER, true),
                new Param("count", 2, Kind.NUMBER, false));
        };
    }

    /**
     * A verb's argument by name, or {@code arg0}..{@code arg4} for any verb.
     *
     * @return the parameter, or null if the verb has none of that name.
     */
    static Param find(final Opcode verb, final String name)
    {
        for (final Param param : paramsOf(verb))
        {
            if (param.name().equals(name))
            {
                return param;
            }
        }
        if (4 == name.length() && name.startsWith("arg") && name.charAt(3) >= '0' && name.charAt(3) <= '4')
        {
            return new Param(name, name.charAt(3) - '0', Kind.RAW, false);
        }
        return null;
    }

    /**
     * The names a verb accepts, for messages.
     */
    static String namesOf(final Opcode verb)
    {
        final List<String> names = new ArrayList<>();
        for (final Param param : paramsOf(verb))
        {
            names.add(param.name());
        }
        names.add("arg0..arg4");
        return String.join(", ", names);
    }

    /**
     * An SQE flag by name, case-insensitive.
     *
     * @return the bit, or 0 if unknown.
     */
    static int sqeFlag(final String name)
    {
        final String upper = name.toUpperCase(Locale.ROOT);
        for (int i = 0; i < SQE_FLAG_NAMES.length; i++)
        {
            if (SQE_FLAG_NAMES[i].equals(upper))
            {
                return SQE_FLAG_VALUES[i];
            }
        }
        return 0;
    }

    static String sqeFlagNames()
    {
        return String.join(", ", SQE_FLAG_NAMES);
    }

    /**
     * The verbs exec can express, for messages.
     */
    static String verbNames()
    {
        final List<String> names = new ArrayList<>();
        for (final Opcode verb : Opcode.values())
        {
            if (isSupported(verb.code()))
            {
                names.add(verb.name().toLowerCase(Locale.ROOT));
            }
        }
        return String.join(", ", names);
    }
}
