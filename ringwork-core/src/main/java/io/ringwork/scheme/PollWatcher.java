package io.ringwork.scheme;

/**
 * What a {@link SchemeHandle} tells when the readiness of its handle may have changed (new data written, space
 * freed, the peer gone). The runtime then asks {@link SchemeHandle#poll} again, so a spurious call costs little and
 * a missed one loses an event: call it after every change that could make a waiting poll ready.
 */
@FunctionalInterface
public interface PollWatcher
{
    /**
     * The readiness may have changed. Callable from any thread; it never blocks and never calls back into the
     * handle.
     */
    void changed();
}
