package io.ringwork.examples.kv;

import io.ringwork.Errno;
import io.ringwork.FileStat;
import io.ringwork.scheme.Request;
import io.ringwork.scheme.SchemeHandle;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * {@code kv:} opened with the empty key: a read-only snapshot of the keys at open time, each followed by a newline,
 * read like a file (a directory listing, as Redox schemes give one). It only opens read-only, so the runtime
 * refuses writes with {@code EBADF}; {@link KvScheme#KV_DELETE} fails with {@code EISDIR}.
 */
final class KvListing implements SchemeHandle
{
    private static final int MODE = 0500;

    private final byte[] text;
    private final long openedNanos = System.currentTimeMillis() * 1_000_000L;

    KvListing(final byte[] text)
    {
        this.text = text;
    }

    @Override
    public void read(final Request request)
    {
        final long position = request.position();
        if (position >= text.length)
        {
            request.complete(0);
            return;
        }
        int at = (int)position;
        for (int i = 0; i < request.bufferCount() && at < text.length; i++)
        {
            final MemorySegment buffer = request.buffer(i);
            final int length = (int)Math.min(buffer.byteSize(), text.length - at);
            MemorySegment.copy(text, at, buffer, JAVA_BYTE, 0, length);
            at += length;
        }
        request.complete(at - position);
    }

    @Override
    public void write(final Request request)
    {
        request.fail(Errno.EISDIR);
    }

    @Override
    public long size()
    {
        return text.length;
    }

    @Override
    public void stat(final Request request)
    {
        request.completeStat(new FileStat(text.length, FileStat.TYPE_DIRECTORY, MODE, openedNanos, openedNanos,
            openedNanos));
    }

    @Override
    public void call(final Request request)
    {
        request.fail(KvScheme.KV_DELETE == request.opcode() ? Errno.EISDIR : Errno.ENOSYS);
    }

    @Override
    public void close()
    {
    }
}
