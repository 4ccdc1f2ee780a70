package io.ringwork.serve;

import io.ringwork.RingOptions;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.Sqe;

import java.nio.file.Path;

/**
 * A second JVM that attaches to a store scheme, parks {@code count} operations in it, prints its ring and pool
 * paths, and waits to be killed: {@code <directory> <name> <count>}.
 */
public final class ParkingClientMain
{
    private ParkingClientMain()
    {
    }

    /**
     * Attaches, parks and waits.
     *
     * @param args directory, name, count.
     * @throws InterruptedException never in practice.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int count = Integer.parseInt(args[2]);
        final SchemeConnection connection = SchemeConnection.connect(args[1], SchemeConnectionOptions.defaults()
            .withDirectory(Path.of(args[0])).withRing(RingOptions.defaults().withEntries(4096, 16384)));
        final long handle = ServeTestSupport.open(connection, args[1] + ":parking");
        int submitted = 0;
        while (submitted < count)
        {
            final Sqe sqe = connection.ring().getSqe();
            if (null == sqe)
            {
                connection.ring().submit();
                connection.ring().awaitSqSpace(1, 1_000_000_000L);
                continue;
            }
            sqe.prepUser(StoreScheme.PARK, handle, 0, 0, 0, 0).userData(submitted++);
        }
        connection.ring().submit();
        System.out.println("submitted " + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
