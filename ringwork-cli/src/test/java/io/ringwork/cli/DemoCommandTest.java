package io.ringwork.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest
{
    @Test
    void shouldTalkToServeKvInASecondProcessAndFailAtOnceAfterItsSigterm() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int status = new KvDemo(new PrintWriter(out, true), new PrintWriter(err, true)).run(100_000_000L);

        final String text = out.toString();
        assertEquals(0, status, text + err);
        assertTrue(text.contains("  get greeting -> \"hello from another JVM\""), text);
        assertTrue(text.contains("  delete colour -> true, again -> false"), text);
        assertTrue(text.contains("  get colour -> (absent)"), text);
        assertTrue(text.contains("  keys -> [answer, greeting]"), text);
        assertTrue(text.contains("    get  n="), text);
        assertTrue(text.contains("    nop  n="), text);
        assertTrue(text.contains("x the NOP round trip on the same ring"), text);
        assertTrue(text.contains("stopped kv: closed gracefully with 1 client(s) attached, 2 key(s) dropped"), text);
        assertTrue(text.contains("the pending TIMEOUT completed with ECANCELED"), text);
        assertTrue(text.contains("the next get failed with EPIPE"), text);
        assertFalse(Files.exists(Path.of("/dev/shm/ringwork-demo-" + ProcessHandle.current().pid() + "-kv")),
            "the demo cleans up");
    }

    @Test
    void shouldDoubleTheTempFileThroughOneChainWhenTheDemoRunsItsFileChain() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int status = DemoCommand.fileChain(new PrintWriter(out, true), new PrintWriter(err, true));

        final ExecRun run = new ExecRun(status, out.toString(), err.toString());
        assertEquals(0, status, run.err());
        assertEquals("OPEN EOK", run.outcome("open"));
        assertEquals("READ EOK", run.outcome("read"));
        assertEquals("SEEK EOK", run.outcome("seek"));
        assertEquals("WRITE EOK", run.outcome("write"));
        assertEquals("CLOSE EOK", run.outcome("close"));
        assertEquals(27, run.result("read"));
        assertEquals(27, run.result("seek"));
        assertTrue(run.out().contains("file: backend: io_uring") || run.out().contains("file: backend: nio"),
            run.out());
        assertTrue(run.out().contains("the file now holds: one ring to bring them all\\none ring to bring them all\\n"),
            run.out());
    }
}
