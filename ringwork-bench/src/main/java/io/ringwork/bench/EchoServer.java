package io.ringwork.bench;

import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.Sqe;
import io.ringwork.SqeHandler;

import java.nio.file.Path;

/**
 * A second process for demos and benchmarks: attaches to a ring file as its server and answers every SQE with a
 * CQE whose result is {@code arg0 + arg1} and whose extra word is {@code arg2}, so the client can check each answer.
 * It exits when the client closes the ring or dies.
 * <p>
 * Usage: {@code EchoServer <ring-file> [spin|sleep]}. {@code spin} busy-polls (lowest latency, one core busy);
 * {@code sleep} polls briefly and then sleeps on the ring's futex doorbell.
 */
public final class EchoServer implements SqeHandler
{
    private final ServedRing served;

    private EchoServer(final ServedRing served)
    {
        this.served = served;
    }

    /**
     * Runs the server.
     *
     * @param args the ring file, then {@code spin} or {@code sleep}.
     */
    public static void main(final String[] args)
    {
        final Path file = Path.of(args[0]);
        final boolean spin = args.length < 2 || "spin".equals(args[1]);
        final RingOptions options = spin ? RingOptions.defaults().spinning() : RingOptions.defaults();
        try (ServedRing served = ServedRing.attach(file, options))
        {
            System.out.println("echo server attached to " + file + " (" + (spin ? "spin" : "sleep") + ")");
            System.out.flush();
            new EchoServer(served).serve();
        }
    }

    private void serve()
    {
        final ServedRing served = this.served;
        while (true)
        {
            final int ready = served.awaitSqes(Long.MAX_VALUE);
            if (ready < 0)
            {
                return;
            }
            final int space = served.cqSpace();
            final int batch = Math.min(ready, space);
            if (batch <= 0)
            {
                if (served.awaitCqSpace(1, Long.MAX_VALUE) < 0)
                {
                    return;
                }
                continue;
            }
            served.forEachSqe(this, batch);
            served.publishCqes();
        }
    }

    @Override
    public void onSqe(final Sqe sqe)
    {
        served.postCqe(sqe.userData(), sqe.arg(0) + sqe.arg(1), 0, sqe.opcode(), 0, sqe.arg(2));
    }
}
