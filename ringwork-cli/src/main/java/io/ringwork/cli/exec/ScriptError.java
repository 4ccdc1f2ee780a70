package io.ringwork.cli.exec;

/**
 * One mistake in a script, where it is: printed as {@code line:column: message}, then the line and a caret.
 *
 * @param line    1-based line number.
 * @param column  1-based column of the offending text.
 * @param message what is wrong, naming the value and what would be right.
 * @param source  the text of the line, for the caret.
 */
public record ScriptError(int line, int column, String message, String source)
{
    /**
     * The error as a compiler prints it.
     *
     * @return {@code line:column: message}, the line, and a caret under the column.
     */
    public String format()
    {
        final String expanded = source.replace('\t', ' ');
        return line + ":" + column + ": " + message + System.lineSeparator() +
            "    " + expanded + System.lineSeparator() +
            "    " + " ".repeat(Math.max(0, Math.min(column - 1, expanded.length()))) + "^";
    }
}
