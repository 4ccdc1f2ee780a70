package io.ringwork.scheme;

/**
 * Who sent a request: the process on the client end of the ring, as the kernel vouched for it when the ring was
 * attached ({@code SO_PEERCRED} on the attach socket), or this process for a ring of an in-process runtime. A scheme
 * uses it to decide what the client may open.
 *
 * @param pid  the client's process id.
 * @param user the client's user name.
 */
public record Peer(long pid, String user)
{
    private static final Peer SELF = new Peer(ProcessHandle.current().pid(), System.getProperty("user.name", ""));

    /**
     * This process, for rings served in it.
     *
     * @return the peer.
     */
    public static Peer self()
    {
        return SELF;
    }

    /**
     * Whether the client is this process.
     *
     * @return true for an in-process ring.
     */
    public boolean isSelf()
    {
        return SELF.pid == pid;
    }
}
