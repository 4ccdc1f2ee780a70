package io.ringwork.bench.ring;

import org.HdrHistogram.Histogram;

/**
 * The client side of one way of moving entries to the peer process and back, measured the same way as the others.
 */
interface Contender
{
    /**
     * What the peer must serve during {@link #roundTrips}.
     *
     * @return a {@link PeerLayout} command.
     */
    int roundTripCommand();

    /**
     * What the peer must serve during {@link #throughput}.
     *
     * @return a {@link PeerLayout} command.
     */
    int throughputCommand();

    /**
     * Sends one entry and spins until its answer is read, again and again, recording each round trip.
     *
     * @param histogram     receives round trip times in nanoseconds.
     * @param durationNanos how long to keep going.
     */
    void roundTrips(Histogram histogram, long durationNanos);

    /**
     * Moves entries in batches for a while, then waits until the peer has dealt with all of them.
     *
     * @param durationNanos how long to keep sending.
     * @param peer          the peer, for contenders that learn progress from it.
     * @return entries dealt with and the time it took.
     */
    Throughput throughput(long durationNanos, PeerProcess peer);

    /**
     * Answers that did not match their request, which must be 0.
     *
     * @return the count.
     */
    long wrongAnswers();

    /**
     * A count of entries over a time.
     *
     * @param entries entries moved.
     * @param nanos   time taken.
     */
    record Throughput(long entries, long nanos)
    {
        /**
         * Adds another measurement.
         *
         * @param other the other.
         * @return the sum.
         */
        Throughput plus(final Throughput other)
        {
            return new Throughput(entries + other.entries, nanos + other.nanos);
        }

        /**
         * Entries per second.
         *
         * @return the rate, 0 with no time.
         */
        double perSecond()
        {
            return 0 == nanos ? 0.0 : entries * 1e9 / nanos;
        }
    }
}
