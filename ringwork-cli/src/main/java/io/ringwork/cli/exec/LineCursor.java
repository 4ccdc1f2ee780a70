package io.ringwork.cli.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one line of a script from left to right: words, {@code "strings"}, single characters, and the end of the
 * line (which a {@code #} comment starts early). Failures carry the 1-based column they point at.
 */
final class LineCursor
{
    private final String text;
    private int position;

    LineCursor(final String text)
    {
        this.text = text;
    }

    int column()
    {
        return position + 1;
    }

    void skipSpaces()
    {
        while (position < text.length() && Character.isWhitespace(text.charAt(position)))
        {
            position++;
        }
    }

    /**
     * Whether only spaces and a comment are left.
     */
    boolean atEnd()
    {
        skipSpaces();
        return position >= text.length() || '#' == text.charAt(position);
    }

    boolean peek(final char c)
    {
        return position < text.length() && c == text.charAt(position);
    }

    boolean take(final String expected)
    {
        if (text.startsWith(expected, position))
        {
            position += expected.length();
            return true;
        }
        return false;
    }

    /**
     * A run of letters, digits and {@code _ - | .}: a verb, a name, a number, a flag list or a duration.
     *
     * @return the word, empty if the next character cannot start one.
     */
    String word()
    {
        final int start = position;
        while (position < text.length() && isWordChar(text.charAt(position)))
        {
            position++;
        }
        return text.substring(start, position);
    }

    private static boolean isWordChar(final char c)
    {
        return Character.isLetterOrDigit(c) || '_' == c || '-' == c || '|' == c || '.' == c;
    }

    /**
     * A double-quoted string with the escapes {@code \n \t \r \0 \\ \" \xHH}, as UTF-8 bytes.
     */
    byte[] string()
    {
        final int start = column();
        if (!take("\""))
        {
            throw fail(start, "expected a string in double quotes");
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final StringBuilder plain = new StringBuilder();
        while (true)
        {
            if (position >= text.length())
            {
                throw fail(start, "string is not closed: add a '\"'");
            }
            final char c = text.charAt(position++);
            if ('"' == c)
            {
                bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
                return bytes.toByteArray();
            }
            if ('\\' != c)
            {
                plain.append(c);
                continue;
            }
            bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
            bytes.write(escape(position - 1));
        }
    }

    private int escape(final int backslash)
    {
        if (position >= text.length())
        {
            throw fail(backslash + 1, "string is not closed: add a '\"'");
        }
        final char c = text.charAt(position++);
        switch (c)
        {
            case 'n' ->
            {
                return '\n';
            }
            case 't' ->
            {
                return '\t';
            }
            case 'r' ->
            {
                return '\r';
            }
            case '0' ->
            {
                return 0;
            }
            case '\\', '"' ->
            {
                return c;
            }
            case 'x' ->
            {
                final int high = position < text.length() ? Character.digit(text.charAt(position), 16) : -1;
                final int low = position + 1 < text.length() ? Character.digit(text.charAt(position + 1), 16) : -1;
                if (high < 0 || low < 0)
                {
                    throw fail(backslash + 1, "escape \\x needs two hex digits, such as \\x0a");
                }
                position += 2;
                return high << 4 | low;
            }
            default -> throw fail(backslash + 1,
                "escape \\" + c + " is unknown; known: \\n \\t \\r \\0 \\\\ \\\" \\xHH");
        }
    }

    /**
     * What is left of the line from here, for messages.
     */
    String rest()
    {
        final int end = text.indexOf(' ', position);
        return text.substring(position, end < 0 ? text.length() : end);
    }

    static Failure fail(final int column, final String message)
    {
        return new Failure(column, message);
    }

    /**
     * A mistake on the line; the parser turns it into a {@link ScriptError}.
     */
    static final class Failure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final int column;

        Failure(final int column, final String message)
        {
            super(message, null, false, false);
            this.column = column;
        }
    }
}
