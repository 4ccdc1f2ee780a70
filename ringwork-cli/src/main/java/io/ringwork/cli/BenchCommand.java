package io.ringwork.cli;

import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.bench.BenchSuite;
import io.ringwork.bench.BenchSuites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ringwork bench SUITE [--json] [--quick]}: runs a suite against its baselines in one run.
 */
@Command(name = "bench", description = "Measure a suite against its baselines in the same run.")
public final class BenchCommand implements Callable<Integer>
{
    @Parameters(index = "0", arity = "0..1", description = "Suite to run; none lists them.")
    private String suite;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    private boolean json;

    @Option(names = "--quick", description = "A short run (CI, smoke checks); noisier figures.")
    private boolean quick;

    @Option(names = "--param", description = "Suite setting key=value (repeatable).")
    private Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception
    {
        if (null == suite)
        {
            System.out.println("suites:");
            for (final BenchSuite s : BenchSuites.all())
            {
                System.out.printf("  %-10s %s%n", s.name(), s.description());
            }
            return 0;
        }
        final BenchSuite found = BenchSuites.find(suite).orElse(null);
        if (null == found)
        {
            System.err.println("ringwork bench: no suite named '" + suite + "'; run 'ringwork bench' for the list");
            return 2;
        }
        final BenchReport report = found.run(new BenchOptions(quick, params));
        System.out.println(json ? report.toJson() : report.toTable());
        return 0;
    }
}
