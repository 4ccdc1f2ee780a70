package io.ringwork.nio;

import io.ringwork.VerbFlags;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * {@link StandardOpenOption}s as {@code VerbFlags.OPEN_*} bits, with the defaults of {@code FileChannel.open}: read
 * when neither READ nor WRITE is given (nor APPEND), CREATE and TRUNCATE_EXISTING only for writing.
 */
final class OpenOptions
{
    private OpenOptions()
    {
    }

    /**
     * The OPEN flags for a set of options.
     *
     * @param options as given to {@code open}.
     * @return {@code VerbFlags.OPEN_*} bits.
     * @throws UnsupportedOperationException for an option a ring cannot honour, as {@code FileChannel.open} does.
     * @throws IllegalArgumentException      for READ with APPEND, as {@code FileChannel.open} does.
     */
    static int toFlags(final Set<? extends OpenOption> options)
    {
        int flags = 0;
        for (final OpenOption option : options)
        {
            if (!(option instanceof StandardOpenOption standard))
            {
                throw new UnsupportedOperationException("option " + option + " is not supported by a ring channel");
            }
            flags |= switch (standard)
            {
                case READ -> VerbFlags.OPEN_READ;
                case WRITE -> VerbFlags.OPEN_WRITE;
                case APPEND -> VerbFlags.OPEN_WRITE | VerbFlags.OPEN_APPEND;
                case CREATE -> VerbFlags.OPEN_CREATE;
                case CREATE_NEW -> VerbFlags.OPEN_CREATE | VerbFlags.OPEN_EXCLUSIVE;
                case TRUNCATE_EXISTING -> VerbFlags.OPEN_TRUNCATE;
                case SPARSE, SYNC, DSYNC -> 0;
                case DELETE_ON_CLOSE -> throw new UnsupportedOperationException(
                    "DELETE_ON_CLOSE is not supported by a ring channel: schemes have no unlink verb");
            };
        }
        if (0 != (flags & VerbFlags.OPEN_APPEND) && options.contains(StandardOpenOption.READ))
        {
            throw new IllegalArgumentException("READ + APPEND not allowed");
        }
        if (0 == (flags & (VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE)))
        {
            flags |= VerbFlags.OPEN_READ;
        }
        if (0 == (flags & VerbFlags.OPEN_WRITE))
        {
            flags &= ~(VerbFlags.OPEN_CREATE | VerbFlags.OPEN_EXCLUSIVE | VerbFlags.OPEN_TRUNCATE);
        }
        return flags;
    }

    /**
     * Whether every write must reach stable storage before it returns.
     *
     * @param options as given to {@code open}.
     * @return true for SYNC or DSYNC.
     */
    static boolean syncWrites(final Set<? extends OpenOption> options)
    {
        return options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC);
    }
}
