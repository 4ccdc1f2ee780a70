package io.ringwork.internal.dispatch;

import io.ringwork.scheme.PollWatcher;

/**
 * The watcher a POLL registers with a scheme's handle, stamped with the op's generation so a scheme that calls it
 * after the poll ended cannot disturb the op's next use beyond a harmless re-check.
 */
final class PollRegistration implements PollWatcher
{
    private final Op op;
    private final int generation;

    PollRegistration(final Op op)
    {
        this.op = op;
        this.generation = op.generation;
    }

    @Override
    public void changed()
    {
        if (op.generation == generation)
        {
            op.handBack(Op.REASON_POLL);
        }
    }
}
