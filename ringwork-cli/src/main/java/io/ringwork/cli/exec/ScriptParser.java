package io.ringwork.cli.exec;

import io.ringwork.FileStat;
import io.ringwork.Opcode;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import io.ringwork.cli.exec.VerbSyntax.Kind;
import io.ringwork.cli.exec.VerbSyntax.Param;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the text of a script into a {@link Script}, or into every error it holds (one per line) with its line and
 * column. The grammar is in {@code docs/exec.md}; in short, each line is one of
 * <pre>
 *   buffer NAME[SIZE] = "contents"
 *   [label:] verb name=value ... FLAG ... [timeout=DURATION] [prio=N] [-&gt;Rn]
 *   print NAME [len=N|Rn] [as text|hex|stat]      print Rn
 * </pre>
 */
public final class ScriptParser
{
    /** Most SQEs one script may submit: half the largest completion queue. */
    public static final int MAX_SUBMISSIONS = 32_768;
    /** Largest buffer a script may declare: the pool's default largest allocation. */
    public static final long MAX_BUFFER_SIZE = 64L << 20;

    private final Map<String, Script.Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Map<Long, Integer> userDataLines = new HashMap<>();
    private final List<Script.Submission> submissions = new ArrayList<>();
    private final List<Script.Print> prints = new ArrayList<>();
    private final List<ScriptError> errors = new ArrayList<>();

    private ScriptParser()
    {
    }

