package io.ringwork.cli;

import io.ringwork.RingworkOptions;
import io.ringwork.cli.exec.Script;
import io.ringwork.cli.exec.ScriptError;
import io.ringwork.cli.exec.ScriptException;
import io.ringwork.cli.exec.ScriptParser;
import io.ringwork.cli.exec.ScriptRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringwork exec}: SQEs written as text, one per line, submitted in one {@code enter} on a ring of an
 * in-process runtime, with one printed line per CQE. The grammar is in {@code docs/exec.md}.
 */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
        "Runs SQEs written as text, one per line, from a file or stdin: they are all submitted in ONE enter on a " +
            "ring of an in-process runtime, and each CQE is printed as it arrives (user_data, label, verb, result, " +
            "errno). Nothing is submitted if the script has an error.",
        "",
        "  buffer src = \"file:/src.txt\"        declare a buffer with contents,",
        "  buffer data[4096]                   or zeroed, of a size",
        "  open path=src flags=READ ->R0 LINK  verb, args, result to R0, SQE flag",
        "  rd: read handle=R0 buf=data ->R1    a label; the handle loaded from R0",
        "  nop timeout=5ms                     a sleep ending in ETIMEDOUT",
        "  print data len=R1                   after the run: a buffer, or Rn",
        "",
        "Verbs: nop read write poll open close seek fsync stat timeout cancel dup futex_wait futex_wake. " +
            "SQE flags: LINK HARDLINK DRAIN CQE_SKIP_SUCCESS SUBSCRIBE. Grammar and examples: docs/exec.md, " +
            "docs/exec/*.rw.",
        ""},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:the script ran (its CQEs may still carry errors)",
        "1:the run failed: an SQE had no final CQE when --wait ran out",
        "2:an error in the script or the command line; nothing was submitted"})
public final class ExecCommand implements Callable<Integer>
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCRIPT",
        description = "The script file; '-' or nothing reads stdin.")
    private String script;

    @Option(names = "--root", defaultValue = "/", paramLabel = "DIR",
        description = "The directory file: serves; file:/x is DIR/x (default: ${DEFAULT-VALUE}).")
    private Path root;

    @Option(names = "--wait", defaultValue = "10s", paramLabel = "DURATION",
        description = "How long to wait for the CQEs, such as 500ms or 30s (default: ${DEFAULT-VALUE}).")
    private String wait;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long waitNanos;
        try
        {
            waitNanos = ScriptParser.duration(wait);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("exec: --wait " + ex.getMessage());
            return ScriptRunner.SCRIPT_ERROR;
        }
        if (!Files.isDirectory(root))
        {
            err.println("exec: --root " + root + " is not a directory");
            return ScriptRunner.SCRIPT_ERROR;
        }
        final String text;
        try
        {
            text = null == script || "-".equals(script) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) :
                Files.readString(Path.of(script));
        }
        catch (final IOException ex)
        {
            err.println("exec: cannot read " + script + ": " + ex);
            return ScriptRunner.SCRIPT_ERROR;
        }
        final Script parsed;
        try
        {
            parsed = ScriptParser.parse(text);
        }
        catch (final ScriptException ex)
        {
            for (final ScriptError error : ex.errors())
            {
                err.println(error.format());
            }
            err.println("exec: " + ex.errors().size() + " error(s); nothing was submitted");
            err.flush();
            return ScriptRunner.SCRIPT_ERROR;
        }
        return new ScriptRunner(out, err).run(parsed,
            RingworkOptions.defaults().withFileRoot(root.toAbsolutePath().normalize()), waitNanos);
    }
}
