package io.ringwork;

import java.util.Locale;

/**
 * The flag and selector values of the verbs, defined once: {@code OPEN} flags, {@code SEEK} origins, {@code FSYNC}
 * flags, {@code POLL} events, {@code CANCEL} flags and {@code TIMEOUT} flags. Each verb's page in
 * {@code docs/verbs/} says which argument carries them; {@link #argumentOf} says it in code, and {@link #parse} and
 * {@link #describe} translate them to and from names such as {@code "READ|WRITE|CREATE"} for text front ends.
 */
public final class VerbFlags
{
    /** OPEN (arg3): open for reading. */
    public static final int OPEN_READ = 1;
    /** OPEN (arg3): open for writing. */
    public static final int OPEN_WRITE = 1 << 1;
    /** OPEN (arg3): create the file if it does not exist. */
    public static final int OPEN_CREATE = 1 << 2;
    /** OPEN (arg3): cut the file to length 0; needs {@link #OPEN_WRITE}. */
    public static final int OPEN_TRUNCATE = 1 << 3;
    /** OPEN (arg3): every write goes to the end of the file; needs {@link #OPEN_WRITE}. */
    public static final int OPEN_APPEND = 1 << 4;
    /** OPEN (arg3): with {@link #OPEN_CREATE}, fail with EEXIST if the file exists. */
    public static final int OPEN_EXCLUSIVE = 1 << 5;
    /**
     * OPEN (arg3): {@code file:} only, bypass the page cache ({@code O_DIRECT}): every READ and WRITE of the handle
     * needs buffer addresses, lengths and positions aligned to 4 KiB (allocate with that alignment), else EINVAL.
     */
    public static final int OPEN_DIRECT = 1 << 6;
    /** Every OPEN flag; any other bit is EINVAL. */
    public static final int OPEN_VALID = OPEN_READ | OPEN_WRITE | OPEN_CREATE | OPEN_TRUNCATE | OPEN_APPEND |
        OPEN_EXCLUSIVE | OPEN_DIRECT;

    /** SEEK (arg4): from the start of the file. */
    public static final int SEEK_SET = 0;
    /** SEEK (arg4): from the current position. */
    public static final int SEEK_CUR = 1;
    /** SEEK (arg4): from the end of the file. */
    public static final int SEEK_END = 2;

    /** FSYNC (arg4): flush the data and only the metadata needed to read it back ({@code fdatasync}). */
    public static final int FSYNC_DATA_ONLY = 1;

    /** POLL (arg1 and result): reading would not wait. */
    public static final int POLL_READ = 1;
    /** POLL (arg1 and result): writing would not wait. */
    public static final int POLL_WRITE = 1 << 1;
    /** POLL (result only): the handle is in error. */
    public static final int POLL_ERROR = 1 << 2;
    /** POLL (result only): the other side hung up. */
    public static final int POLL_HUP = 1 << 3;
    /** POLL (result only): the handle is not open. */
    public static final int POLL_NVAL = 1 << 4;
    /** The events a POLL may ask for; the others are always reported. */
    public static final int POLL_REQUESTABLE = POLL_READ | POLL_WRITE;

    /** CANCEL (arg1): cancel every match, not only the oldest. */
    public static final int CANCEL_ALL = 1;
    /** CANCEL (arg1): match any operation, whatever its user data. */
    public static final int CANCEL_ANY = 1 << 1;
    /** Every CANCEL flag. */
    public static final int CANCEL_VALID = CANCEL_ALL | CANCEL_ANY;

    /** TIMEOUT (arg4): arg3 is a deadline in nanoseconds since the Unix epoch, not a duration. */
    public static final int TIMEOUT_ABSOLUTE = 1;
    /** TIMEOUT (arg4): expiry completes with success instead of ETIMEDOUT, so a timeout can delay a LINK chain. */
    public static final int TIMEOUT_ETIME_SUCCESS = 1 << 1;
    /** Every TIMEOUT flag. */
    public static final int TIMEOUT_VALID = TIMEOUT_ABSOLUTE | TIMEOUT_ETIME_SUCCESS;

