package io.ringwork.internal.layout;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The var handles through which every ordered access to shared memory goes.
 * <p>
 * Coordinates are {@code (MemorySegment, long offset)}. The handles have exact invocation behaviour, so a call with
 * an {@code int} offset or an unexpected return type fails loudly in tests instead of silently adapting on a hot
 * path. Plain accesses use {@code MemorySegment.get/set} directly.
 */
public final class SharedAccess
{
    /** 32-bit aligned access. */
    public static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

    /** 64-bit aligned access. */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    private SharedAccess()
    {
    }
}
