package io.ringwork.internal.dispatch;

/**
 * The handle numbers of one ring, like a process's file descriptor table: numbers from 1 (0 is never a handle, so a
 * forgotten register load fails with EBADF instead of hitting someone's file) up to the configured maximum. A number
 * is reserved while its OPEN is in flight and installed when the scheme answers. Freed numbers are reused most
 * recently freed first. Dispatcher thread only; for a client in this process every change is mirrored into the
 * ring's {@link InlineReadTable}, which client threads read.
 */
final class HandleTable
{
    private static final OpenResource RESERVED = new OpenResource(null, 0);

    private final OpenResource[] slots;
    private final int[] free;
    /** Null when the client is another process. */
    private final InlineReadTable inlineReads;
    private int freeCount;

    HandleTable(final int maxHandles, final boolean mirrorInlineReads)
    {
        slots = new OpenResource[maxHandles + 1];
        inlineReads = mirrorInlineReads ? new InlineReadTable(maxHandles) : null;
        free = new int[maxHandles];
        for (int i = 0; i < maxHandles; i++)
        {
            free[i] = maxHandles - i;
        }
        freeCount = maxHandles;
    }

    /**
     * The client-side view of the handles that can be read without the ring.
     *
     * @return the table, written as this one changes; null if there is no mirror.
     */
    InlineReadTable inlineReads()
    {
        return inlineReads;
    }

    /**
     * Reserves a number for an OPEN in flight.
     *
     * @return the number, or -1 if all are taken.
     */
    int reserve()
    {
        if (0 == freeCount)
        {
            return -1;
        }
        final int handle = free[--freeCount];
        slots[handle] = RESERVED;
        return handle;
    }

    void install(final int handle, final OpenResource resource)
    {
        slots[handle] = resource;
        publish(handle, resource);
    }

    void unreserve(final int handle)
    {
        if (RESERVED == slots[handle])
        {
            slots[handle] = null;
            free[freeCount++] = handle;
        }
    }

    /**
     * A new number for a resource (DUP).
     *
     * @param resource already open.
     * @return the number, or -1 if all are taken.
     */
    int add(final OpenResource resource)
    {
        final int handle = reserve();
        if (handle > 0)
        {
            slots[handle] = resource;
            publish(handle, resource);
        }
        return handle;
    }

    /**
     * The resource of a number from an SQE, which may be anything.
     *
     * @param handle the raw argument.
     * @return the resource, or null if the number is not an open handle.
     */
    OpenResource get(final long handle)
    {
        if (handle <= 0 || handle >= slots.length)
        {
            return null;
        }
        final OpenResource resource = slots[(int)handle];
        return RESERVED == resource ? null : resource;
    }

    /**
     * Frees a number (CLOSE).
     *
     * @param handle the raw argument.
     * @return the resource it stood for, or null if it was not open.
     */
    OpenResource remove(final long handle)
    {
        final OpenResource resource = get(handle);
        if (null != resource)
        {
            retract((int)handle);
            slots[(int)handle] = null;
            free[freeCount++] = (int)handle;
        }
        return resource;
    }

    /**
     * Closes every number, at shutdown.
     */
    void closeAll()
    {
        for (int i = 1; i < slots.length; i++)
        {
            final OpenResource resource = slots[i];
            if (null != resource && RESERVED != resource)
            {
                retract(i);
                slots[i] = null;
                resource.release();
            }
        }
    }

    private void publish(final int handle, final OpenResource resource)
    {
        if (null != inlineReads)
        {
            inlineReads.publish(handle, resource);
        }
    }

    private void retract(final int handle)
    {
        if (null != inlineReads)
        {
            inlineReads.retract(handle);
        }
    }
}
