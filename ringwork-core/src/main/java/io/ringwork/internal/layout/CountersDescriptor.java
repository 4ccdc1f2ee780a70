package io.ringwork.internal.layout;

/**
 * The two counter blocks of a ring: one written only by the client, one written only by the server. Each counter is
 * a 64-bit word updated with an opaque store by its single writer and read with an opaque load by anyone, so a
 * reader sees each counter's newest value without tearing, and no counter costs a read-modify-write.
 * <pre>
 *   Client block (at RingDescriptor.CLIENT_COUNTERS_OFFSET)   Server block (at SERVER_COUNTERS_OFFSET)
 *   +----------------------------------+  0                   +----------------------------------+  0
 *   | Produced: SQEs submitted (u64)   |                      | Produced: CQEs published (u64)   |
 *   +----------------------------------+  8                   +----------------------------------+  8
 *   | Consumed: CQEs reaped (u64)      |                      | Consumed: SQEs taken (u64)       |
 *   +----------------------------------+ 16                   +----------------------------------+ 16
 *   | Sleeps on the doorbell (u64)     |                      | Sleeps on the doorbell (u64)     |
 *   +----------------------------------+ 24                   +----------------------------------+ 24
 *   | Wake-ups sent to the peer (u64)  |                      | Wake-ups sent to the peer (u64)  |
 *   +----------------------------------+ 32                   +----------------------------------+ 32
 *   | SQ-full events (u64)             |                      | CQ-full events (u64)             |
 *   +----------------------------------+ 40                   +----------------------------------+ 40
 *   | Reserved to 128                  |                      | Error CQEs published (u64)       |
 *   +----------------------------------+                      +----------------------------------+ 48
 *                                                             | Reserved to 128                  |
 *                                                             +----------------------------------+
 * </pre>
 */
public final class CountersDescriptor
{
    /** Entries this side published into the queue it produces: SQEs for the client, CQEs for the server. */
    public static final int PRODUCED_OFFSET = 0;
    /** Entries this side took from the queue it consumes: CQEs for the client, SQEs for the server. */
    public static final int CONSUMED_OFFSET = 8;
    /** Times this side slept on its doorbell. */
    public static final int SLEEPS_OFFSET = 16;
    /** Times this side made a wake-up call for the peer. */
    public static final int WAKEUPS_OFFSET = 24;
    /** Client: SQ found full. Server: CQ found full. */
    public static final int FULL_EVENTS_OFFSET = 32;
    /** Server only: CQEs published with a non-zero error. */
    public static final int ERRORS_OFFSET = 40;

    private CountersDescriptor()
    {
    }
}
