package io.ringwork.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Samples of contenders measured in alternating rounds, and the statistics the suites report from them.
 * <p>
 * This VM's disk and CPU swing by 2-3x within minutes (a fio O_DIRECT run measured 121 k IOPS and, two minutes later,
 * 44 k), so a contender measured once and its baseline measured a minute later compare two machines. Measured back to
 * back in every round, and compared round by round, they share each round's machine; the median of the per-round
 * ratios then drops the rounds a burst of load hit one side of.
 */
public final class Rounds
{
    private final String[] names;
    private final double[][] samples;
    private final String[] failures;
    private final int rounds;

    /**
     * Room for {@code rounds} samples of each contender.
     *
     * @param names  the contenders' figure names.
     * @param rounds samples per contender.
     */
    public Rounds(final String[] names, final int rounds)
    {
        this.names = names.clone();
        this.rounds = rounds;
        this.samples = new double[names.length][rounds];
        this.failures = new String[names.length];
    }

    /**
     * The order in which round {@code round} measures its contenders: forwards in even rounds, backwards in odd
     * ones, so no contender always runs first (after a pause) or right after one that heated the page cache.
     *
     * @param round the round.
     * @param k     the position in the round.
     * @return the contender at that position.
     */
    public int contenderAt(final int round, final int k)
    {
        return 0 == (round & 1) ? k : names.length - 1 - k;
    }

    /**
     * A contender's figure name.
     *
     * @param contender its index.
     * @return the name.
     */
    public String name(final int contender)
    {
        return names[contender];
    }

    /**
     * Records one sample.
     *
     * @param contender its index.
     * @param round     the round.
     * @param value     the measured rate.
     */
    public void record(final int contender, final int round, final double value)
    {
        samples[contender][round] = value;
    }

    /**
     * Marks a contender failed: it is skipped in later rounds and reports the failure instead of a figure.
     *
     * @param contender its index.
     * @param why       the failure.
     */
    public void fail(final int contender, final String why)
    {
        failures[contender] = why;
    }

    /**
     * Why a contender failed.
     *
     * @param contender its index.
     * @return null if it did not.
     */
    public String failure(final int contender)
    {
        return failures[contender];
    }

    /**
     * A contender's median over the rounds.
     *
     * @param contender its index.
     * @return the median.
     */
    public double median(final int contender)
    {
        return median(samples[contender]);
    }

    /**
     * The median of the per-round ratios of two contenders.
     *
     * @param numerator   a contender.
     * @param denominator another.
     * @return the median ratio.
     */
    public double medianRatio(final int numerator, final int denominator)
    {
        final double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            ratios[round] = samples[numerator][round] / samples[denominator][round];
        }
        return median(ratios);
    }

    /**
     * The per-round ratios of two contenders, for a note: {@code "0.91 1.02 0.97"}.
     *
     * @param numerator   a contender.
     * @param denominator another.
     * @return the ratios, two decimals each.
     */
    public String ratiosText(final int numerator, final int denominator)
    {
        return ratiosText(samples[numerator], samples[denominator]);
    }

    /**
     * Element-wise ratios, for a note: {@code "0.91 1.02 0.97"}.
     *
     * @param contender samples.
     * @param baseline  as many samples of the baseline.
     * @return the ratios, two decimals each.
     */
    public static String ratiosText(final double[] contender, final double[] baseline)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < contender.length; i++)
        {
            text.append(0 == i ? "" : " ").append(String.format(Locale.ROOT, "%.2f", contender[i] / baseline[i]));
        }
        return text.toString();
    }

    /**
     * The median of some values.
     *
     * @param values at least one.
     * @return the middle value, or the mean of the two middle ones.
     */
    public static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return 0 == (n & 1) ? (sorted[n / 2 - 1] + sorted[n / 2]) / 2 : sorted[n / 2];
    }
}
