package io.ringwork.internal.dispatch;

import io.ringwork.Errno;
import io.ringwork.RingworkException;
import io.ringwork.scheme.Scheme;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The names under which schemes are mounted: {@code "file"}, {@code "mem"}, a user's {@code "kv"}. Shared by every
 * dispatcher of a runtime; read on each OPEN, written rarely.
 */
public final class Namespace
{
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Map<String, Scheme> schemes = new ConcurrentHashMap<>();

    /**
     * Mounts a scheme.
     *
     * @param name   lower-case letters, digits, '_' and '-', starting with a letter, at most 32 characters.
     * @param scheme the service.
     * @throws IllegalArgumentException naming a malformed name.
     * @throws RingworkException        {@link Errno#EEXIST} if the name is taken.
     */
    public void mount(final String name, final Scheme scheme)
    {
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("scheme name=" + name + " must match " + NAME.pattern());
        }
        if (null != schemes.putIfAbsent(name, scheme))
        {
            throw new RingworkException(Errno.EEXIST, "scheme name=" + name + " is already mounted");
        }
    }

    /**
     * Unmounts a scheme; handles already open stay usable.
     *
     * @param name as mounted.
     * @return the scheme, or null if none had that name.
     */
    public Scheme unmount(final String name)
    {
        return schemes.remove(name);
    }

    /**
     * The scheme for a name.
     *
     * @param name the part of a path before ':'.
     * @return the scheme, or null.
     */
    public Scheme find(final String name)
    {
        return schemes.get(name);
    }

    /**
     * The names mounted, sorted.
     *
     * @return a copy.
     */
    public List<String> names()
    {
        return schemes.keySet().stream().sorted().toList();
    }
}