    private static final String[] OPEN_NAMES = {"READ", "WRITE", "CREATE", "TRUNCATE", "APPEND", "EXCLUSIVE",
        "DIRECT"};
    private static final String[] SEEK_NAMES = {"SET", "CUR", "END"};
    private static final String[] FSYNC_NAMES = {"DATA_ONLY"};
    private static final String[] POLL_NAMES = {"READ", "WRITE", "ERROR", "HUP", "NVAL"};
    private static final String[] CANCEL_NAMES = {"ALL", "ANY"};
    private static final String[] TIMEOUT_NAMES = {"ABSOLUTE", "ETIME_SUCCESS"};

    private VerbFlags()
    {
    }

    /**
     * Which argument of a verb carries its flags or selector.
     *
     * @param verb the verb.
     * @return 0..4, or -1 if the verb has none.
     */
    public static int argumentOf(final Opcode verb)
    {
        return switch (verb)
        {
            case OPEN -> 3;
            case SEEK, FSYNC, TIMEOUT -> 4;
            case POLL, CANCEL -> 1;
            default -> -1;
        };
    }

    /**
     * Reads flags written as names joined by {@code |} (case-insensitive, such as {@code "read|write"}), or as a
     * number (decimal, or hex with {@code 0x}). SEEK takes one name, its origin.
     *
     * @param verb a verb with flags (see {@link #argumentOf}).
     * @param text the names or the number; empty means 0.
     * @return the value.
     * @throws IllegalArgumentException naming the text when a name is unknown for this verb.
     */
    public static long parse(final Opcode verb, final String text)
    {
        final String[] names = namesOf(verb);
        if (null == names)
        {
            throw new IllegalArgumentException("verb=" + verb + " takes no flags");
        }
        final String trimmed = text.trim();
        if (trimmed.isEmpty())
        {
            return 0;
        }
        if (Character.isDigit(trimmed.charAt(0)) || trimmed.startsWith("-"))
        {
            return trimmed.startsWith("0x") ? Long.parseUnsignedLong(trimmed.substring(2), 16) :
                Long.parseLong(trimmed);
        }
        long value = 0;
        for (final String part : trimmed.split("\\|"))
        {
            final String name = part.trim().toUpperCase(Locale.ROOT);
            final int index = indexOf(names, name);
            if (index < 0)
            {
                throw new IllegalArgumentException("flag=" + part.trim() + " is not a " + verb + " flag; known: " +
                    String.join(", ", names));
            }
            value |= Opcode.SEEK == verb ? index : 1L << index;
        }
        return value;
    }

    /**
     * Names a flag value, the inverse of {@link #parse}.
     *
     * @param verb  a verb with flags.
     * @param value the value.
     * @return such as {@code "READ|WRITE"}, {@code "0"} for none, with unknown bits as {@code 0x..}.
     */
    public static String describe(final Opcode verb, final long value)
    {
        final String[] names = namesOf(verb);
        if (null == names)
        {
            return Long.toString(value);
        }
        if (Opcode.SEEK == verb)
        {
            return value >= 0 && value < names.length ? names[(int)value] : Long.toString(value);
        }
        if (0 == value)
        {
            return "0";
        }
        final StringBuilder out = new StringBuilder();
        long rest = value;
        for (int i = 0; i < names.length; i++)
        {
            if (0 != (rest & (1L << i)))
            {
                out.append(out.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~(1L << i);
            }
        }
        if (0 != rest)
        {
            out.append(out.isEmpty() ? "" : "|").append("0x").append(Long.toHexString(rest));
        }
        return out.toString();
    }

    private static String[] namesOf(final Opcode verb)
    {
        return switch (verb)
        {
            case OPEN -> OPEN_NAMES;
            case SEEK -> SEEK_NAMES;
            case FSYNC -> FSYNC_NAMES;
            case POLL -> POLL_NAMES;
            case CANCEL -> CANCEL_NAMES;
            case TIMEOUT -> TIMEOUT_NAMES;
            default -> null;
        };
    }

    private static int indexOf(final String[] names, final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
