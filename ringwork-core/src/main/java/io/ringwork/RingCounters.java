package io.ringwork;

import io.ringwork.internal.layout.CountersDescriptor;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.internal.layout.SharedAccess;

import java.lang.foreign.MemorySegment;

/**
 * A live view of a ring's counters, readable from any thread or process (the {@code stat} tool maps the ring file
 * read-only and reads through this). Each read is an opaque load of a counter its single writer updates with
 * opaque stores: the newest value, untorn, with no ordering against other counters.
 */
public final class RingCounters
{
    private final MemorySegment region;

    /**
     * A view over a ring region.
     *
     * @param region the ring region, checked with the layout descriptor.
     */
    public RingCounters(final MemorySegment region)
    {
        this.region = region;
    }

    private long read(final long blockOffset, final int field)
    {
        // opaque: pairs with the single writer's opaque store; no other memory depends on this value.
        return (long)SharedAccess.LONG.getOpaque(region, blockOffset + field);
    }

    /**
     * SQEs the client has published.
     *
     * @return count.
     */
    public long submitted()
    {
        return read(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.PRODUCED_OFFSET);
    }

    /**
     * CQEs the client has consumed.
     *
     * @return count.
     */
    public long reaped()
    {
        return read(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.CONSUMED_OFFSET);
    }

    /**
     * SQEs the server has taken.
     *
     * @return count.
     */
    public long taken()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.CONSUMED_OFFSET);
    }

    /**
     * CQEs the server has published.
     *
     * @return count.
     */
    public long completed()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.PRODUCED_OFFSET);
    }

    /**
     * CQEs published with an error.
     *
     * @return count.
     */
    public long errors()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.ERRORS_OFFSET);
    }

    /**
     * CQEs published with one errno.
     *
     * @param errno the code; codes numbered 128 and above share one counter.
     * @return count.
     */
    public long errors(final Errno errno)
    {
        return read(RingDescriptor.errorCountOffset(errno.number()), 0);
    }

    /**
     * Every non-zero error count, by errno, for {@code stat}.
     *
     * @return errno to count, in errno order.
     */
    public java.util.Map<Errno, Long> errorsByErrno()
    {
        final java.util.Map<Errno, Long> counts = new java.util.LinkedHashMap<>();
        for (final Errno errno : Errno.values())
        {
            if (errno.number() > 0 && errno.number() < RingDescriptor.ERROR_COUNT_SLOTS)
            {
                final long count = errors(errno);
                if (0 != count)
                {
                    counts.put(errno, count);
                }
            }
        }
        final long other = read(RingDescriptor.errorCountOffset(0), 0);
        if (0 != other)
        {
            counts.put(Errno.EUNKNOWN, other);
        }
        return counts;
    }

    /**
     * Times the client slept on its doorbell.
     *
     * @return count.
     */
    public long clientSleeps()
    {
        return read(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.SLEEPS_OFFSET);
    }

    /**
     * Times the server slept on its doorbell.
     *
     * @return count.
     */
    public long serverSleeps()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.SLEEPS_OFFSET);
    }

    /**
     * Wake-ups the client sent the server.
     *
     * @return count.
     */
    public long clientWakeups()
    {
        return read(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.WAKEUPS_OFFSET);
    }

    /**
     * Wake-ups the server sent the client.
     *
     * @return count.
     */
    public long serverWakeups()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.WAKEUPS_OFFSET);
    }

    /**
     * Times the client found the SQ full.
     *
     * @return count.
     */
    public long sqFullEvents()
    {
        return read(RingDescriptor.CLIENT_COUNTERS_OFFSET, CountersDescriptor.FULL_EVENTS_OFFSET);
    }

    /**
     * Times the server found the CQ full (completions waited; none was dropped).
     *
     * @return count.
     */
    public long cqFullEvents()
    {
        return read(RingDescriptor.SERVER_COUNTERS_OFFSET, CountersDescriptor.FULL_EVENTS_OFFSET);
    }

    /**
     * Operations submitted and not yet completed, as seen now.
     *
     * @return count.
     */
    public long inFlight()
    {
        return submitted() - completed();
    }

    @Override
    public String toString()
    {
        return "RingCounters{submitted=" + submitted() + ", taken=" + taken() + ", completed=" + completed() +
            ", reaped=" + reaped() + ", errors=" + errors() + ", clientSleeps=" + clientSleeps() +
            ", serverSleeps=" + serverSleeps() + ", clientWakeups=" + clientWakeups() +
            ", serverWakeups=" + serverWakeups() + ", sqFull=" + sqFullEvents() + ", cqFull=" + cqFullEvents() + "}";
    }
}
