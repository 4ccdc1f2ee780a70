package io.ringwork;

import java.nio.file.Path;

/**
 * The second process of {@link CrossProcessRingTest}: attaches to a ring file as its server, checks each SQE's
 * checksum, and answers with a CQE carrying a checksum of its own. Exits when the client closes or dies.
 * Args: ring file, {@code spin} or {@code sleep}.
 */
final class ChecksumServer
{
    private ChecksumServer()
    {
    }

    static long sqeChecksum(final long userData, final long a0, final long a1, final long a2, final long a3)
    {
        long h = userData * 0x9E3779B97F4A7C15L;
        h = Long.rotateLeft(h ^ a0, 17) * 0xBF58476D1CE4E5B9L;
        h = Long.rotateLeft(h ^ a1, 23) * 0x94D049BB133111EBL;
        h = Long.rotateLeft(h ^ a2, 31) * 0x9E3779B97F4A7C15L;
        return Long.rotateLeft(h ^ a3, 7);
    }

    static long cqeChecksum(final long userData, final long sqeSum)
    {
        return Long.rotateLeft(userData ^ sqeSum, 13) * 0xBF58476D1CE4E5B9L;
    }

    public static void main(final String[] args)
    {
        final boolean spin = "spin".equals(args[1]);
        final RingOptions options = spin ? RingOptions.defaults().spinning() : RingOptions.defaults();
        long served = 0;
        long bad = 0;
        try (ServedRing ring = ServedRing.attach(Path.of(args[0]), options))
        {
            System.out.println("attached");
            System.out.flush();
            while (true)
            {
                final int ready = ring.awaitSqes(Long.MAX_VALUE);
                if (ready < 0)
                {
                    break;
                }
                final int space = ring.awaitCqSpace(1, Long.MAX_VALUE);
                if (space < 0)
                {
                    break;
                }
                final int n = Math.min(ready, space);
                for (int i = 0; i < n; i++)
                {
                    final Sqe sqe = ring.sqeAt(i);
                    final long userData = sqe.userData();
                    final long sum = sqeChecksum(userData, sqe.arg(0), sqe.arg(1), sqe.arg(2), sqe.arg(3));
                    final boolean ok = sum == sqe.arg(4);
                    if (!ok)
                    {
                        bad++;
                    }
                    ring.postCqe(userData, cqeChecksum(userData, sum), ok ? 0 : Errno.EBADMSG.number(),
                        sqe.opcode(), 0, sum);
                }
                ring.takeSqes(n);
                ring.publishCqes();
                served += n;
            }
        }
        System.out.println("served=" + served + " bad=" + bad);
    }
}
