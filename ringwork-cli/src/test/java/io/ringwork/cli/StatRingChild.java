package io.ringwork.cli;

import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.ServedRing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second process for {@link StatCommandTest}: creates a ring file at the given path, serves four NOPs on it (two
 * completing with EBADF, one with ENOENT), prints {@code ready} and keeps the ring mapped until it is killed.
 */
public final class StatRingChild
{
    private StatRingChild()
    {
    }

    /**
     * Runs the child.
     *
     * @param args the ring file's path.
     * @throws Exception on any failure, which ends the child.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        try (Ring ring = Ring.createShared(file, RingOptions.defaults().withEntries(8, 8));
            ServedRing served = ServedRing.attach(file, RingOptions.defaults()))
        {
            for (int i = 0; i < 4; i++)
            {
                ring.getSqe().prepNop().userData(i);
            }
            ring.submit();
            served.forEachSqe(sqe -> served.postCqe(sqe.userData(), 0, switch ((int)sqe.userData())
            {
                case 1, 2 -> Errno.EBADF.number();
                case 3 -> Errno.ENOENT.number();
                default -> 0;
            }, sqe.opcode(), 0, 0), 8);
            served.publishCqes();
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
