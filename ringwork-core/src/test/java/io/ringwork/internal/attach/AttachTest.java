package io.ringwork.internal.attach;

import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.RingworkException;
import io.ringwork.ServedRing;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttachTest
{
    private static final long SECOND = 1_000_000_000L;

    private final ShmDirectory dir = ShmDirectory.create();

    @AfterEach
    void cleanUp()
    {
        dir.close();
    }

    @Test
    void shouldAttachAVerifiedRingAndReportTheClientLeaving() throws Exception
    {
        final AtomicReference<AttachServer.AttachRequest> seen = new AtomicReference<>();
        final CountDownLatch gone = new CountDownLatch(1);
        try (AttachServer server = AttachServer.listen(dir.resolve("kv.sock"), AttachServer.sameUser(), request ->
        {
            seen.set(request);
            return gone::countDown;
        });
            Ring ring = Ring.createShared(dir.resolve("client.ring"), RingOptions.defaults().withEntries(4, 4)))
        {
            final AttachClient client = AttachClient.connect(server.socketPath(), dir.resolve("client.ring"), null,
                () ->
                {
                });
            assertEquals(ProcessHandle.current().pid(), client.serverPid());
            assertEquals(dir.resolve("client.ring"), seen.get().ringFile());
            assertEquals(ProcessHandle.current().pid(), seen.get().clientPid());
            assertEquals(System.getProperty("user.name"), seen.get().user().getName());
            client.close();
            assertTrue(gone.await(10, TimeUnit.SECONDS), "the server never learned the client left");
        }
    }

    @Test
    void shouldRefuseAUserThePolicyDoesNotAllow()
    {
        try (AttachServer server = AttachServer.listen(dir.resolve("strict.sock"), user -> false, request ->
            () ->
            {
            });
            Ring ring = Ring.createShared(dir.resolve("c.ring"), RingOptions.defaults().withEntries(4, 4)))
        {
            final RingworkException ex = assertThrows(RingworkException.class, () ->
                AttachClient.connect(server.socketPath(), dir.resolve("c.ring"), null, () ->
                {
                }));
            assertEquals(Errno.EACCES, ex.errno());
            assertTrue(ex.getMessage().contains("may not attach"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseARingFileOthersCouldRead() throws Exception
    {
        final Path loose = dir.resolve("loose.ring");
        Files.createFile(loose, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        try (AttachServer server = AttachServer.listen(dir.resolve("s.sock"), AttachServer.sameUser(), request ->
            () ->
            {
            }))
        {
            final RingworkException ex = assertThrows(RingworkException.class, () ->
                AttachClient.connect(server.socketPath(), loose, null, () ->
                {
                }));
            assertEquals(Errno.EACCES, ex.errno());
            assertTrue(ex.getMessage().contains("rw-r--r--"), ex.getMessage());
        }
    }

    @Test
    void shouldRefuseAMissingRingFileAndSendTheHandlersRefusal()
    {
        try (AttachServer server = AttachServer.listen(dir.resolve("s.sock"), AttachServer.sameUser(), request ->
        {
            throw new RingworkException(Errno.EBUSY, "too many clients");
        });
            Ring ring = Ring.createShared(dir.resolve("c.ring"), RingOptions.defaults().withEntries(4, 4)))
        {
            final RingworkException missing = assertThrows(RingworkException.class, () ->
                AttachClient.connect(server.socketPath(), dir.resolve("nope.ring"), null, () ->
                {
                }));
            assertEquals(Errno.ENOENT, missing.errno());
            final RingworkException busy = assertThrows(RingworkException.class, () ->
                AttachClient.connect(server.socketPath(), dir.resolve("c.ring"), null, () ->
                {
                }));
            assertEquals(Errno.EBUSY, busy.errno());
            assertTrue(busy.getMessage().contains("too many clients"), busy.getMessage());
        }
    }

    @Test
    void shouldAnswerAGarbageHelloWithEprotoAndKeepServing() throws Exception
    {
        try (AttachServer server = AttachServer.listen(dir.resolve("s.sock"), AttachServer.sameUser(), request ->
            () ->
            {
            });
            Ring ring = Ring.createShared(dir.resolve("c.ring"), RingOptions.defaults().withEntries(4, 4)))
        {
            try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX))
            {
                raw.connect(UnixDomainSocketAddress.of(server.socketPath()));
                raw.write(ByteBuffer.wrap(new byte[AttachDescriptor.HELLO_HEADER_LENGTH]));
                assertEquals(Errno.EPROTO, AttachDescriptor.readReply(raw).errno());
            }
            AttachClient.connect(server.socketPath(), dir.resolve("c.ring"), null, () ->
            {
            }).close();
        }
    }

    @Test
    void shouldReportNoSchemeWhenNothingListens()
    {
        final RingworkException ex = assertThrows(RingworkException.class, () ->
            AttachClient.connect(dir.resolve("absent.sock"), dir.resolve("c.ring"), null, () ->
            {
            }));
        assertEquals(Errno.ENOENT, ex.errno());
    }

    @Test
    void shouldRefuseToPublishTwiceAtOnePath()
    {
        try (AttachServer first = AttachServer.listen(dir.resolve("one.sock"), AttachServer.sameUser(), r -> () ->
        {
        }))
        {
            final RingworkException ex = assertThrows(RingworkException.class, () ->
                AttachServer.listen(first.socketPath(), AttachServer.sameUser(), r -> () ->
                {
                }));
            assertEquals(Errno.EADDRINUSE, ex.errno());
        }
    }

    @Test
    void shouldEndTheClientsWaitsWhenTheServerCloses()
    {
        try (Ring ring = Ring.createShared(dir.resolve("c.ring"), RingOptions.defaults().withEntries(4, 4)))
        {
            final AttachServer server = AttachServer.listen(dir.resolve("s.sock"), AttachServer.sameUser(),
                r -> () ->
                {
                });
            try (AttachClient client = AttachClient.connect(server.socketPath(), dir.resolve("c.ring"), null,
                ring::markPeerClosed))
            {
                server.close();
                assertEquals(Ring.PEER_CLOSED, ring.awaitCqes(1, 30 * SECOND));
            }
        }
    }

    @Test
    void shouldTellTheServerWhenAClientProcessIsKilled() throws Exception
    {
        final CountDownLatch gone = new CountDownLatch(1);
        final AtomicReference<ServedRing> served = new AtomicReference<>();
        try (AttachServer server = AttachServer.listen(dir.resolve("s.sock"), AttachServer.sameUser(), request ->
        {
            final ServedRing ring = ServedRing.attach(request.ringFile(), RingOptions.defaults());
            served.set(ring);
            return () ->
            {
                ring.markPeerClosed();
                gone.countDown();
            };
        });
            ChildJvm child = ChildJvm.start(AttachingClient.class, server.socketPath().toString(),
                dir.resolve("child.ring").toString()))
        {
            child.awaitOutput("attached", 60, TimeUnit.SECONDS);
            child.kill();
            assertTrue(gone.await(10, TimeUnit.SECONDS), "the killed client was not noticed");
            assertEquals(ServedRing.PEER_CLOSED, served.get().awaitSqes(SECOND));
            served.get().close();
        }
    }

    /**
     * A client process that attaches and then waits to be killed.
     */
    static final class AttachingClient
    {
        private AttachingClient()
        {
        }

        public static void main(final String[] args) throws InterruptedException
        {
            final Ring ring = Ring.createShared(Path.of(args[1]), RingOptions.defaults().withEntries(4, 4));
            final AttachClient client = AttachClient.connect(Path.of(args[0]), Path.of(args[1]), null, () ->
            {
            });
            System.out.println("attached to " + client.serverPid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
            ring.close();
        }
    }
}
