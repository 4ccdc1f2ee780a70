package io.ringwork.stress;

import io.ringwork.Cqe;
import io.ringwork.Sqe;

/**
 * Entry contents in which a torn or stale read shows: every field of an entry is derived from one small id, so a
 * reader checks all of them and reports the id only if every field belongs to it.
 * <p>
 * Each 64-bit field carries the id in its top and bottom bytes, so a read that mixes two entries, or an entry and
 * the zeroes of a fresh slot, or two halves of one word, cannot pass.
 */
public final class EntryPattern
{
    /** What a check returns for an entry whose fields do not all belong to one id (torn, stale or zeroed). */
    public static final int TORN = -1;

    /** What a reader returns when an entry that must be there (published before the actors started) is not. */
    public static final int MISSING = -2;

    /** The flags every written SQE carries (the client-settable ones a real submission could set). */
    public static final int SQE_FLAGS = Sqe.LINK | Sqe.SUBSCRIBE;

    private EntryPattern()
    {
    }

    /**
     * Writes all 64 bytes of an SQE from {@code id}.
     *
     * @param sqe the claimed entry.
     * @param id  1..63.
     */
    public static void writeSqe(final Sqe sqe, final int id)
    {
        sqe.prep(opcode(id), word(id, 0), word(id, 1), word(id, 2), word(id, 3), word(id, 4))
            .flags(SQE_FLAGS)
            .priority(priority(id))
            .registerSpecs(registerSpecs(id))
            .userData(id)
            .timeoutNanos(word(id, 5));
    }

    /**
     * Reads every field of an SQE.
     *
     * @param sqe        the entry.
     * @param extraFlags flag bits the ring itself adds (the batch-end bit on submit), 0 for none.
     * @return the entry's id if every field belongs to it, else {@link #TORN}.
     */
    public static int readSqe(final Sqe sqe, final int extraFlags)
    {
        final long userData = sqe.userData();
        final int id = (int)userData;
        final boolean whole = userData == id &&
            sqe.opcode() == opcode(id) &&
            sqe.flags() == (SQE_FLAGS | extraFlags) &&
            sqe.priority() == priority(id) &&
            sqe.registerSpecs() == registerSpecs(id) &&
            sqe.arg(0) == word(id, 0) &&
            sqe.arg(1) == word(id, 1) &&
            sqe.arg(2) == word(id, 2) &&
            sqe.arg(3) == word(id, 3) &&
            sqe.arg(4) == word(id, 4) &&
            sqe.timeoutNanos() == word(id, 5);
        return whole && id > 0 ? id : TORN;
    }

    /**
     * Writes all 32 bytes of a CQE from {@code id}.
     *
     * @param cqe the claimed entry.
     * @param id  1..63.
     */
    public static void writeCqe(final Cqe cqe, final int id)
    {
        cqe.fill(id, word(id, 0), errno(id), opcode(id), Cqe.MORE, word(id, 1));
    }

    /**
     * Reads every field of a CQE.
     *
     * @param cqe the entry.
     * @return the entry's id if every field belongs to it, else {@link #TORN}.
     */
    public static int readCqe(final Cqe cqe)
    {
        final long userData = cqe.userData();
        final int id = (int)userData;
        final boolean whole = userData == id &&
            cqe.result() == word(id, 0) &&
            cqe.error() == errno(id) &&
            cqe.opcode() == opcode(id) &&
            cqe.flags() == Cqe.MORE &&
            cqe.extra() == word(id, 1);
        return whole && id > 0 ? id : TORN;
    }

    /**
     * The arguments a {@code Ring}-level writer passes to {@code ServedRing.postCqe} for {@code id}.
     *
     * @param id 1..63.
     * @return the result word.
     */
    public static long cqeResult(final int id)
    {
        return word(id, 0);
    }

    /**
     * The extra word of the CQE for {@code id}.
     *
     * @param id 1..63.
     * @return the extra word.
     */
    public static long cqeExtra(final int id)
    {
        return word(id, 1);
    }

    /**
     * The errno of the CQE for {@code id}.
     *
     * @param id 1..63.
     * @return a positive number below 128.
     */
    public static int errno(final int id)
    {
        return 64 + id;
    }

    /**
     * The opcode of the entry for {@code id}.
     *
     * @param id 1..63.
     * @return a verb code in [0x41, 0x7F].
     */
    public static int opcode(final int id)
    {
        return 0x40 | id;
    }

    private static int priority(final int id)
    {
        return 0x1000 | id;
    }

    private static int registerSpecs(final int id)
    {
        // Six 3-bit specifiers, all valid: R(id % 7) loads arg0, and the result is saved to R(id % 5).
        return ((id % 7) + 1) | (((id % 5) + 1) << 15);
    }

    private static long word(final int id, final int field)
    {
        return ((long)id << 56) | ((long)(field + 1) << 32) | (0x00A5_5A00L | id);
    }
}
