package io.ringwork.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every example script of {@code docs/exec/} the way the docs say, on real files in a temporary directory.
 */
class ExecExamplesTest
{
    @TempDir
    Path root;

    @Test
    void shouldCopyAFileInOneChainWithHandlesInRegisters() throws IOException
    {
        final ExecRun run = example("copy.rw");

        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("make", "fill", "done", "open-src", "read", "open-dst", "write", "close-src",
            "close-dst"), List.copyOf(run.rows().keySet()));
        for (final String label : run.rows().keySet())
        {
            assertEquals("EOK", run.rows().get(label).get(4), run.out());
        }
        assertEquals("OPEN EOK", run.outcome("open-src"));
        assertEquals("READ EOK", run.outcome("read"));
        assertEquals("WRITE EOK", run.outcome("write"));
        assertEquals(18, run.result("read"));
        assertEquals(18, run.result("write"));
        assertEquals("hello from a ring\n", Files.readString(root.resolve("dst.txt")));
        assertTrue(run.out().contains("data (18 bytes): \"hello from a ring\\n\""), run.out());
        assertTrue(run.out().contains("R2 = 18"), run.out());
    }

    @Test
    void shouldSleepWithANopTimeoutAndDelayAChainWithATimeout()
    {
        final ExecRun run = example("sleep.rw");

        assertEquals(0, run.status(), run.err());
        assertEquals("NOP ETIMEDOUT", run.outcome("nap"));
        assertEquals("TIMEOUT EOK", run.outcome("wait"));
        assertEquals("NOP EOK", run.outcome("later"));
        final List<String> order = List.copyOf(run.rows().keySet());
        assertTrue(order.indexOf("wait") < order.indexOf("later"), run.out());
    }

    @Test
    void shouldCancelASleeperByItsLabel()
    {
        final ExecRun run = example("cancel.rw");

        assertEquals(0, run.status(), run.err());
        assertEquals("NOP ECANCELED", run.outcome("sleeper"));
        assertEquals("CANCEL EOK", run.outcome("stop"));
        assertEquals(1, run.result("stop"));
        assertEquals("CANCEL ENOENT", run.outcome("miss"));
    }

    @Test
    void shouldCancelTheRestOfALinkedChainWhenAnSqeFails()
    {
        final ExecRun run = example("broken.rw");

        assertEquals(0, run.status(), run.err());
        assertEquals("OPEN ENOENT", run.outcome("open"));
        assertEquals("READ ECANCELED", run.outcome("read"));
        assertEquals("CLOSE ECANCELED", run.outcome("close"));
        assertEquals("CLOSE EBADF", run.outcome("bad"));
        assertEquals("NOP EOK", run.outcome("after"));
    }

    @Test
    void shouldRunEveryExampleWithOneCqePerSqeWhenTheDocsListThem() throws IOException
    {
        final List<Path> scripts;
        try (Stream<Path> files = Files.list(ExecRun.EXAMPLES))
        {
            scripts = files.filter(f -> f.toString().endsWith(".rw")).sorted().toList();
        }
        final String guide = Files.readString(ExecRun.docs().resolve("exec.md"));
        assertTrue(scripts.size() >= 4, scripts.toString());
        for (final Path script : scripts)
        {
            final ExecRun run = ExecRun.of("exec", "--root", root.toString(), script.toString());
            assertEquals(0, run.status(), script + ": " + run.err());
            assertEquals("", run.err(), script.toString());
            assertTrue(guide.contains("exec/" + script.getFileName()), script + " is not in docs/exec.md");
        }
    }

    private ExecRun example(final String name)
    {
        return ExecRun.of("exec", "--root", root.toString(), ExecRun.EXAMPLES.resolve(name).toString());
    }
}
