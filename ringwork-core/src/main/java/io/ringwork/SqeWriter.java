package io.ringwork;

/**
 * Prepares an SQE in place, for {@link AsyncIo#submitRaw}: the submission path that allocates nothing. The user data
 * is set by the reactor after the call.
 */
@FunctionalInterface
public interface SqeWriter
{
    /**
     * Prepares the entry.
     *
     * @param sqe claimed and zeroed; valid during this call only.
     */
    void write(Sqe sqe);
}
