package io.ringwork.bench.ring;

import io.ringwork.bench.BenchOptions;
import io.ringwork.bench.BenchReport;
import io.ringwork.testsupport.ShmDirectory;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@code ringwork bench ring} in quick mode, with a real peer JVM, and checks the shape of its JSON; the
 * numbers themselves are for people to read, so nothing here depends on how fast the machine is.
 */
class RingSuiteTest
{
    private static final List<String> FIGURES = List.of(
        "rtt_p50_ns", "rtt_p99_ns", "rtt_p999_ns",
        "agrona_rtt_p50_ns", "agrona_rtt_p99_ns", "agrona_rtt_p999_ns",
        "ops_per_s", "agrona_msgs_per_s");
    private static final List<String> RATIOS = List.of(
        "rtt_p50_vs_agrona", "rtt_p999_vs_agrona", "throughput_vs_agrona");
    private static final Pattern NUMBER = Pattern.compile("\"([a-z0-9_]+)\":([^,}]+)");

    @Test
    void shouldReportEveryRequiredFigureAndRatioAsPositiveNumbersWhenRunQuick() throws Exception
    {
        try (ShmDirectory dir = ShmDirectory.create())
        {
            final BenchReport report = new RingSuite().run(
                new BenchOptions(true, Map.of("dir", dir.path().toString())));
            final String json = report.toJson();

            assertTrue(json.startsWith("{\"suite\":\"ring\","), json);
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
            assertEquals(figures.get("rtt_p50_ns") / figures.get("agrona_rtt_p50_ns"),
                ratios.get("rtt_p50_vs_agrona"), 1e-3, json);
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
