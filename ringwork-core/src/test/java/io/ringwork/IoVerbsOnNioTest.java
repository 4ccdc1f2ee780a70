package io.ringwork;

import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every verb test of {@link IoVerbsTest} again with {@code file:} on the portable NIO backend
 * ({@link RingworkOptions#portableFiles()}); {@link IoVerbsTest} itself runs on the default backend (io_uring where
 * the kernel allows it), so both backends pass the same tests.
 */
class IoVerbsOnNioTest extends IoVerbsTest
{
    @Override
    RingworkOptions options()
    {
        return RingworkOptions.defaults().withPortableFiles(true);
    }

    @Test
    void shouldServeFilesOnNioWhenAskedTo()
    {
        try (Ringwork runtime = Ringwork.start(options()))
        {
            assertEquals("nio", runtime.fileBackend());
        }
    }

    @Test
    void shouldServeFilesOnNioWhenIoUringIsDisabledByTheSystemProperty()
    {
        final String before = System.setProperty(IoUringSupport.PROPERTY, "false");
        try (Ringwork runtime = Ringwork.start())
        {
            assertEquals("nio", runtime.fileBackend());
        }
        finally
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
    }
}
