package io.ringwork.internal.dispatch;

import io.ringwork.internal.schemes.InlineReadable;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The handles of one in-process ring that its client may read on its own thread ({@link InlineReadable}), indexed by
 * handle number. The dispatcher writes it as its handle table changes (an OPEN for reading installs, DUP adds, CLOSE
 * retracts); any client thread reads it. A client that finds a handle here calls {@link InlineReadable#readNow}, which
 * is safe even if the dispatcher retracts and closes the handle at the same moment: the handle itself keeps its
 * descriptor open until the read returns.
 */
public final class InlineReadTable
{
    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(InlineReadable[].class);

    private final InlineReadable[] entries;

    InlineReadTable(final int maxHandles)
    {
        entries = new InlineReadable[maxHandles + 1];
    }

    /**
     * The handle behind a number, if its reads may be tried inline.
     *
     * @param handle a handle number from the caller, which may be anything.
     * @return the handle, or null: not open, not readable, not inline-capable, or out of range.
     */
    public InlineReadable lookup(final long handle)
    {
        if (handle <= 0 || handle >= entries.length)
        {
            return null;
        }
        // Acquire pairs with publish's release: a thread that sees the handle sees it fully constructed and open.
        return (InlineReadable)ENTRY.getAcquire(entries, (int)handle);
    }

    void publish(final int handle, final OpenResource resource)
    {
        if (resource.readable() && resource.handle instanceof InlineReadable inline && inline.readableInline())
        {
            // Release: the handle's construction happens-before any client thread that looks it up.
            ENTRY.setRelease(entries, handle, inline);
        }
    }

    void retract(final int handle)
    {
        // Release is enough: a client that still sees the old entry reads through the handle's own lease, which
        // refuses once the handle is closed; one that sees null goes through the ring and gets EBADF there.
        ENTRY.setRelease(entries, handle, null);
    }
}
