package io.ringwork.internal.dispatch;

import io.ringwork.Errno;
import io.ringwork.Sqe;
import io.ringwork.internal.layout.SqeDescriptor;
import io.ringwork.internal.schemes.NativeLinks;
import io.ringwork.scheme.Request;

/**
 * Turns the start of a chain into one native run: when a chain member's turn comes and it and the members after it
 * are transfers at explicit positions (or FSYNCs) on handles of one kernel ring ({@link NativeLinks}), without
 * register loads, they are resolved now and handed to the scheme together, to become linked SQEs submitted at once.
 * The first member that does not qualify ends the run; it is dispatched step by step when its turn comes. The head is
 * an ordinary operation with its scheme; the others are {@link Op#LINKED} until their turn, which
 * {@link Dispatcher#complete} gives them in chain order as ever. Dispatcher thread only; allocates nothing.
 */
final class NativeRuns
{
    private static final int LOAD_MASK = (1 << (SqeDescriptor.REGISTER_SPEC_BITS * SqeDescriptor.ARG_COUNT)) - 1;

    private final Verbs verbs;
    private final HandleTable table;
    private final Request[] members;
    private final NativeLinks[] handles;
    private final int[] modes;

    NativeRuns(final Verbs verbs, final HandleTable table, final int capacity)
    {
        this.verbs = verbs;
        this.table = table;
        this.members = new Request[capacity];
        this.handles = new NativeLinks[capacity];
        this.modes = new int[capacity];
    }

    /**
     * Hands {@code head} and the qualifying members after it to their scheme as one run.
     *
     * @param head a chain member being dispatched (registers loaded, timer armed) that links to a next member.
     * @return false, with nothing changed, when fewer than two members qualify: dispatch {@code head} as usual.
     */
    boolean tryStart(final Op head)
    {
        if (Op.CHAINED != head.next.phase)
        {
            return false;
        }
        // Cheap refusals first: most chains that do not become runs should cost no resolution twice.
        final OpenResource resource = table.get(head.args[0]);
        if (null == resource || !(resource.handle instanceof NativeLinks leader) || !leader.leads(head.opcode))
        {
            return false;
        }
        final NativeLinks first = verbs.resolveLinked(head);
        if (null == first)
        {
            return false;
        }
        final Object domain = first.linkDomain();
        final int limit = Math.min(members.length, first.maxLinked());
        members[0] = head;
        handles[0] = first;
        int count = 1;
        if (null != domain)
        {
            for (Op member = head.next; null != member && count < limit; member = member.next)
            {
                if (Op.CHAINED != member.phase || 0 != member.cancelRequested || 0 != member.presetError ||
                    0 != (member.specs & LOAD_MASK))
                {
                    break;
                }
                final NativeLinks links = verbs.resolveLinked(member);
                if (null == links)
                {
                    break;
                }
                if (domain != links.linkDomain())
                {
                    verbs.release(member);
                    break;
                }
                members[count] = member;
                handles[count] = links;
                count++;
                if (!member.linksNext)
                {
                    break;
                }
            }
        }
        if (count < 2)
        {
            verbs.release(head);
            clear(count);
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            final Op member = (Op)members[i];
            int mode = member.dataOnly ? NativeLinks.DATA_ONLY : 0;
            if (i < count - 1)
            {
                mode |= 0 != (member.flags & Sqe.HARDLINK) ? NativeLinks.HARDLINK : NativeLinks.LINK;
            }
            modes[i] = mode;
            member.phase = 0 == i ? Op.WITH_SCHEME : Op.LINKED;
            member.schemeState(Op.SCHEME_SUBMITTED);
        }
        try
        {
            first.submitLinked(members, handles, modes, count);
        }
        catch (final RuntimeException ex)
        {
            // The contract says it does not throw; if it did, nothing was handed over: each member fails as a
            // scheme that throws fails an operation, the last first so the chain finds every result in.
            for (int i = count - 1; i >= 0; i--)
            {
                final Op member = (Op)members[i];
                final int state = member.schemeState();
                if (Op.SCHEME_SUBMITTED == state || Op.SCHEME_RUNNING == state)
                {
                    member.fail(Errno.EIO);
                }
            }
        }
        clear(count);
        return true;
    }

    private void clear(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            members[i] = null;
            handles[i] = null;
        }
    }
}
