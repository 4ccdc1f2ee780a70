package io.ringwork.bench.file;

import io.ringwork.Ringwork;
import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ringwork bench file}'s target comparisons run in alternating rounds and report medians.
 */
class FileSuiteTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMeasureAComparisonInRoundsAndReportTheMedianRatio() throws Exception
    {
        assumeTrue(Ringwork.ioUringUnavailable().isEmpty(), "the blocking API's engine needs io_uring");
        final BenchReport report = new FileSuite(List.of()).run(new BenchOptions(true, Map.of("dir", dir.toString(),
            "size_mb", "4", "seconds", "1", "rounds", "2", "modes", "cache",
            "only", "ringwork_sync@1,filechannel@1")));
        final Map<String, Double> figures = report.figures();
        assertEquals(List.of("ringwork_sync_cache_qd1_iops", "filechannel_cache_qd1_iops"),
            List.copyOf(figures.keySet()), report.toJson());
        assertTrue(figures.values().stream().allMatch(rate -> rate > 0), report.toJson());
        assertTrue(report.ratios().get("cache_vs_psync") > 0, report.toJson());
        final String perRound = report.toJson();
        assertTrue(perRound.matches(".*\"cache_vs_psync_per_round\":\"[0-9.]+ [0-9.]+ \\(median reported\\)\".*"),
            perRound);
        assertFalse(report.ratios().containsKey("direct_qd32_vs_fio"), "modes=cache measures no O_DIRECT");
    }
}
