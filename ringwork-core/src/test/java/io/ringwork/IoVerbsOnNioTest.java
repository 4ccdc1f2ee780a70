package io.ringwork;

import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every verb test of {@link IoVerbsTest} again with {@code file:} forced onto the portable NIO backend by
 * {@code -Dringwork.iouring=false}; {@link IoVerbsTest} itself runs on the default backend (io_uring where the
 * kernel allows it), so both backends pass the same tests.
 */
class IoVerbsOnNioTest extends IoVerbsTest
{
    private static String before;

    @BeforeAll
    static void forceNio()
    {
        before = System.setProperty(IoUringSupport.PROPERTY, "false");
    }

    @AfterAll
    static void restoreDefault()
    {
        if (null == before)
        {
            System.clearProperty(IoUringSupport.PROPERTY);
        }
        else
        {
            System.setProperty(IoUringSupport.PROPERTY, before);
        }
    }

    @Test
    void shouldServeFilesOnNioWhenIoUringIsDisabled()
    {
        try (Ringwork runtime = Ringwork.start())
        {
            assertEquals("nio", runtime.fileBackend());
        }
    }
}
