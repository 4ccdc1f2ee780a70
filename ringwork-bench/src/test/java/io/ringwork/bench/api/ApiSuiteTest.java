package io.ringwork.bench.api;

import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringwork bench api} runs end to end in a tiny configuration and reports every figure the issue names.
 */
class ApiSuiteTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportEveryFigureAndRatio() throws Exception
    {
        final BenchReport report = new ApiSuite().run(new BenchOptions(true, Map.of("dir", dir.toString(),
            "size_mb", "4", "seconds", "0.1", "threads", "4")));
        assertTrue(report.toJson().startsWith("{\"suite\":\"api\","), report.toJson());
        for (final String figure : List.of("vt_sync_read_cache_ops_per_s", "filechannel_vt_cache_ops_per_s",
            "afc_adapter_qd32_ops_per_s", "jdk_afc_qd32_ops_per_s", "future_nop_ns", "raw_nop_ns"))
        {
            final Double value = report.figures().get(figure);
            assertTrue(null != value && value > 0, figure + "=" + value + " in " + report.toJson());
        }
        assertTrue(report.figures().get("future_overhead_ns") >= 0);
        assertEquals(report.figures().get("afc_adapter_qd32_ops_per_s") /
            report.figures().get("jdk_afc_qd32_ops_per_s"), report.ratios().get("afc_adapter_vs_jdk_afc"), 1e-3);
    }
}
