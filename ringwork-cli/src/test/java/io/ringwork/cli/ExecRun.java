package io.ringwork.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code ringwork exec} run in this JVM: its exit status, what it printed, and its CQE rows by label.
 */
record ExecRun(int status, String out, String err)
{
    /** The docs' example scripts, found from the module directory the build runs tests in. */
    static final Path EXAMPLES = docs().resolve("exec");

    static Path docs()
    {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .getParent().resolve("docs");
    }

    static ExecRun of(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new RingworkCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int status = cli.execute(args);
        return new ExecRun(status, out.toString(), err.toString());
    }

    /**
     * The CQE rows, {@code label -> [user_data, label, verb, result, errno, ...]}, in arrival order.
     */
    Map<String, List<String>> rows()
    {
        final Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (final String line : out.split("\\R"))
        {
            if (line.trim().startsWith("user_data"))
            {
                inTable = true;
                continue;
            }
            final List<String> fields = List.of(line.trim().split("\\s+"));
            if (!inTable || fields.size() < 5 || !fields.get(0).chars().allMatch(Character::isDigit))
            {
                inTable = false;
                continue;
            }
            rows.put(fields.get(1), fields);
        }
        return rows;
    }

    /**
     * A row's verb and errno, such as {@code "READ ECANCELED"}.
     */
    String outcome(final String label)
    {
        final List<String> row = rows().get(label);
        return null == row ? "no CQE for " + label + " in:\n" + out + err : row.get(2) + " " + row.get(4);
    }

    long result(final String label)
    {
        return Long.parseLong(rows().get(label).get(3));
    }
}
