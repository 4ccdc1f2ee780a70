/**
 * Ringwork: submission and completion rings in shared memory, as the whole interface between a program and the
 * services it uses. Only the API packages are exported; {@code io.ringwork.internal.*} is not.
 */
module io.ringwork
{
    requires jdk.net;
    // com.sun.nio.file.ExtendedOpenOption.DIRECT: O_DIRECT on the portable file: backend.
    requires jdk.unsupported;

    exports io.ringwork;
    exports io.ringwork.buffer;
    exports io.ringwork.nio;
    exports io.ringwork.scheme;
}
