package io.ringwork.cli;

import io.ringwork.Errno;
import io.ringwork.Ring;
import io.ringwork.RingOptions;
import io.ringwork.ServedRing;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
