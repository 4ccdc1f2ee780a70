package io.ringwork.cli.exec;

import java.io.Serial;
import java.util.List;

/**
 * A script that cannot run: every error found, at most one per line, in line order. Nothing was submitted.
 */
public final class ScriptException extends Exception
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<ScriptError> errors;

    /**
     * An exception carrying the errors of one script.
     *
     * @param errors at least one.
     */
    public ScriptException(final List<ScriptError> errors)
    {
        super(errors.size() + " error(s), first: " + errors.getFirst().line() + ":" + errors.getFirst().column() +
            ": " + errors.getFirst().message());
        this.errors = List.copyOf(errors);
    }

    /**
     * The errors, in line order.
     *
     * @return an unmodifiable list.
     */
    public List<ScriptError> errors()
    {
        return errors;
    }
}
