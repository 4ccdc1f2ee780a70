package io.ringwork.cli.exec;

import io.ringwork.Opcode;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptParserTest
{
    @Test
    void shouldFillEverySqeFieldFromOneLine() throws ScriptException
    {
        final Script script = ScriptParser.parse("""
            buffer path = "file:/tmp/x"
            first: open path=path flags=READ|WRITE|CREATE mode=0640 timeout=2ms prio=7 ->R3 LINK DRAIN
            """);

        final Script.Submission open = script.submissions().getFirst();
        assertEquals("first", open.label());
        assertEquals(2, open.userData());
        assertEquals(Opcode.OPEN.code(), open.opcode());
        assertEquals(List.of(Operand.literal(0), Operand.buffer("path"), Operand.literal(11),
            Operand.literal(VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE),
            Operand.literal(0640)), open.args());
        assertEquals(Sqe.LINK | Sqe.DRAIN, open.flags());
        assertEquals(7, open.priority());
        assertEquals(2_000_000, open.timeoutNanos());
        assertEquals(3, open.saveRegister());
    }

    @Test
    void shouldTakeLengthFromTheBufferAndTheCurrentPositionWhenLeftOut() throws ScriptException
    {
        final Script script = ScriptParser.parse("buffer data[4096]\nread handle=R2 buf=data\n");

        final Script.Submission read = script.submissions().getFirst();
        assertEquals(List.of(Operand.register(2), Operand.buffer("data"), Operand.literal(4096),
            Operand.literal(Sqe.CURRENT_POSITION), Operand.literal(0)), read.args());
        assertEquals(2, read.userData());
        assertNull(read.label());
        assertEquals(-1, read.saveRegister());
    }

    @Test
    void shouldResolveALabelToItsUserDataAndUseANumericLabelAsUserData() throws ScriptException
    {
        final Script script = ScriptParser.parse("""
            sleeper: nop timeout=1s
            77: cancel target=sleeper flags=ALL
            """);

        assertEquals(1, script.submissions().get(0).userData());
        assertEquals(77, script.submissions().get(1).userData());
        assertEquals(Operand.literal(1), script.submissions().get(1).args().get(0));
        assertEquals(Operand.literal(VerbFlags.CANCEL_ALL), script.submissions().get(1).args().get(1));
    }

    @Test
    void shouldDecodeStringEscapesAndPadToTheDeclaredSize() throws ScriptException
    {
        final Script script = ScriptParser.parse("buffer b[12] = \"a\\n\\t\\\"\\\\\\x7f\\0é\"  # comment\n");

        final Script.Buffer buffer = script.buffers().getFirst();
        assertEquals(12, buffer.size());
        final byte[] expected = "a\n\t\"\\\u007f\0é".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, buffer.contents());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "42; 42", "0x2a; 42", "052; 42", "-1; -1", "0; 0"})
    void shouldReadNumbersInDecimalHexAndOctal(final String text, final long value)
    {
        assertEquals(value, ScriptParser.number(text, 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0; 0", "7ns; 7", "3us; 3000", "5ms; 5000000", "2s; 2000000000"})
    void shouldReadDurationsWithUnits(final String text, final long nanos)
    {
        assertEquals(nanos, ScriptParser.duration(text));
    }

    @Test
    void shouldTakeAVerbByItsCodeWithRawArgumentsWhenItIsASchemesOwn() throws ScriptException
    {
        final Script script = ScriptParser.parse("""
            buffer key = "k"
            130 arg0=R0 arg1=key arg2=1 arg4=0x10
            1 handle=3 buf=key
            """);

        final Script.Submission user = script.submissions().get(0);
        assertEquals(130, user.opcode());
        assertEquals("USER(130)", user.verbName());
        assertEquals(List.of(Operand.register(0), Operand.buffer("key"), Operand.literal(1), Operand.literal(0),
            Operand.literal(16)), user.args());
        assertEquals(Opcode.READ.code(), script.submissions().get(1).opcode());
        assertEquals(Operand.literal(1), script.submissions().get(1).args().get(2));
    }

    @Test
    void shouldPrintRegistersAndBuffersInTheAskedFormat() throws ScriptException
    {
        final Script script = ScriptParser.parse("buffer st[48]\nprint R4\nprint st len=R1 as hex\nprint st as stat");

        assertEquals(new Script.Print(2, null, 4, null, Script.Format.TEXT), script.prints().get(0));
        assertEquals(new Script.Print(3, "st", -1, Operand.register(1), Script.Format.HEX), script.prints().get(1));
        assertEquals(Script.Format.STAT, script.prints().get(2).format());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "frob handle=1; 1; unknown verb 'frob'; known: nop, read",
        "read handle=1; 1; read needs buf=",
        "buffer d[8]~read handle=1 buf=d len=9; 25; len=9 must be in [0, 8], the size of buffer d",
        "read handle=R7 buf=0 len=1; 13; register R7 does not exist; there are R0..R6",
        "read handle=1 buf=nowhere len=1; 19; buffer 'nowhere' is not declared on an earlier line",
        "read handle=1 buf=0; 1; read needs len= when arg1 is not a buffer's name",
        "close handle=1 size=3; 16; close has no argument 'size'; known: handle, arg0..arg4, timeout, prio",
        "close handle=1 LIKN; 16; 'LIKN' is not an SQE flag; known: LINK, HARDLINK, DRAIN",
        "close handle=1 handle=2; 16; arg0 is given twice",
        "close handle=1 handle; 16; handle needs a value: handle=...",
        "nop timeout=5; 13; '5' is not a duration",
        "nop timeout=5m; 14; unit 'm' is unknown; known: ns, us, ms, s",
        "nop prio=70000; 10; prio=70000 must be in [0, 65535]",
        "nop ->R1 ->R2; 10; the result is already saved in R1",
        "open path=0 len=3 flags=READ|SHOUT; 25; flag=SHOUT is not a OPEN flag; known: READ, WRITE",
        "buffer x = \"abc; 12; string is not closed",
        "buffer x = \"a\\qb\"; 14; escape \\q is unknown",
        "buffer x[2] = \"abc\"; 15; contents are 3 bytes, more than size=2",
        "buffer x; 9; buffer x needs a size, [N], or contents",
        "buffer R1[4]; 8; buffer name 'R1' must be a letter",
        "a: nop~a: nop; 1; label a is already used on line 1",
        "nop~1: nop; 1; user_data 1 is already used by line 1",
        "cancel target=later; 15; label 'later' is not defined on an earlier line",
        "readv handle=1; 1; readv takes a vector of buffer references",
        "11 arg0=1; 1; readv takes a vector of buffer references",
        "300; 1; unknown verb '300'",
        "130 handle=1; 5; user(130) has no argument 'handle'; known: arg0..arg4, timeout, prio",
        "print nothing; 7; buffer 'nothing' is not declared",
        "buffer b[8]~print b as stat; 7; buffer b holds 8 bytes; a STAT needs 48",
        "buffer b[8]~print b as yaml; 12; format 'yaml' is unknown",
        "= nop; 1; expected a verb, 'buffer' or 'print'"})
    void shouldReportLineColumnAndMessageWhenALineIsWrong(final String lines, final int column, final String message)
    {
        final String text = lines.replace('~', '\n');
        final ScriptException ex = assertThrows(ScriptException.class, () -> ScriptParser.parse(text));

        final ScriptError error = ex.errors().getFirst();
        assertEquals(1, ex.errors().size(), ex.errors().toString());
        assertEquals(text.split("\n").length, error.line(), error.toString());
        assertEquals(column, error.column(), error.toString());
        assertTrue(error.message().startsWith(message), error.message());
    }

    @Test
    void shouldReportEveryWrongLineWithACaretUnderTheColumn()
    {
        final ScriptException ex = assertThrows(ScriptException.class, () -> ScriptParser.parse("""
            nop
            nop flags=1
            nop
            clsoe handle=1
            """));

        assertEquals(2, ex.errors().size());
        assertEquals(2, ex.errors().get(0).line());
        assertEquals(4, ex.errors().get(1).line());
        final String[] shown = ex.errors().get(0).format().split(System.lineSeparator());
        assertEquals("2:5: nop has no argument 'flags'; known: arg0..arg4, timeout, prio", shown[0]);
        assertEquals("    nop flags=1", shown[1]);
        assertEquals("        ^", shown[2]);
    }
}
