package io.ringwork.internal.future;

/**
 * The bit packing of the user data the futures path puts in SQEs, in one place (Netty's {@code UserData} shape):
 * <pre>
 *   63                              32 31                               0
 *  +----------------------------------+----------------------------------+
 *  |       generation of the slot      |        slot in the table         |
 *  +----------------------------------+----------------------------------+
 * </pre>
 * The generation moves on each time a slot is reused, so a CQE for an operation whose slot has since been reused
 * (or a forged one) is recognised and dropped instead of completing the wrong future.
 */
public final class UserData
{
    private UserData()
    {
    }

    /**
     * Packs a slot and its generation.
     *
     * @param slot       0..2^31-1.
     * @param generation any 32 bits.
     * @return the user data.
     */
    public static long encode(final int slot, final int generation)
    {
        return ((long)generation << 32) | (slot & 0xFFFF_FFFFL);
    }

    /**
     * The slot.
     *
     * @param userData as encoded.
     * @return the low 32 bits as an int (negative for user data that was not encoded here).
     */
    public static int slot(final long userData)
    {
        return (int)userData;
    }

    /**
     * The generation.
     *
     * @param userData as encoded.
     * @return the high 32 bits.
     */
    public static int generation(final long userData)
    {
        return (int)(userData >>> 32);
    }
}
