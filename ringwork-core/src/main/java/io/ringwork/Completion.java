package io.ringwork;

/**
 * A completion copied out of the ring, for code that keeps it after the CQE's slot is reused: futures, logs, tests,
 * text front ends. Hot loops read {@link Cqe} flyweights in place instead.
 *
 * @param userData the SQE's user data.
 * @param result   the result; undefined on error unless the verb says otherwise.
 * @param error    the errno number, 0 on success.
 * @param opcode   the SQE's verb code.
 * @param flags    {@link Cqe#MORE}, {@link Cqe#LAST_UPDATE}, ... bits.
 * @param extra    the second result word.
 */
public record Completion(long userData, long result, int error, int opcode, int flags, long extra)
{
    /**
     * Copies a CQE.
     *
     * @param cqe valid during this call.
     * @return the copy.
     */
    public static Completion of(final Cqe cqe)
    {
        return new Completion(cqe.userData(), cqe.result(), cqe.error(), cqe.opcode(), cqe.flags(), cqe.extra());
    }

    /**
     * The error as an enum.
     *
     * @return {@link Errno#EOK} on success.
     */
    public Errno errno()
    {
        return Errno.of(error);
    }

    /**
     * Whether the operation succeeded.
     *
     * @return true if the error is 0.
     */
    public boolean isOk()
    {
        return 0 == error;
    }

    /**
     * The result, or an exception carrying the error.
     *
     * @return the result.
     * @throws RingworkException with the completion's errno if it failed.
     */
    public long resultOrThrow()
    {
        if (0 != error)
        {
            throw new RingworkException(errno(), Opcode.nameOf(opcode) + " userData=" + userData + " failed");
        }
        return result;
    }

    @Override
    public String toString()
    {
        return Opcode.nameOf(opcode) + "{userData=" + userData + ", result=" + result + ", " +
            (0 == error ? "ok" : errno().name()) + (0 == flags ? "" : ", flags=0x" + Integer.toHexString(flags)) +
            (0 == extra ? "" : ", extra=" + extra) + "}";
    }
}
