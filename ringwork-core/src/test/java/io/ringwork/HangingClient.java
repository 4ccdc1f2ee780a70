package io.ringwork;

import java.nio.file.Path;

/**
 * A client process that creates a ring, submits a few entries, and then does nothing until it is killed: the test
 * kills it to check that the server notices the death instead of waiting forever.
 */
final class HangingClient
{
    private HangingClient()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Ring ring = Ring.createShared(Path.of(args[0]), RingOptions.defaults().withEntries(8, 8));
        System.out.println("created");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
        ring.close();
    }
}
