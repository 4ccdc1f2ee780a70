package io.ringwork.bench;

/**
 * One suite of {@code ringwork bench}: measures Ringwork and its baselines in the same run, so results are ratios
 * that a noisy machine cannot fake.
 */
public interface BenchSuite
{
    /**
     * The name given on the command line, such as {@code "ring"}.
     *
     * @return the name.
     */
    String name();

    /**
     * One line on what the suite measures and against what.
     *
     * @return the description.
     */
    String description();

    /**
     * Runs the suite.
     *
     * @param options quick mode and parameters.
     * @return figures and ratios.
     * @throws Exception if the suite cannot run; the command line reports it.
     */
    BenchReport run(BenchOptions options) throws Exception;
}
