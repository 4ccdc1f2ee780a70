package io.ringwork;

/**
 * The verbs an SQE can ask for. Codes below {@link #USER_MIN} are Ringwork's; codes from {@link #USER_MIN} to
 * {@link #USER_MAX} are passed through to the scheme that serves the handle (a {@code kv:} scheme's GET, say).
 * A verb nobody implements completes with {@link Errno#ENOSYS}. The argument convention (PatchworkOS) is: arg0 the
 * subject (a handle), arg1 the payload (a buffer reference), arg2 the magnitude (a length), arg3 the location
 * (an offset), arg4 auxiliary (flags). Each verb's page in {@code docs/verbs/} gives its exact arguments.
 */
public enum Opcode
{
    /** Does nothing; completes at once, or with a timeout is a sleep ending in {@link Errno#ETIMEDOUT}. */
    NOP(0),
    /** Reads from a handle into a buffer, at an offset or the current position. */
    READ(1),
    /** Writes a buffer to a handle, at an offset or the current position. */
    WRITE(2),
    /** Waits for events on a handle; the result is the events that occurred. */
    POLL(3),
    /** Opens a path within a scheme; the result is a handle. */
    OPEN(4),
    /** Closes a handle. */
    CLOSE(5),
    /** Moves a handle's position; the result is the new position. */
    SEEK(6),
    /** Flushes a handle's data (and metadata) to stable storage. */
    FSYNC(7),
    /** Describes a handle into a buffer: size, type, mode, times. */
    STAT(8),
    /** Completes after a time, or after a number of other completions. */
    TIMEOUT(9),
    /** Cancels operations in flight by user data. */
    CANCEL(10),
    /** Reads into several buffers. */
    READV(11),
    /** Writes from several buffers. */
    WRITEV(12),
    /** A second handle to the same open resource. */
    DUP(13),
    /** Waits while a 32-bit word in the pool holds a value. */
    FUTEX_WAIT(14),
    /** Wakes waiters on a 32-bit word in the pool. */
    FUTEX_WAKE(15),
    /** Sets a handle's size, cutting or zero-extending it ({@code ftruncate}). */
    TRUNCATE(16);

    /** First code given to schemes' own verbs. */
    public static final int USER_MIN = 128;
    /** Last code given to schemes' own verbs. */
    public static final int USER_MAX = 255;

    private static final Opcode[] BY_CODE;

    static
    {
        final Opcode[] values = values();
        BY_CODE = new Opcode[values.length];
        for (final Opcode op : values)
        {
            BY_CODE[op.code] = op;
        }
    }

    private final int code;

    Opcode(final int code)
    {
        this.code = code;
    }

    /**
     * The byte stored in an SQE.
     *
     * @return the code.
     */
    public int code()
    {
        return code;
    }

    /**
     * The verb for a code, without allocating.
     *
     * @param code from an SQE or CQE.
     * @return the verb, or null for a user code or an unknown one.
     */
    public static Opcode of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * Whether a code is in the user range.
     *
     * @param code from an SQE.
     * @return true for {@link #USER_MIN}..{@link #USER_MAX}.
     */
    public static boolean isUser(final int code)
    {
        return code >= USER_MIN && code <= USER_MAX;
    }

    /**
     * Reads a verb written by name or number, for text front ends: {@code "READ"} (any case), {@code "130"},
     * {@code "USER(130)"}, the inverse of {@link #nameOf}.
     *
     * @param text the name or number.
     * @return the code, 0..255.
     * @throws IllegalArgumentException naming the text when it is neither a verb nor a code in 0..255.
     */
    public static int parse(final String text)
    {
        final String trimmed = text.trim();
        String number = trimmed;
        if (trimmed.regionMatches(true, 0, "USER(", 0, 5) && trimmed.endsWith(")"))
        {
            number = trimmed.substring(5, trimmed.length() - 1);
        }
        else if (!trimmed.isEmpty() && !Character.isDigit(trimmed.charAt(0)))
        {
            for (final Opcode op : values())
            {
                if (op.name().equalsIgnoreCase(trimmed))
                {
                    return op.code;
                }
            }
            throw new IllegalArgumentException("verb=" + text + " is unknown; known: " +
                java.util.Arrays.toString(values()) + " or a code 0..255");
        }
        final int code;
        try
        {
            code = Integer.parseInt(number);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("verb=" + text + " is neither a name nor a number", ex);
        }
        if (code < 0 || code > USER_MAX)
        {
            throw new IllegalArgumentException("verb=" + text + " must be in [0, " + USER_MAX + "]");
        }
        return code;
    }

    /**
     * A name for any code, for logs and the command line.
     *
     * @param code from an SQE or CQE.
     * @return such as {@code "READ"}, {@code "USER(130)"} or {@code "UNKNOWN(77)"}.
     */
    public static String nameOf(final int code)
    {
        final Opcode op = of(code);
        if (null != op)
        {
            return op.name();
        }
        return (isUser(code) ? "USER(" : "UNKNOWN(") + code + ")";
    }
}
