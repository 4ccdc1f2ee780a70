package io.ringwork.bench.ipc;

import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code ringwork bench ipc} tiny, with a real peer JVM publishing a real scheme, and checks the shape of its
 * JSON and that it cleaned up after itself; the numbers themselves are for people to read, so nothing here depends
 * on how fast the machine is.
 */
class IpcSuiteTest
{
    private static final List<String> FIGURES = List.of(
        "rtt_p50_ns", "rtt_p99_ns", "rtt_p999_ns", "sleeping_rtt_p50_ns", "ops_per_s",
        "agrona_rtt_p50_ns", "agrona_rtt_p99_ns", "agrona_rtt_p999_ns", "uds_rtt_p50_ns", "futex_floor_rtt_p50_ns",
        "agent_rtt_p50_ns", "reactor_rtt_p50_ns", "reactor_sleeping_rtt_p50_ns");
    private static final List<String> RATIOS = List.of(
        "rtt_p50_vs_agrona", "rtt_p999_vs_agrona", "sleeping_rtt_vs_uds", "reactor_rtt_vs_agent",
        "reactor_sleeping_rtt_vs_agent");
    private static final Pattern NUMBER = Pattern.compile("\"([a-z0-9_]+)\":([^,}]+)");

    @Test
    void shouldReportEveryRequiredFigureAndRatioAndLeaveNothingBehind() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create())
        {
            final BenchReport report = new IpcSuite().run(new BenchOptions(true, Map.of(
                "dir", dir.path().toString(), "rtt_ms", "50", "throughput_ms", "50", "warmup_ms", "50",
                "spaced", "20", "gap_us", "200", "idle_ms", "300")));
            final String json = report.toJson();

            assertTrue(json.startsWith("{\"suite\":\"ipc\","), json);
            final Map<String, Double> figures = numbers(json, "figures");
            final Map<String, Double> ratios = numbers(json, "ratios");
            for (final String key : FIGURES)
            {
                assertPositive(figures, key, json);
            }
            for (final String key : RATIOS)
            {
                assertPositive(ratios, key, json);
            }
            final Double idle = figures.get("idle_server_cpu_pct");
            assertTrue(null != idle && idle >= 0 && idle <= 200, "idle_server_cpu_pct=" + idle + " in " + json);
            assertEquals(20.0, figures.get("sleeping_rtt_samples"), json);
            assertEquals(20.0, figures.get("reactor_sleeping_rtt_samples"), json);
            assertEquals(figures.get("sleeping_rtt_p50_ns") / figures.get("uds_rtt_p50_ns"),
                ratios.get("sleeping_rtt_vs_uds"), 1e-3, json);
            try (Stream<java.nio.file.Path> left = Files.list(dir.path()))
            {
                assertEquals(List.of(), left.toList(), "the run's private directory is removed");
            }
        }
    }

    private static void assertPositive(final Map<String, Double> numbers, final String key, final String json)
    {
        final Double value = numbers.get(key);
        assertTrue(null != value, key + " missing from " + json);
        assertTrue(Double.isFinite(value) && value > 0, key + "=" + value + " must be finite and positive");
    }

    private static Map<String, Double> numbers(final String json, final String section)
    {
        final int start = json.indexOf("\"" + section + "\":{");
        assertTrue(start >= 0, section + " missing from " + json);
        final int end = json.indexOf('}', start);
        final Matcher matcher = NUMBER.matcher(json.substring(json.indexOf('{', start), end + 1));
        final Map<String, Double> numbers = new LinkedHashMap<>();
        while (matcher.find())
        {
            final String text = matcher.group(2);
            numbers.put(matcher.group(1), "null".equals(text) ? Double.NaN : Double.parseDouble(text));
        }
        return numbers;
    }
}
