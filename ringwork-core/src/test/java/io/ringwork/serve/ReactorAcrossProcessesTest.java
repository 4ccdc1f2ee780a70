package io.ringwork.serve;

import io.ringwork.AsyncIo;
import io.ringwork.Completion;
import io.ringwork.Errno;
import io.ringwork.RingReactor;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.VerbFlags;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * One reactor over three rings: its runtime's, and two attached to schemes served by two other JVMs.
 */
class ReactorAcrossProcessesTest
{
    private final ShmDirectory dir = ShmDirectory.create();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    @Test
    void shouldDriveThreeRingsToTwoProcessesAndFailOnlyTheDeadOnesOperations() throws Exception
    {
        final ChildJvm first = ChildJvm.start(StoreServerMain.class, dir.path().toString(), "alpha", "sleep", "1");
        final ChildJvm second = ChildJvm.start(StoreServerMain.class, dir.path().toString(), "beta", "sleep", "1");
        final SchemeConnectionOptions options = SchemeConnectionOptions.defaults().withDirectory(dir.path());
        try (Ringwork runtime = Ringwork.start();
            RingReactor reactor = RingReactor.start(runtime))
        {
            first.awaitOutput("published", 60, TimeUnit.SECONDS);
            second.awaitOutput("published", 60, TimeUnit.SECONDS);
            try (SchemeConnection alphaConnection = SchemeConnection.connect("alpha", options);
                SchemeConnection betaConnection = SchemeConnection.connect("beta", options))
            {
                final AsyncIo alpha = reactor.attach(alphaConnection);
                final AsyncIo beta = reactor.attach(betaConnection);
                final AsyncIo local = reactor.io();
                final int rw = VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE;
                final long a = alpha.open("alpha:k", rw).get(20, TimeUnit.SECONDS);
                final long b = beta.open("beta:k", rw).get(20, TimeUnit.SECONDS);
                final long m = local.open("mem:k", rw).get(20, TimeUnit.SECONDS);
                final List<CompletableFuture<Long>> writes = new ArrayList<>();
                for (int i = 0; i < 100; i++)
                {
                    writes.add(alpha.write(a, bytes("alpha-" + i), i * 8L));
                    writes.add(beta.write(b, bytes("beta--" + i), i * 8L));
                    writes.add(local.write(m, bytes("local-" + i), i * 8L));
                }
                for (final CompletableFuture<Long> write : writes)
                {
                    write.get(20, TimeUnit.SECONDS);
                }
                assertEquals("alpha-99", read(alpha, a, 99 * 8L));
                assertEquals("beta--42", read(beta, b, 42 * 8L));
                assertEquals("local-7", read(local, m, 7 * 8L).substring(0, 7));
                final Completion peer = alpha.call(StoreScheme.PEER, a, 0, 0, 0, 0).get(20, TimeUnit.SECONDS);
                assertEquals(ProcessHandle.current().pid(), peer.result());

                final CompletableFuture<Completion> parked = beta.call(StoreScheme.PARK, b, 0, 0, 0, 0);
                second.kill();
                final Completion gone = parked.get(10, TimeUnit.SECONDS);
                assertEquals(Errno.EPIPE, gone.errno(), "the dead server's operation fails");
                final CompletionException later = assertThrows(CompletionException.class,
                    () -> beta.read(b, ByteBuffer.allocate(8), 0).join());
                assertEquals(Errno.EPIPE, assertInstanceOf(RingworkException.class, later.getCause()).errno());
                assertEquals("alpha-98", read(alpha, a, 98 * 8L), "the other rings carry on");
                assertEquals("local-9", read(local, m, 9 * 8L).substring(0, 7));
            }
        }
        finally
        {
            first.close();
            second.close();
        }
    }

    private static ByteBuffer bytes(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(final AsyncIo io, final long handle, final long position) throws Exception
    {
        final ByteBuffer dst = ByteBuffer.allocate(8);
        final long n = io.read(handle, dst, position).get(20, TimeUnit.SECONDS);
        return new String(dst.array(), 0, (int)n, StandardCharsets.UTF_8);
    }
}
