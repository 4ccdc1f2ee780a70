package io.ringwork.examples.kv;

import io.ringwork.Completion;
import io.ringwork.Errno;
import io.ringwork.Sqe;
import io.ringwork.VerbFlags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code kv:} through a real runtime against a {@link HashMap} model: random puts, gets, deletes, writes at
 * positions, truncates and listings over a few keys, each answer compared with the model's.
 */
class KvModelProperties
{
    private static final int MAX_VALUE = 512;
    private static KvFixture fixture;

    sealed interface Step permits Put, Get, Delete, WriteAt, Truncate, Keys
    {
    }

    record Put(String key, byte[] value) implements Step
    {
        @Override
        public String toString()
        {
            return "Put[" + key + ", " + value.length + " bytes]";
        }
    }

    record Get(String key) implements Step
    {
    }

    record Delete(String key) implements Step
    {
    }

    record WriteAt(String key, int position, byte[] data) implements Step
    {
        @Override
        public String toString()
        {
            return "WriteAt[" + key + ", @" + position + ", " + data.length + " bytes]";
        }
    }

    record Truncate(String key, int length) implements Step
    {
    }

    record Keys() implements Step
    {
    }

    @BeforeContainer
    static void start()
    {
        fixture = new KvFixture(new KvScheme(64, MAX_VALUE));
    }

    @AfterContainer
    static void stop()
    {
        fixture.close();
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<String> keys = Arbitraries.of("a", "b", "dir/c", "ü-key", "k".repeat(255));
        final Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        final Arbitrary<Step> put = Combinators.combine(keys, values).as(Put::new);
        final Arbitrary<Step> get = keys.map(Get::new);
        final Arbitrary<Step> delete = keys.map(Delete::new);
        final Arbitrary<Step> writeAt = Combinators.combine(keys, Arbitraries.integers().between(0, 400), values)
            .as(WriteAt::new);
        final Arbitrary<Step> truncate = Combinators.combine(keys, Arbitraries.integers().between(0, 600))
            .as(Truncate::new);
        final Arbitrary<Step> list = Arbitraries.just(new Keys());
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, put), net.jqwik.api.Tuple.of(4, get), net.jqwik.api.Tuple.of(2, delete),
            net.jqwik.api.Tuple.of(3, writeAt), net.jqwik.api.Tuple.of(2, truncate),
            net.jqwik.api.Tuple.of(1, list))
            .list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 200)
    void shouldAnswerLikeAHashMap(@ForAll("steps") final List<Step> steps)
    {
        fixture.runtime.unmount("kv");
        fixture.runtime.mount("kv", new KvScheme(64, MAX_VALUE));
        final Map<String, byte[]> model = new HashMap<>();
        try (KvClient client = new KvClient(fixture.ring, fixture.pool, "kv", MAX_VALUE,
            KvClient.DEFAULT_TIMEOUT_NANOS))
        {
            for (final Step step : steps)
            {
                switch (step)
                {
                    case Put(final String key, final byte[] value) ->
                    {
                        client.put(key, value);
                        model.put(key, value.clone());
                    }
                    case Get(final String key) ->
                    {
                        final byte[] expected = model.get(key);
                        if (null == expected)
                        {
                            assertNull(client.get(key), key);
                        }
                        else
                        {
                            assertArrayEquals(expected, client.get(key), key);
                        }
                    }
                    case Delete(final String key) -> assertEquals(null != model.remove(key), client.delete(key), key);
                    case WriteAt(final String key, final int position, final byte[] data) ->
                        writeAt(model, key, position, data);
                    case Truncate(final String key, final int length) -> truncate(model, key, length);
                    case Keys() -> assertEquals(new ArrayList<>(new TreeSet<>(model.keySet())), client.keys());
                }
            }
            for (final Map.Entry<String, byte[]> entry : model.entrySet())
            {
                assertArrayEquals(entry.getValue(), client.get(entry.getKey()), entry.getKey());
            }
        }
    }

    /**
     * OPEN with CREATE, TRUNCATE, CLOSE, as one raw chain; the model cuts or extends with zeros (past the largest
     * value: EFBIG, nothing changes).
     */
    private static void truncate(final Map<String, byte[]> model, final String key, final int length)
    {
        final String path = "kv:" + key;
        final long pathRef = fixture.text(path);
        fixture.sqe().prepOpen(pathRef, KvFixture.length(path), VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE, 0)
            .saveResult(1).flags(Sqe.LINK);
        fixture.sqe().prepTruncate(0, length).loadArg(0, 1).flags(Sqe.HARDLINK);
        fixture.sqe().prepClose(0).loadArg(0, 1);
        final List<Completion> done = fixture.submitAndWait(3);
        fixture.pool.free(pathRef);

        final byte[] old = model.getOrDefault(key, new byte[0]);
        model.put(key, old);
        assertEquals(Errno.EOK, done.get(0).errno(), done::toString);
        assertEquals(Errno.EOK, done.get(2).errno(), done::toString);
        if (length > MAX_VALUE)
        {
            assertEquals(Errno.EFBIG, done.get(1).errno(), done::toString);
            return;
        }
        assertEquals(Errno.EOK, done.get(1).errno(), done::toString);
        model.put(key, Arrays.copyOf(old, length));
    }

    /**
     * OPEN with CREATE, WRITE at a position, CLOSE, as one raw chain; the model grows the value the same way (a gap
     * is zeros, a write past the largest value is EFBIG and changes nothing).
     */
    private static void writeAt(final Map<String, byte[]> model, final String key, final int position,
        final byte[] data)
    {
        final String path = "kv:" + key;
        final long pathRef = fixture.text(path);
        final long dataRef = fixture.bytes(data);
        fixture.sqe().prepOpen(pathRef, KvFixture.length(path), VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE, 0)
            .saveResult(1).flags(Sqe.LINK);
        fixture.sqe().prepWrite(0, dataRef, data.length, position).loadArg(0, 1).flags(Sqe.HARDLINK);
        fixture.sqe().prepClose(0).loadArg(0, 1);
        final List<Completion> done = fixture.submitAndWait(3);
        fixture.pool.free(pathRef);
        fixture.pool.free(dataRef);

        final byte[] old = model.getOrDefault(key, new byte[0]);
        model.put(key, old);
        assertEquals(Errno.EOK, done.get(0).errno(), done::toString);
        assertEquals(Errno.EOK, done.get(2).errno(), done::toString);
        if (0 == data.length)
        {
            assertEquals(0, done.get(1).result());
            return;
        }
        if (position + data.length > MAX_VALUE)
        {
            assertEquals(Errno.EFBIG, done.get(1).errno(), done::toString);
            return;
        }
        assertEquals(data.length, done.get(1).result(), done::toString);
        final byte[] grown = Arrays.copyOf(old, Math.max(old.length, position + data.length));
        System.arraycopy(data, 0, grown, position, data.length);
        model.put(key, grown);
    }
}