    /**
     * Parses a whole script.
     *
     * @param text the script, lines separated by any line terminator.
     * @return the script, ready to run.
     * @throws ScriptException with every error found; nothing may be submitted then.
     */
    public static Script parse(final String text) throws ScriptException
    {
        final ScriptParser parser = new ScriptParser();
        final String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++)
        {
            try
            {
                parser.line(i + 1, new LineCursor(lines[i]));
            }
            catch (final LineCursor.Failure failure)
            {
                parser.errors.add(new ScriptError(i + 1, failure.column, failure.getMessage(), lines[i]));
            }
        }
        if (!parser.errors.isEmpty())
        {
            throw new ScriptException(parser.errors);
        }
        return new Script(List.copyOf(parser.buffers.values()), parser.submissions, parser.prints);
    }

    private void line(final int line, final LineCursor in)
    {
        if (in.atEnd())
        {
            return;
        }
        final int column = in.column();
        final String first = in.word();
        if (first.isEmpty())
        {
            throw LineCursor.fail(column, "expected a verb, 'buffer' or 'print', found '" + in.rest() + "'");
        }
        switch (first)
        {
            case "buffer" -> buffer(line, in);
            case "print" -> print(line, in);
            default -> submission(line, in, first, column);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // buffer NAME[SIZE] = "contents"
    // ---------------------------------------------------------------------------------------------------------------

    private void buffer(final int line, final LineCursor in)
    {
        in.skipSpaces();
        final int nameColumn = in.column();
        final String name = in.word();
        if (!isIdentifier(name) || registerShaped(name))
        {
            throw LineCursor.fail(nameColumn, name.isEmpty() ? "buffer needs a name" :
                "buffer name '" + name + "' must be a letter then letters, digits, '_' or '-', and not a register");
        }
        if (buffers.containsKey(name))
        {
            throw LineCursor.fail(nameColumn, "buffer " + name + " is already declared on line " +
                buffers.get(name).line());
        }
        buffers.put(name, new Script.Buffer(line, name, 0, new byte[0]));
        long size = -1;
        in.skipSpaces();
        if (in.take("["))
        {
            in.skipSpaces();
            final int sizeColumn = in.column();
            size = number(in.word(), sizeColumn);
            if (size < 1 || size > MAX_BUFFER_SIZE)
            {
                throw LineCursor.fail(sizeColumn, "size=" + size + " must be in [1, " + MAX_BUFFER_SIZE + "]");
            }
            in.skipSpaces();
            if (!in.take("]"))
            {
                throw LineCursor.fail(in.column(), "expected ']' after the size");
            }
            in.skipSpaces();
        }
        byte[] contents = new byte[0];
        if (in.take("="))
        {
            in.skipSpaces();
            final int stringColumn = in.column();
            contents = in.string();
            if (size >= 0 && contents.length > size)
            {
                throw LineCursor.fail(stringColumn, "contents are " + contents.length + " bytes, more than size=" +
                    size);
            }
            if (size < 0 && 0 == contents.length)
            {
                throw LineCursor.fail(stringColumn, "buffer " + name + " is empty: give it a size, [N]");
            }
        }
        else if (size < 0)
        {
            throw LineCursor.fail(in.column(), "buffer " + name + " needs a size, [N], or contents, = \"...\"");
        }
        expectEnd(in);
        buffers.put(name, new Script.Buffer(line, name, size < 0 ? contents.length : size, contents));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // print NAME [len=N|Rn] [as FORMAT]   print Rn
    // ---------------------------------------------------------------------------------------------------------------

    private void print(final int line, final LineCursor in)
    {
        in.skipSpaces();
        final int column = in.column();
        final String what = in.word();
        final int register = register(what, column);
        if (register >= 0)
        {
            expectEnd(in);
            prints.add(new Script.Print(line, null, register, null, Script.Format.TEXT));
            return;
        }
        final Script.Buffer buffer = knownBuffer(what, column);
        Operand length = null;
        Script.Format format = Script.Format.TEXT;
        while (!in.atEnd())
        {
            final int optionColumn = in.column();
            final String option = in.word();
            if ("as".equals(option))
            {
                in.skipSpaces();
                final int formatColumn = in.column();
                final String name = in.word();
                try
                {
                    format = Script.Format.valueOf(name.toUpperCase(Locale.ROOT));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw LineCursor.fail(formatColumn, "format '" + name + "' is unknown; known: text, hex, stat");
                }
            }
            else if ("len".equals(option) && in.take("="))
            {
                final int valueColumn = in.column();
                final String value = in.word();
                final int lengthRegister = register(value, valueColumn);
                length = lengthRegister >= 0 ? Operand.register(lengthRegister) :
                    Operand.literal(checkedLength(number(value, valueColumn), buffer, valueColumn));
            }
            else
            {
                throw LineCursor.fail(optionColumn, "expected len=N or as text|hex|stat, found '" +
                    (option.isEmpty() ? in.rest() : option) + "'");
            }
        }
        if (Script.Format.STAT == format && buffer.size() < FileStat.BUFFER_LENGTH)
        {
            throw LineCursor.fail(column, "buffer " + what + " holds " + buffer.size() + " bytes; a STAT needs " +
                FileStat.BUFFER_LENGTH);
        }
        prints.add(new Script.Print(line, what, -1, length, format));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // [label:] verb name=value ... FLAG ... [timeout=DURATION] [prio=N] [->Rn]
    // ---------------------------------------------------------------------------------------------------------------

    private void submission(final int line, final LineCursor in, final String first, final int firstColumn)
    {
        String label = null;
        long userData = line;
        String verbWord = first;
        int verbColumn = firstColumn;
        if (in.take(":"))
        {
            if (isNumber(first))
            {
                userData = number(first, firstColumn);
            }
            else if (isIdentifier(first))
            {
                if (labels.containsKey(first))
                {
                    throw LineCursor.fail(firstColumn, "label " + first + " is already used on line " +
                        labels.get(first));
                }
                labels.put(first, line);
                label = first;
            }
            else
            {
                throw LineCursor.fail(firstColumn, "label '" + first +
                    "' must be a number or a letter then letters, digits, '_' or '-'");
            }
            in.skipSpaces();
            verbColumn = in.column();
            verbWord = in.word();
        }
        final Integer previous = userDataLines.putIfAbsent(userData, line);
        if (null != previous)
        {
            throw LineCursor.fail(firstColumn, "user_data " + userData + " is already used by line " + previous);
        }
        if (submissions.size() >= MAX_SUBMISSIONS)
        {
            throw LineCursor.fail(firstColumn, "too many SQEs: one enter takes at most " + MAX_SUBMISSIONS);
        }
        final int opcode = opcode(verbWord, verbColumn);
        final Opcode verb = Opcode.of(opcode);
        final Operand[] args = new Operand[5];
        final int[] columns = new int[5];
        int flags = 0;
        int priority = 0;
        long timeoutNanos = 0;
        int saveRegister = -1;
        while (!in.atEnd())
        {
            final int column = in.column();
            if (in.take("->"))
            {
                in.skipSpaces();
                final int registerColumn = in.column();
                final String word = in.word();
                final int register = register(word, registerColumn);
                if (register < 0)
                {
                    throw LineCursor.fail(registerColumn, "expected a register R0..R6 after '->'");
                }
                if (saveRegister >= 0)
                {
                    throw LineCursor.fail(column, "the result is already saved in R" + saveRegister);
                }
                saveRegister = register;
                continue;
            }
            final String word = in.word();
            if (word.isEmpty())
            {
                throw LineCursor.fail(column, "unexpected '" + in.rest() + "'");
            }
            if (!in.take("="))
            {
                final int flag = VerbSyntax.sqeFlag(word);
                if (0 == flag)
                {
                    throw LineCursor.fail(column, null != VerbSyntax.find(verb, word) ? word + " needs a value: " +
                        word + "=..." : "'" + word + "' is not an SQE flag; known: " + VerbSyntax.sqeFlagNames());
                }
                flags |= flag;
                continue;
            }
            final int valueColumn = in.column();
            final String value = in.word();
            if (value.isEmpty())
            {
                throw LineCursor.fail(valueColumn, "missing value after " + word + "=");
            }
            switch (word)
            {
                case "timeout" -> timeoutNanos = duration(value, valueColumn);
                case "prio" ->
                {
                    final long n = number(value, valueColumn);
                    if (n < 0 || n > 0xFFFF)
                    {
                        throw LineCursor.fail(valueColumn, "prio=" + n + " must be in [0, 65535]");
                    }
                    priority = (int)n;
                }
                default ->
                {
                    final Param param = VerbSyntax.find(verb, word);
                    if (null == param)
                    {
                        throw LineCursor.fail(column, Opcode.nameOf(opcode).toLowerCase(Locale.ROOT) +
                            " has no argument '" + word + "'; known: " +
                            VerbSyntax.namesOf(verb) + ", timeout, prio");
                    }
                    if (null != args[param.arg()])
                    {
                        throw LineCursor.fail(column, "arg" + param.arg() + " is given twice");
                    }
                    args[param.arg()] = operand(verb, param, value, valueColumn);
                    columns[param.arg()] = valueColumn;
                }
            }
        }
        defaults(verb, args, columns, verbColumn);
        submissions.add(new Script.Submission(line, label, userData, opcode, Arrays.asList(args), flags, priority,
            timeoutNanos, saveRegister));
    }

    /**
     * A verb by name (any case) or by code, through {@link Opcode#parse}.
     */
    private static int opcode(final String word, final int column)
    {
        final int opcode;
        try
        {
            opcode = Opcode.parse(word);
        }
        catch (final IllegalArgumentException ex)
        {
            throw LineCursor.fail(column, (word.isEmpty() ? "missing verb" : "unknown verb '" + word + "'") +
                "; known: " + VerbSyntax.verbNames() + ", a code 0..255, or buffer, print");
        }
        if (!VerbSyntax.isSupported(opcode))
        {
            throw LineCursor.fail(column, Opcode.nameOf(opcode).toLowerCase(Locale.ROOT) +
                " takes a vector of buffer references, which exec has no text form for");
        }
        return opcode;
    }

    private Operand operand(final Opcode verb, final Param param, final String value, final int column)
    {
        final int register = register(value, column);
        if (register >= 0)
        {
            return Operand.register(register);
        }
        return switch (param.kind())
        {
            case HANDLE, NUMBER, LENGTH -> Operand.literal(number(value, column));
            case POSITION -> Operand.literal("cur".equals(value) ? Sqe.CURRENT_POSITION : number(value, column));
            case DURATION -> Operand.literal(duration(value, column));
            case BUFFER, RAW -> isNumber(value) ? Operand.literal(number(value, column)) :
                Operand.buffer(knownBuffer(value, column).name());
            case FLAGS -> flags(verb, value, column);
            case USER_DATA ->
            {
                if (isNumber(value))
                {
                    yield Operand.literal(number(value, column));
                }
                final Integer target = labels.get(value);
                if (null == target)
                {
                    throw LineCursor.fail(column, "label '" + value + "' is not defined on an earlier line");
                }
                yield Operand.literal(target);
            }
        };
    }

    private static Operand flags(final Opcode verb, final String value, final int column)
    {
        try
        {
            return Operand.literal(VerbFlags.parse(verb, value));
        }
        catch (final IllegalArgumentException ex)
        {
            throw LineCursor.fail(column, ex instanceof NumberFormatException ?
                "'" + value + "' is not a number" : ex.getMessage());
        }
    }

    /**
     * Fills what the line left out: a length is the size of the buffer in arg1, a position is the current one,
     * anything else is 0; checks required arguments and literal lengths against their buffer.
     */
    private void defaults(final Opcode verb, final Operand[] args, final int[] columns, final int verbColumn)
    {
        for (final Param param : VerbSyntax.paramsOf(verb))
        {
            final Operand given = args[param.arg()];
            if (null == given && param.required())
            {
                throw LineCursor.fail(verbColumn, lower(verb) + " needs " + param.name() + "=");
            }
            if (Kind.POSITION == param.kind() && null == given)
            {
                args[param.arg()] = Operand.literal(Sqe.CURRENT_POSITION);
            }
            if (Kind.LENGTH == param.kind())
            {
                final Operand payload = args[1];
                final Script.Buffer buffer = null != payload && Operand.BUFFER == payload.kind() ?
                    buffers.get(payload.buffer()) : null;
                if (null == given && null == buffer)
                {
                    throw LineCursor.fail(verbColumn, lower(verb) + " needs len= when arg1 is not a buffer's name");
                }
                if (null == given)
                {
                    args[param.arg()] = Operand.literal(buffer.size());
                }
                else if (null != buffer && Operand.LITERAL == given.kind())
                {
                    checkedLength(given.value(), buffer, columns[param.arg()]);
                }
            }
        }
        for (int i = 0; i < args.length; i++)
        {
            if (null == args[i])
            {
                args[i] = Operand.literal(0);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Words.
    // ---------------------------------------------------------------------------------------------------------------

    private void expectEnd(final LineCursor in)
    {
        if (!in.atEnd())
        {
            throw LineCursor.fail(in.column(), "unexpected '" + in.rest() + "' at the end of the line");
        }
    }

    private Script.Buffer knownBuffer(final String name, final int column)
    {
        final Script.Buffer buffer = buffers.get(name);
        if (null == buffer)
        {
            throw LineCursor.fail(column, name.isEmpty() ? "expected a buffer's name" :
                "buffer '" + name + "' is not declared on an earlier line: buffer " + name + "[SIZE]");
        }
        return buffer;
    }

    private static long checkedLength(final long length, final Script.Buffer buffer, final int column)
    {
        if (length < 0 || length > buffer.size())
        {
            throw LineCursor.fail(column, "len=" + length + " must be in [0, " + buffer.size() + "], the size of " +
                "buffer " + buffer.name());
        }
        return length;
    }

    private static String lower(final Opcode verb)
    {
        return verb.name().toLowerCase(Locale.ROOT);
    }

    private static boolean isIdentifier(final String word)
    {
        if (word.isEmpty() || !Character.isLetter(word.charAt(0)))
        {
            return false;
        }
        for (int i = 1; i < word.length(); i++)
        {
            final char c = word.charAt(i);
            if (!Character.isLetterOrDigit(c) && '_' != c && '-' != c)
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(final String word)
    {
        return !word.isEmpty() && (Character.isDigit(word.charAt(0)) ||
            ('-' == word.charAt(0) && word.length() > 1 && Character.isDigit(word.charAt(1))));
    }

    private static boolean registerShaped(final String word)
    {
        return word.length() >= 2 && ('R' == word.charAt(0) || 'r' == word.charAt(0)) &&
            word.substring(1).chars().allMatch(Character::isDigit);
    }

    /**
     * {@code R0}..{@code R6} (either case).
     *
     * @return the index, or -1 if the word is not a register's name.
     * @throws LineCursor.Failure for a register that does not exist, such as {@code R7}.
     */
    static int register(final String word, final int column)
    {
        if (!registerShaped(word))
        {
            return -1;
        }
        if (2 != word.length() || word.charAt(1) > '6')
        {
            throw LineCursor.fail(column, "register " + word + " does not exist; there are R0..R6");
        }
        return word.charAt(1) - '0';
    }

    /**
     * A number: decimal, {@code 0x} hex, or octal with a leading 0 ({@code 0644}); a leading '-' negates it.
     */
    static long number(final String word, final int column)
    {
        final boolean negative = word.startsWith("-");
        final String digits = negative ? word.substring(1) : word;
        try
        {
            final long value;
            if (digits.startsWith("0x") || digits.startsWith("0X"))
            {
                value = Long.parseUnsignedLong(digits.substring(2), 16);
            }
            else if (digits.length() > 1 && '0' == digits.charAt(0))
            {
                value = Long.parseLong(digits.substring(1), 8);
            }
            else
            {
                value = Long.parseLong(digits);
            }
            return negative ? -value : value;
        }
        catch (final NumberFormatException ex)
        {
            throw LineCursor.fail(column, "'" + word + "' is not a number (decimal, 0x hex or 0 octal)");
        }
    }

    /**
     * A duration as scripts write it, for options such as {@code --wait}.
     *
     * @param text a number and a unit, {@code ns}, {@code us}, {@code ms} or {@code s}, such as {@code 5ms}.
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the text if it is not a duration.
     */
    public static long duration(final String text)
    {
        try
        {
            return duration(text, 1);
        }
        catch (final LineCursor.Failure failure)
        {
            throw new IllegalArgumentException(failure.getMessage());
        }
    }

    /**
     * A duration: a number and a unit, {@code ns}, {@code us}, {@code ms} or {@code s}; 0 needs none.
     *
     * @return nanoseconds.
     */
    static long duration(final String word, final int column)
    {
        int split = 0;
        while (split < word.length() && Character.isDigit(word.charAt(split)))
        {
            split++;
        }
        final String unit = word.substring(split);
        if (0 == split || (unit.isEmpty() && !"0".equals(word)))
        {
            throw LineCursor.fail(column, "'" + word + "' is not a duration: a number and ns, us, ms or s (5ms)");
        }
        final long scale = switch (unit)
        {
            case "", "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> throw LineCursor.fail(column + split, "unit '" + unit + "' is unknown; known: ns, us, ms, s");
        };
        try
        {
            return Math.multiplyExact(Long.parseLong(word.substring(0, split)), scale);
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw LineCursor.fail(column, "duration '" + word + "' is too long");
        }
    }
}
