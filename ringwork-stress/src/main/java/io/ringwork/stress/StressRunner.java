package io.ringwork.stress;

import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.ReportUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs the jcstress suite and exits non-zero if any test failed, errored or did not run at all.
 * <p>
 * jcstress's own {@code Main} fails (with an uncaught {@code AssertionError}) when a test fails or crashes, but exits
 * 0 when no test matched the selection or no JVM configuration could start, so a wrong filter or a broken setup
 * would pass silently. This runner takes the same options, lets jcstress run and print its reports, then reads back
 * the result blob jcstress wrote, grades every test the way jcstress's report does
 * ({@link ReportUtils#statusToPassed}), checks that every selected test has a result, and ends with one line:
 * {@code jcstress: N passed, M failed}.
 */
public final class StressRunner
{
    private StressRunner()
    {
    }

    /**
     * Runs the suite.
     *
     * @param args jcstress options, e.g. {@code -m sanity -t Doorbell}; {@code -p blob} re-grades an earlier run.
     * @throws Exception if jcstress cannot run or its result blob cannot be read.
     */
    public static void main(final String[] args) throws Exception
    {
        final Options options = new Options(args);
        if (!options.parse())
        {
            System.exit(2);
        }
        final JCStress jcstress = new JCStress(options);
        final SortedSet<String> expected = jcstress.getTests();
        if (options.shouldList())
        {
            expected.forEach(System.out::println);
            System.exit(0);
        }
        try
        {
            if (options.shouldParse())
            {
                jcstress.parseResults();
            }
            else
            {
                jcstress.run();
            }
        }
        catch (final AssertionError ex)
        {
            // jcstress reports failed and crashed tests by throwing once its reports are written; the verdict
            // below reads them back from the blob and lists them with the rest.
            System.out.println(ex.getMessage());
        }
        System.exit(verdict(expected, options.getResultFile()));
    }

    private static int verdict(final SortedSet<String> expected, final String resultFile) throws Exception
    {
        if (expected.isEmpty())
        {
            System.out.println("jcstress: no test matched the selection");
            return 1;
        }
        if (!Files.exists(Path.of(resultFile)))
        {
            System.out.println("jcstress: no result file " + resultFile + ", so nothing ran");
            return 1;
        }
        final InProcessCollector collector = new InProcessCollector();
        final DiskReadCollector reader = new DiskReadCollector(resultFile, collector);
        reader.dump();
        reader.close();

        final SortedSet<String> missing = new TreeSet<>(expected);
        final List<String> failed = new ArrayList<>();
        int passed = 0;
        for (final TestResult result : ReportUtils.mergedByName(collector.getTestResults()))
        {
            missing.remove(result.getName());
            if (ReportUtils.statusToPassed(result))
            {
                passed++;
            }
            else
            {
                failed.add(result.getName() + ": " + ReportUtils.statusToLabel(result));
            }
        }
        for (final String name : missing)
        {
            failed.add(name + ": DID NOT RUN");
        }
        for (final String line : failed)
        {
            System.out.println("jcstress: " + line);
        }
        System.out.println("jcstress: " + passed + " passed, " + failed.size() + " failed");
        return failed.isEmpty() ? 0 : 1;
    }
}
