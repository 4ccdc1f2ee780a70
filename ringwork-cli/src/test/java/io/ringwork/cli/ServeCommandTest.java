package io.ringwork.cli;

import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.Ringwork;
import io.ringwork.RingworkException;
import io.ringwork.RingworkOptions;
import io.ringwork.SchemeConnection;
import io.ringwork.SchemeConnectionOptions;
import io.ringwork.buffer.BufferPool;
import io.ringwork.buffer.BufferPoolOptions;
import io.ringwork.examples.kv.KvClient;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringwork serve kv} in a real second JVM, with clients in this one connecting through
 * {@link SchemeConnection}, and stopped with SIGTERM as an operator would.
 */
class ServeCommandTest
{
    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldServeOneStoreToSeveralClientsAndFailTheirNextCallWithEpipeAfterSigterm() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create();
            ChildJvm server = ChildJvm.start(RingworkCli.class, "serve", "kv", "--dir", dir.path().toString()))
        {
            server.awaitOutput(ServeCommand.SERVING + "kv at " + dir.resolve("kv.sock"), 30, TimeUnit.SECONDS);
            final SchemeConnectionOptions options = SchemeConnectionOptions.defaults().withDirectory(dir.path());
            try (SchemeConnection first = SchemeConnection.connect("kv", options);
                SchemeConnection second = SchemeConnection.connect("kv", options);
                KvClient a = new KvClient(first.ring(), first.pool());
                KvClient b = new KvClient(second.ring(), second.pool()))
            {
                assertEquals(server.pid(), first.serverPid());
                a.put("colour", utf8("blue"));
                a.put("shape", utf8("round"));
                assertArrayEquals(utf8("blue"), b.get("colour"), "one store for every client");
                assertTrue(b.delete("colour"));
                assertNull(a.get("colour"));
                assertFalse(a.delete("colour"));
                assertEquals(List.of("shape"), b.keys());
                final byte[] large = new byte[KvClient.DEFAULT_MAX_VALUE_BYTES];
                large[large.length - 1] = 7;
                a.put("large", large);
                assertArrayEquals(large, b.get("large"));

                // The clients' rings, served by the other JVM, as `ringwork stat` sees them: the failed get and delete
                // above were counted by errno by the server (OPEN ENOENT, then the rest of each chain ECANCELED).
                final String stat = stat("--json", dir.path().toString());
                assertTrue(stat.contains("\"server_pid\":" + server.pid()), stat);
                assertTrue(stat.contains(dir.resolve("kv." + ProcessHandle.current().pid() + ".").toString()), stat);
                assertTrue(stat.contains("\"errors_by_errno\":{\"ENOENT\":2,\"ECANCELED\":4}"), stat);

                server.process().destroy();
                assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), server.output());
                assertTrue(server.output().contains("stopped kv: closed gracefully with 2 client(s) attached, " +
                    "2 key(s) dropped"), server.output());
                assertFalse(Files.exists(dir.resolve("kv.sock")), "the socket is removed");

                final long start = System.nanoTime();
                final RingworkException gone = assertThrows(RingworkException.class, () -> a.get("shape"));
                assertTrue(Errno.EPIPE == gone.errno() || Errno.ESHUTDOWN == gone.errno(), gone.toString());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "failed at once, not on timeout");
                assertTrue(first.isServerGone());
                assertThrows(RingworkException.class, () -> b.put("late", utf8("x")));
            }
        }
    }

    @Test
    void shouldReachServeKvThroughARuntimeThatMountsItAlongsideItsOwnSchemes() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create();
            ChildJvm server = ChildJvm.start(RingworkCli.class, "serve", "kv", "--dir", dir.path().toString());
            BufferPool pool = BufferPool.createShared(dir.resolve("runtime-pool"), BufferPoolOptions.defaults());
            Ringwork runtime = Ringwork.start(RingworkOptions.defaults(), pool);
            Ring ring = runtime.open())
        {
            server.awaitOutput(ServeCommand.SERVING, 30, TimeUnit.SECONDS);
            runtime.mountRemote("kv", dir.path());
            try (KvClient kv = new KvClient(ring, pool);
                KvClient memory = new KvClient(ring, pool, "mem", 1024, KvClient.DEFAULT_TIMEOUT_NANOS))
            {
                kv.put("remote", utf8("in the other JVM"));
                memory.put("local", utf8("in this runtime's pool"));
                assertArrayEquals(utf8("in the other JVM"), kv.get("remote"));
                assertArrayEquals(utf8("in this runtime's pool"), memory.get("local"));
                assertNull(kv.get("local"), "mem: and kv: are different stores");
                assertEquals(List.of("remote"), kv.keys());
                assertTrue(kv.delete("remote"), "the user verb KV_DELETE is forwarded");
                assertNull(kv.get("remote"));
            }
        }
    }

    private static String stat(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            final String[] all = new String[args.length + 1];
            all[0] = "stat";
            System.arraycopy(args, 0, all, 1, args.length);
            assertEquals(0, new CommandLine(new RingworkCli()).execute(all));
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRefuseASchemeItDoesNotKnow()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream original = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, new CommandLine(new RingworkCli()).execute("serve", "nosuch"));
        }
        finally
        {
            System.setErr(original);
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("no scheme named 'nosuch'; this command serves: kv"),
            bytes.toString(StandardCharsets.UTF_8));
    }
}
