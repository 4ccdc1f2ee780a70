package io.ringwork.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The alternating order and the statistics the suites report from {@link Rounds}.
 */
class RoundsTest
{
    @Test
    void shouldAlternateTheOrderEveryRound()
    {
        final Rounds rounds = new Rounds(new String[] {"a", "b", "c"}, 4);
        assertEquals(0, rounds.contenderAt(0, 0));
        assertEquals(2, rounds.contenderAt(0, 2));
        assertEquals(2, rounds.contenderAt(1, 0));
        assertEquals(0, rounds.contenderAt(1, 2));
        assertEquals(0, rounds.contenderAt(2, 0));
    }

    @Test
    void shouldReportTheMedianOfThePerRoundRatiosNotTheRatioOfMedians()
    {
        final Rounds rounds = new Rounds(new String[] {"contender", "baseline"}, 3);
        // The machine halves its speed in round 1: per round the contender is 0.9, 0.9 and 2.0 of its baseline.
        final double[][] rates = {{90, 45, 200}, {100, 50, 100}};
        for (int round = 0; round < 3; round++)
        {
            rounds.record(0, round, rates[0][round]);
            rounds.record(1, round, rates[1][round]);
        }
        assertEquals(0.9, rounds.medianRatio(0, 1), 1e-9);
        assertEquals(90.0, rounds.median(0), 1e-9);
        assertEquals(100.0, rounds.median(1), 1e-9);
        assertEquals("0.90 0.90 2.00", rounds.ratiosText(0, 1));
    }

    @Test
    void shouldTakeTheMeanOfTheMiddleTwoOfAnEvenCount()
    {
        assertEquals(2.5, Rounds.median(new double[] {4, 1, 3, 2}), 1e-9);
        assertEquals(7.0, Rounds.median(new double[] {7}), 1e-9);
    }
}
