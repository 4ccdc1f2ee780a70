package io.ringwork.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a suite measured: figures (absolute numbers), ratios (Ringwork against a baseline from the same run) and
 * notes (the environment: backend, residency, message sizes). Prints as one JSON object or as a table.
 */
public final class BenchReport
{
    private final String suite;
    private final Map<String, Double> figures = new LinkedHashMap<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    /**
     * An empty report.
     *
     * @param suite the suite's name.
     */
    public BenchReport(final String suite)
    {
        this.suite = suite;
    }

    /**
     * Records a figure.
     *
     * @param name  such as {@code rtt_p50_ns}.
     * @param value the number.
     * @return this.
     */
    public BenchReport figure(final String name, final double value)
    {
        figures.put(name, value);
        return this;
    }

    /**
     * Records a ratio, ours divided by the baseline's.
     *
     * @param name  such as {@code rtt_p50_vs_agrona}.
     * @param value the ratio.
     * @return this.
     */
    public BenchReport ratio(final String name, final double value)
    {
        ratios.put(name, value);
        return this;
    }

    /**
     * Records a ratio of two recorded figures.
     *
     * @param name        the ratio's name.
     * @param numerator   a figure's name.
     * @param denominator a figure's name.
     * @return this.
     */
    public BenchReport ratioOf(final String name, final String numerator, final String denominator)
    {
        final Double top = figures.get(numerator);
        final Double bottom = figures.get(denominator);
        if (null != top && null != bottom && bottom != 0.0)
        {
            ratios.put(name, top / bottom);
        }
        return this;
    }

    /**
     * Records a note.
     *
     * @param name  such as {@code backend}.
     * @param value the text.
     * @return this.
     */
    public BenchReport note(final String name, final String value)
    {
        notes.put(name, value);
        return this;
    }

    /**
     * The suite's name.
     *
     * @return the name.
     */
    public String suite()
    {
        return suite;
    }

    /**
     * The figures, in insertion order.
     *
     * @return a read-only view.
     */
    public Map<String, Double> figures()
    {
        return java.util.Collections.unmodifiableMap(figures);
    }

    /**
     * The ratios, in insertion order.
     *
     * @return a read-only view.
     */
    public Map<String, Double> ratios()
    {
        return java.util.Collections.unmodifiableMap(ratios);
    }

    /**
     * One JSON object: {@code {"suite":..., "figures":{...}, "ratios":{...}, "notes":{...}}}.
     *
     * @return the JSON text.
     */
    public String toJson()
    {
        final StringBuilder out = new StringBuilder(256);
        out.append("{\"suite\":").append(quote(suite));
        out.append(",\"figures\":");
        appendNumbers(out, figures);
        out.append(",\"ratios\":");
        appendNumbers(out, ratios);
        out.append(",\"notes\":{");
        boolean first = true;
        for (final Map.Entry<String, String> e : notes.entrySet())
        {
            out.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
            first = false;
        }
        return out.append("}}").toString();
    }

    /**
     * A readable table.
     *
     * @return the text.
     */
    public String toTable()
    {
        final StringBuilder out = new StringBuilder(512);
        out.append("suite: ").append(suite).append('\n');
        for (final Map.Entry<String, String> e : notes.entrySet())
        {
            out.append(String.format(Locale.ROOT, "  %-34s %s%n", e.getKey(), e.getValue()));
        }
        out.append("figures:\n");
        for (final Map.Entry<String, Double> e : figures.entrySet())
        {
            out.append(String.format(Locale.ROOT, "  %-34s %,16.1f%n", e.getKey(), e.getValue()));
        }
        if (!ratios.isEmpty())
        {
            out.append("ratios (ours / baseline):\n");
            for (final Map.Entry<String, Double> e : ratios.entrySet())
            {
                out.append(String.format(Locale.ROOT, "  %-34s %16.3f%n", e.getKey(), e.getValue()));
            }
        }
        return out.toString();
    }

    private static void appendNumbers(final StringBuilder out, final Map<String, Double> values)
    {
        out.append('{');
        boolean first = true;
        for (final Map.Entry<String, Double> e : values.entrySet())
        {
            out.append(first ? "" : ",").append(quote(e.getKey())).append(':');
            final double v = e.getValue();
            if (Double.isFinite(v))
            {
                out.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long)v) :
                    String.format(Locale.ROOT, "%.4f", v));
            }
            else
            {
                out.append("null");
            }
            first = false;
        }
        out.append('}');
    }

    private static String quote(final String s)
    {
        final StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
