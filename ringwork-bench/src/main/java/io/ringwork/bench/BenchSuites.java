package io.ringwork.bench;

import io.ringwork.bench.api.ApiSuite;
import io.ringwork.bench.file.FileSuite;
import io.ringwork.bench.pool.PoolSuite;
import io.ringwork.bench.ring.RingSuite;
import io.ringwork.bench.runtime.RuntimeSuite;

import java.util.List;
import java.util.Optional;

/**
 * The suites {@code ringwork bench} knows. Add a suite here and it appears on the command line.
 */
public final class BenchSuites
{
    private static final List<BenchSuite> SUITES = List.of(
        new RingSuite(),
        new PoolSuite(),
        new RuntimeSuite(),
        new FileSuite(List.of()),
        new ApiSuite());

    private BenchSuites()
    {
    }

    /**
     * All suites.
     *
     * @return the list.
     */
    public static List<BenchSuite> all()
    {
        return SUITES;
    }

    /**
     * A suite by name.
     *
     * @param name such as {@code "ring"}.
     * @return the suite.
     */
    public static Optional<BenchSuite> find(final String name)
    {
        return SUITES.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
