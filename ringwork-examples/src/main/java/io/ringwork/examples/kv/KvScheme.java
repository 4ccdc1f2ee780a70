package io.ringwork.examples.kv;

import io.ringwork.Errno;
import io.ringwork.Opcode;
import io.ringwork.VerbFlags;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.Scheme;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code kv:}: a thread-safe in-memory key-value store whose keys open like files. {@code OPEN "kv:<key>"} gives a
 * handle on one value: {@code READ} and {@code WRITE} at any position (a write past the end grows the value, a gap
 * reads as zeros), {@code TRUNCATE}, {@code STAT} (its size), {@code FSYNC} (nothing to flush), and the scheme's
 * own verb {@link #KV_DELETE}. {@code OPEN "kv:"} (the empty key, read-only) gives the listing: every key followed by
 * {@code '\n'}, sorted, as they were when it was opened.
 * <p>
 * Open flags mean what they mean for files: {@code OPEN_CREATE} makes a missing key (empty value),
 * {@code OPEN_EXCLUSIVE} with it fails with {@code EEXIST} if the key exists, {@code OPEN_TRUNCATE} empties the
 * value, and a handle reads only if opened with {@code OPEN_READ} and writes or deletes only if opened with
 * {@code OPEN_WRITE} ({@code EBADF} otherwise: the runtime checks READ and WRITE, the handle
 * {@link #KV_DELETE}). As with an unlinked file, a handle whose key was deleted keeps its
 * value until it is closed, and a new {@code OPEN_CREATE} of the key makes a new, empty value.
 * <p>
 * Keys are 1 to {@value #MAX_KEY_LENGTH} characters, any but control characters (so the listing can separate them
 * with newlines): a longer key is {@code ENAMETOOLONG}, a control character {@code ENOENT}. The store holds at most
 * {@code maxKeys} keys ({@code ENOSPC} beyond) and values of at most {@code maxValueBytes} bytes ({@code EFBIG}
 * beyond). Every operation is a memory copy under the value's lock, so all of them complete inside the call, on the
 * dispatcher thread, and a chain of {@code kv:} operations runs through in one dispatcher round. Values live on the
 * server's heap, not in a client's buffer pool, so every client of a published scheme sees the same store.
 */
public final class KvScheme implements Scheme
{
    /**
     * The scheme's own verb: deletes the key of the handle in {@code arg0} (opened with {@code OPEN_WRITE}). Result
     * 0; {@code ENOENT} if the key was already deleted (or deleted and created again: the handle's value is no longer
     * the key's), {@code EBADF} without {@code OPEN_WRITE}, {@code EISDIR} on the listing. {@code arg1..arg4} must be
     * 0 ({@code EINVAL}).
     */
    public static final int KV_DELETE = Opcode.USER_MIN;

    /** Longest key, in characters. */
    public static final int MAX_KEY_LENGTH = 255;

    /** Keys a store made by {@link #KvScheme()} holds at most. */
    public static final int DEFAULT_MAX_KEYS = 1 << 16;

    /** Largest value a store made by {@link #KvScheme()} holds, in bytes. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

    private static final int DEFAULT_MODE = 0600;
    private static final int WRITE_FLAGS = VerbFlags.OPEN_WRITE | VerbFlags.OPEN_CREATE | VerbFlags.OPEN_TRUNCATE |
        VerbFlags.OPEN_APPEND | VerbFlags.OPEN_EXCLUSIVE;

    private final Map<String, KvEntry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger keyCount = new AtomicInteger();
    private final int maxKeys;
    private final int maxValueBytes;

    /**
     * A store of at most {@value #DEFAULT_MAX_KEYS} keys and {@value #DEFAULT_MAX_VALUE_BYTES}-byte values.
     */
    public KvScheme()
    {
        this(DEFAULT_MAX_KEYS, DEFAULT_MAX_VALUE_BYTES);
    }

    /**
     * A store with the given bounds.
     *
     * @param maxKeys       keys held at most, at least 1.
     * @param maxValueBytes bytes of one value at most, 1 to {@code 1 << 30}.
     * @throws IllegalArgumentException for bounds out of range.
     */
    public KvScheme(final int maxKeys, final int maxValueBytes)
    {
        if (maxKeys < 1 || maxValueBytes < 1 || maxValueBytes > 1 << 30)
        {
            throw new IllegalArgumentException("maxKeys=" + maxKeys + " must be at least 1 and maxValueBytes=" +
                maxValueBytes + " 1 to 2^30");
        }
        this.maxKeys = maxKeys;
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void open(final Request request, final String path, final int flags, final int mode)
    {
        if (path.isEmpty())
        {
            openListing(request, flags);
            return;
        }
        final Errno invalid = checkKey(path);
        if (Errno.EOK != invalid)
        {
            request.fail(invalid);
            return;
        }
        KvEntry entry = entries.get(path);
        boolean created = false;
        if (null == entry)
        {
            if (0 == (flags & VerbFlags.OPEN_CREATE))
            {
                request.fail(Errno.ENOENT);
                return;
            }
            final KvEntry fresh = new KvEntry(maxValueBytes, 0 == mode ? DEFAULT_MODE : mode);
            entry = insert(path, fresh);
            if (null == entry)
            {
                request.fail(Errno.ENOSPC);
                return;
            }
            created = fresh == entry;
        }
        if (!created && 0 != (flags & VerbFlags.OPEN_EXCLUSIVE))
        {
            request.fail(Errno.EEXIST);
            return;
        }
        if (0 != (flags & VerbFlags.OPEN_TRUNCATE))
        {
            entry.truncate(0);
        }
        request.completeOpen(new KvHandle(this, path, entry, flags));
    }

    private void openListing(final Request request, final int flags)
    {
        if (0 != (flags & WRITE_FLAGS))
        {
            request.fail(Errno.EISDIR);
            return;
        }
        request.completeOpen(new KvListing(listing()));
    }

    /**
     * Puts a new entry under a missing key, unless the store is full, or finds the one a concurrent open put first.
     * The count is taken before the insert, so concurrent creates never hold more than {@code maxKeys} keys.
     *
     * @return {@code fresh}, the entry a concurrent open made, or null if the store is full.
     */
    private KvEntry insert(final String key, final KvEntry fresh)
    {
        if (keyCount.incrementAndGet() > maxKeys)
        {
            keyCount.decrementAndGet();
            return entries.get(key);
        }
        final KvEntry existing = entries.putIfAbsent(key, fresh);
        if (null != existing)
        {
            keyCount.decrementAndGet();
            return existing;
        }
        return fresh;
    }

    /**
     * Removes a key if it still names this entry.
     *
     * @param key   the key.
     * @param entry the handle's entry.
     * @return true if removed.
     */
    boolean delete(final String key, final KvEntry entry)
    {
        if (entries.remove(key, entry))
        {
            keyCount.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * The keys now, sorted, each followed by a newline.
     *
     * @return UTF-8 bytes.
     */
    byte[] listing()
    {
        final List<String> keys = new ArrayList<>(entries.keySet());
        keys.sort(null);
        final StringBuilder out = new StringBuilder(keys.size() * 16);
        for (final String key : keys)
        {
            out.append(key).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * How many keys the store holds now.
     *
     * @return the count.
     */
    public int size()
    {
        return keyCount.get();
    }

    /**
     * Whether a key is valid, and if not, why.
     *
     * @param key a key without the {@code kv:} prefix.
     * @return {@link Errno#EOK}, {@link Errno#ENAMETOOLONG} or {@link Errno#ENOENT}.
     */
    public static Errno checkKey(final String key)
    {
        if (key.isEmpty())
        {
            return Errno.ENOENT;
        }
        if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH)
        {
            return Errno.ENAMETOOLONG;
        }
        for (int i = 0; i < key.length(); i++)
        {
            if (Character.isISOControl(key.charAt(i)))
            {
                return Errno.ENOENT;
            }
        }
        return Errno.EOK;
    }
}
