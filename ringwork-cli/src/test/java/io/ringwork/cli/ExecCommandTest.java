package io.ringwork.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecCommandTest
{
    @TempDir
    Path root;

    @Test
    void shouldExitWithTwoAndSubmitNothingWhenTheScriptHasAnError() throws IOException
    {
        final Path script = write("""
            buffer path = "file:/created.txt"
            open path=path flags=WRITE|CREATE ->R0 LINK
            close handle=R0 lenght=4
            """);

        final ExecRun run = ExecRun.of("exec", "--root", root.toString(), script.toString());

        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("3:17: close has no argument 'lenght'"), run.err());
        assertTrue(run.err().contains("nothing was submitted"), run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(root.resolve("created.txt")));
    }

    @Test
    void shouldExitWithOneAndNameTheLineWhenAnSqeHasNoFinalCqeWhenTheWaitEnds() throws IOException
    {
        final ExecRun run = ExecRun.of("exec", "--wait", "1s", write("quick: nop\nslow: nop timeout=60s\n").toString());

        assertEquals(1, run.status());
        assertTrue(run.err().endsWith("no final CQE within 1000 ms for line 2 (NOP)" + System.lineSeparator()),
            run.err());
        assertEquals("NOP EOK", run.outcome("quick"));
        assertFalse(run.rows().containsKey("slow"), run.out());
    }

    @Test
    void shouldReadTheScriptFromStdinWhenNoFileIsGiven()
    {
        final InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("42: nop\n".getBytes(StandardCharsets.UTF_8)));
        try
        {
            final ExecRun run = ExecRun.of("exec");

            assertEquals(0, run.status(), run.err());
            assertTrue(run.out().lines().anyMatch(l -> l.trim().matches("42\\s+-\\s+NOP\\s+0\\s+EOK")), run.out());
        }
        finally
        {
            System.setIn(original);
        }
    }

    @Test
    void shouldPrintABufferAsHexAndAStatWhenAsked() throws IOException
    {
        Files.writeString(root.resolve("f.txt"), "0123456789abcdefXYZ");
        final ExecRun run = ExecRun.of("exec", "--root", root.toString(), write("""
            buffer path = "file:/f.txt"
            buffer data[32]
            buffer st[48]
            open path=path flags=READ ->R0 LINK
            read handle=R0 buf=data ->R1 LINK
            stat handle=R0 buf=st LINK
            close handle=R0
            print data len=R1 as hex
            print st as stat
            """).toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("data (19 bytes):"), run.out());
        assertTrue(run.out().contains("  0000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  0123456789abcdef"),
            run.out());
        assertTrue(run.out().contains("  0010  58 59 5a "), run.out());
        assertTrue(run.out().contains("st (stat): size=19 type=regular mode=0"), run.out());
    }

    @Test
    void shouldPrintEveryCqeOfASubscriptionWithMoreOnAllButTheLast() throws IOException
    {
        final ExecRun run = ExecRun.of("exec", write("tick: timeout time=1ms count=3 flags=ETIME_SUCCESS SUBSCRIBE\n")
            .toString());

        assertEquals(0, run.status(), run.err());
        assertEquals(3, run.out().lines().filter(l -> l.contains(" tick ")).count(), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.contains(" tick ") && l.endsWith(" more")).count(),
            run.out());
    }

    @Test
    void shouldPrintOnlyFailuresOfSqesThatSkipSuccessfulCqes() throws IOException
    {
        final ExecRun run = ExecRun.of("exec", write("""
            quiet: nop CQE_SKIP_SUCCESS
            loud:  nop
            bad:   close handle=77 CQE_SKIP_SUCCESS LINK
            next:  nop
            """).toString());

        assertEquals(0, run.status(), run.err());
        assertFalse(run.rows().containsKey("quiet"), run.out());
        assertEquals("NOP EOK", run.outcome("loud"));
        assertEquals("CLOSE EBADF", run.outcome("bad"));
        assertEquals("NOP ECANCELED", run.outcome("next"));
    }

    @Test
    void shouldKeepDataInMemFilesAcrossAChain() throws IOException
    {
        final ExecRun run = ExecRun.of("exec", write("""
            buffer name = "mem:note"
            buffer text = "kept in the pool"
            buffer back[32]
            open path=name flags=READ|WRITE|CREATE ->R0 LINK
            write handle=R0 buf=text pos=0 LINK
            read handle=R0 buf=back pos=5 ->R1 LINK
            close handle=R0
            print back
            print R1
            """).toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("back (11 bytes): \"in the pool\""), run.out());
        assertTrue(run.out().contains("R1 = 11"), run.out());
    }

    @Test
    void shouldDescribeTheGrammarAndExitStatusInHelp()
    {
        final ExecRun run = ExecRun.of("exec", "--help");

        assertEquals(0, run.status());
        assertTrue(run.out().contains("ONE enter"), run.out());
        assertTrue(run.out().contains("->R0 LINK"), run.out());
        assertTrue(run.out().contains("2   an error in the script"), run.out());
        assertTrue(ExecRun.of("--help").out().contains("exec"), "exec is listed in ringwork --help");
    }

    private Path write(final String script) throws IOException
    {
        final Path file = Files.createTempFile(root, "script", ".rw");
        Files.writeString(file, script);
        return file;
    }
}
