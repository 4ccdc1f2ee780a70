package io.ringwork.bench;

import java.util.Map;

/**
 * How a suite runs.
 *
 * @param quick  a short run for CI and smoke checks; figures are noisier.
 * @param params suite-specific settings given as {@code --param key=value}.
 */
public record BenchOptions(boolean quick, Map<String, String> params)
{
    /**
     * Copies the parameters.
     *
     * @param quick  a short run.
     * @param params suite-specific settings.
     */
    public BenchOptions
    {
        params = Map.copyOf(params);
    }

    /**
     * A numeric parameter.
     *
     * @param key      its name.
     * @param fallback value when absent.
     * @return the value.
     */
    public long longParam(final String key, final long fallback)
    {
        final String value = params.get(key);
        return null == value ? fallback : Long.parseLong(value);
    }
}
