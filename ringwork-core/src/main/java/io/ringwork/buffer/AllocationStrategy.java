package io.ringwork.buffer;

/**
 * How the allocator picks a free block (Redox's {@code AllocationStrategy}); a fixed-offset allocation, Redox's third
 * strategy, is {@link BufferPool#allocateAt}.
 */
public enum AllocationStrategy
{
    /**
     * The most recently freed block of the request's own size class if it fits, else the first block of the first
     * class whose every block fits: best fit to within one class (1/32 of the size), in constant time. Keeps
     * fragmentation low; the default (Redox's {@code Optimal}).
     */
    BEST_FIT,

    /**
     * The first block of the first size class whose every block fits, without looking inside the request's own
     * class: the fewest steps, more fragmentation (Redox's {@code Greedy}).
     */
    FIRST_FIT
}
