package io.ringwork.cli.exec;

/**
 * The value of one SQE argument as a script gives it: a number, a register to load at dispatch, or a buffer whose
 * pool reference is known only once the runner has allocated it.
 *
 * @param kind     {@link #LITERAL}, {@link #REGISTER} or {@link #BUFFER}.
 * @param value    the number, or the register index 0..6.
 * @param buffer   the buffer's name, for {@link #BUFFER}.
 */
public record Operand(int kind, long value, String buffer)
{
    /** A number written in the script. */
    public static final int LITERAL = 0;
    /** {@code Rn}: loaded from register n when the SQE is dispatched. */
    public static final int REGISTER = 1;
    /** A buffer's name: its pool reference. */
    public static final int BUFFER = 2;

    /**
     * A number.
     *
     * @param value the number.
     * @return the operand.
     */
    public static Operand literal(final long value)
    {
        return new Operand(LITERAL, value, null);
    }

    /**
     * A register load.
     *
     * @param register 0..6.
     * @return the operand.
     */
    public static Operand register(final int register)
    {
        return new Operand(REGISTER, register, null);
    }

    /**
     * A buffer reference.
     *
     * @param name the buffer's name.
     * @return the operand.
     */
    public static Operand buffer(final String name)
    {
        return new Operand(BUFFER, 0, name);
    }

    /**
     * Whether this loads from a register.
     *
     * @return true for {@code Rn}.
     */
    public boolean isRegister()
    {
        return REGISTER == kind;
    }
}
