package io.ringwork.cli.exec;

import io.ringwork.Opcode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps {@code docs/exec.md} and the parser's tables in step.
 */
class ExecGuideTest
{
    private static final Path GUIDE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .toAbsolutePath().getParent().resolve("docs").resolve("exec.md");

    @Test
    void shouldListEveryVerbWithAllItsArgumentsWhenTheGuideDescribesTheVerbs() throws IOException
    {
        final List<String> rows = Files.readAllLines(GUIDE).stream().filter(l -> l.startsWith("| ")).toList();
        for (final Opcode verb : Opcode.values())
        {
            if (!VerbSyntax.isSupported(verb.code()))
            {
                continue;
            }
            final String name = "`" + verb.name().toLowerCase(Locale.ROOT) + "`";
            final String row = rows.stream().filter(r -> r.split("\\|")[1].contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no row in " + GUIDE));
            for (final VerbSyntax.Param param : VerbSyntax.paramsOf(verb))
            {
                assertTrue(row.contains("`" + param.name() + "` (" + param.arg()), name + " lacks " + param + ": " +
                    row);
            }
        }
    }

    @Test
    void shouldNameEverySqeFlagWhenTheGuideDescribesTheFlags() throws IOException
    {
        final String guide = Files.readString(GUIDE);
        for (final String flag : VerbSyntax.sqeFlagNames().split(", "))
        {
            assertTrue(guide.contains("| `" + flag + "` |"), flag);
            assertTrue(0 != VerbSyntax.sqeFlag(flag), flag);
        }
    }
}
