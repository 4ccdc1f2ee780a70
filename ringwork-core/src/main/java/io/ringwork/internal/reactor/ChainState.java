package io.ringwork.internal.reactor;

/**
 * What the steps of one chain share in the reactor: the ring registers leased for its own registers, released when
 * its last step completes, so concurrent chains on one ring never see each other's values.
 */
final class ChainState
{
    final int length;
    final int[] registerMap = new int[7];
    final int localRegisters;
    final int hardLinkMask;
    int leased;
    int remaining;

    ChainState(final int length, final int localRegisters, final int hardLinkMask)
    {
        this.length = length;
        this.localRegisters = localRegisters;
        this.hardLinkMask = hardLinkMask;
        this.remaining = length;
    }
}
