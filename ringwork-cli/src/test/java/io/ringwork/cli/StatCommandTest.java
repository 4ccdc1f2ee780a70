package io.ringwork.cli;

import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.internal.layout.RingDescriptor;
import io.ringwork.testsupport.ChildJvm;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatCommandTest
{
    @Test
    void shouldReportLiveCountersAndErrorsByErrnoOfARingFile()
    {
        try (ShmDirectory dir = ShmDirectory.create();
            Ring ring = Ring.createShared(dir.resolve("stat.ring"), RingOptions.defaults().withEntries(8, 8));
            ServedRing served = ServedRing.attach(dir.resolve("stat.ring"), RingOptions.defaults()))
        {
            for (int i = 0; i < 3; i++)
            {
                ring.getSqe().prepNop().userData(i);
            }
            ring.submit();
            served.forEachSqe(sqe -> served.postCqe(sqe.userData(), 0,
                sqe.userData() == 1 ? Errno.EBADF.number() : 0, sqe.opcode(), 0, 0), 8);
            served.publishCqes();

            final String json = run("stat", "--json", dir.path().toString());
            assertTrue(json.startsWith("[{\"path\":"), json);
            assertTrue(json.contains("\"submitted\":3"), json);
            assertTrue(json.contains("\"completed\":3"), json);
            assertTrue(json.contains("\"cq_depth\":3"), json);
            assertTrue(json.contains("\"errors_by_errno\":{\"EBADF\":1}"), json);
            assertTrue(json.contains("\"server_pid\":" + ProcessHandle.current().pid()), json);

            final String table = run("stat", "--count", "1", dir.path().toString());
            assertTrue(table.contains("errors by errno: EBADF=1"), table);
            assertTrue(table.contains("[open]"), table);
        }
    }

    @Test
    void shouldFindTheRingOfAnotherProcessDeepUnderTheDirectory() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create())
        {
            final Path nested = dir.path().resolve("ringwork").resolve("kv").resolve("clients").resolve("c1.ring");
            try (ChildJvm child = ChildJvm.start(StatRingChild.class, nested.toString()))
            {
                child.awaitOutput("ready", 30, TimeUnit.SECONDS);
                final String json = run("stat", "--json", dir.path().toString());
                assertTrue(json.contains("\"path\":\"" + nested + "\""), json);
                assertTrue(json.contains("\"client_pid\":" + child.pid()), json);
                assertTrue(json.contains("\"submitted\":4"), json);
                assertTrue(json.contains("\"completed\":4"), json);
                assertTrue(json.contains("\"in_flight\":0"), json);
                assertTrue(json.contains("\"errors\":3"), json);
                assertTrue(json.contains("\"errors_by_errno\":{\"ENOENT\":1,\"EBADF\":2}"), json);

                final String table = run("stat", "--count", "2", "--interval", "0.05", dir.path().toString());
                assertTrue(table.contains(nested + "  [open]"), table);
                assertTrue(table.contains("in-flight=0"), table);
                assertTrue(table.contains("waits (doorbell sleeps) client="), table);
                assertTrue(table.contains("errors by errno: ENOENT=1 EBADF=2"), table);
                assertTrue(table.contains("submit/s="), "the second refresh shows rates: " + table);
            }
        }
    }

    @Test
    void shouldSkipFilesThatVanishedAndNameFilesThatAreNotReadableRings() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create();
            Ring ring = Ring.createShared(dir.resolve("live.ring"), RingOptions.defaults().withEntries(8, 8)))
        {
            // A file that starts with the ring magic but is cut short: found, then refused when mapped.
            final ByteBuffer magic = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            magic.putLong(0, RingDescriptor.MAGIC);
            Files.write(dir.resolve("torn.ring"), magic.array());

            final String json = run("stat", "--json", dir.path().toString(), dir.resolve("gone.ring").toString());
            assertTrue(json.contains("live.ring"), json);
            assertFalse(json.contains("torn.ring"), json);
            assertFalse(json.contains("gone.ring"), json);

            final String table = run("stat", "--count", "1", dir.path().toString());
            assertTrue(table.contains("2 ring(s)"), table);
            assertTrue(table.contains("torn.ring  (unreadable: "), table);
            assertEquals(0L, ring.counters().submitted());
        }
    }

    @Test
    void shouldPrintAnEmptyListWhenThereAreNoRings()
    {
        try (ShmDirectory dir = ShmDirectory.create())
        {
            assertEquals("[]", run("stat", "--json", dir.path().toString()).trim());
        }
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(0, new CommandLine(new RingworkCli()).execute(args));
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
