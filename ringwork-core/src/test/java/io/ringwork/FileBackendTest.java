package io.ringwork;

import io.ringwork.internal.linux.uring.IoUringSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The runtime picks io_uring for {@code file:} exactly where the probe says it is available.
 */
class FileBackendTest
{
    @Test
    void shouldServeFilesOnIoUringWhenTheKernelAllowsIt()
    {
        try (Ringwork runtime = Ringwork.start())
        {
            assertEquals(IoUringSupport.isAvailable() ? "io_uring" : "nio", runtime.fileBackend(),
                IoUringSupport.describe());
        }
    }
}
