package io.ringwork.internal.linux.uring;

import io.ringwork.Errno;
import io.ringwork.RingworkException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Whether io_uring can serve {@code file:} here, probed once per JVM (Netty's {@code IoUring.isAvailable()} shape):
 * the property {@code -Dringwork.iouring=false} (read at each call) forces the portable backend; otherwise the
 * downcalls must link,
 * {@code /proc/sys/kernel/io_uring_disabled} must not be 2, {@code io_uring_setup} must succeed (containers and
 * seccomp profiles often answer {@code ENOSYS} or {@code EPERM}), and {@code IORING_REGISTER_PROBE} must report
 * every opcode the backend uses.
 */
public final class IoUringSupport
{
    /** The system property: {@code false} forces the portable backend. */
    public static final String PROPERTY = "ringwork.iouring";

    /** Opcodes {@link IoUringFileScheme} submits; all must be supported. */
    static final int[] REQUIRED_OPCODES = {
        IoUringConstants.IORING_OP_NOP, IoUringConstants.IORING_OP_READV, IoUringConstants.IORING_OP_WRITEV,
        IoUringConstants.IORING_OP_FSYNC, IoUringConstants.IORING_OP_OPENAT, IoUringConstants.IORING_OP_STATX,
        IoUringConstants.IORING_OP_READ, IoUringConstants.IORING_OP_WRITE, IoUringConstants.IORING_OP_READ_FIXED,
        IoUringConstants.IORING_OP_WRITE_FIXED, IoUringConstants.IORING_OP_ASYNC_CANCEL,
        IoUringConstants.IORING_OP_TIMEOUT};

    private static final Path DISABLED_SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");
    private static final Throwable CAUSE;
    private static final BitSet SUPPORTED = new BitSet(IoUringProbe.MAX_OPS);
    private static final int FEATURES;

    static
    {
        Throwable cause = null;
        int features = 0;
        try
        {
            features = probe(SUPPORTED);
            for (final int opcode : REQUIRED_OPCODES)
            {
                if (!SUPPORTED.get(opcode))
                {
                    throw new RingworkException(Errno.EOPNOTSUPP, "kernel lacks io_uring opcode " + opcode);
                }
            }
        }
        catch (final Throwable ex)
        {
            cause = ex;
        }
        CAUSE = cause;
        FEATURES = features;
    }

    private IoUringSupport()
    {
    }

    private static int probe(final BitSet supported)
    {
        if (!Syscalls.isLinked())
        {
            throw new UnsupportedOperationException("io_uring downcalls unavailable", Syscalls.linkFailure());
        }
        final String disabled = readSysctl();
        if ("2".equals(disabled))
        {
            throw new RingworkException(Errno.EPERM, "io_uring disabled by sysctl kernel.io_uring_disabled=2");
        }
        try (IoUring ring = IoUring.create(2, 0);
            Arena arena = Arena.ofConfined())
        {
            final long size = IoUringProbe.OPS_OFFSET + IoUringProbe.MAX_OPS * IoUringProbe.OP_SIZE;
            final MemorySegment probe = arena.allocate(size, 8);
            final int result = Syscalls.ioUringRegister(ring.capture(), ring.fd(),
                IoUringConstants.IORING_REGISTER_PROBE, probe, IoUringProbe.MAX_OPS);
            if (result < 0)
            {
                throw new RingworkException(Syscalls.errnoOf(result), "IORING_REGISTER_PROBE");
            }
            final int length = Math.min(Byte.toUnsignedInt(probe.get(JAVA_BYTE, IoUringProbe.OPS_LEN_OFFSET)),
                IoUringProbe.MAX_OPS);
            for (int i = 0; i < length; i++)
            {
                final long at = IoUringProbe.OPS_OFFSET + i * IoUringProbe.OP_SIZE;
                if (0 != (probe.get(JAVA_SHORT, at + IoUringProbe.OP_FLAGS_OFFSET) &
                    IoUringConstants.IO_URING_OP_SUPPORTED))
                {
                    supported.set(Byte.toUnsignedInt(probe.get(JAVA_BYTE, at + IoUringProbe.OP_OP_OFFSET)));
                }
            }
            return ring.features();
        }
    }

    private static String readSysctl()
    {
        try
        {
            return Files.readString(DISABLED_SYSCTL, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException | SecurityException ex)
        {
            return "";
        }
    }

    /**
     * Whether the io_uring backend can be used.
     *
     * @return true if every check passed.
     */
    public static boolean isAvailable()
    {
        return null == CAUSE && !isDisabledByProperty();
    }

    private static boolean isDisabledByProperty()
    {
        return "false".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
    }

    /**
     * Why io_uring cannot be used.
     *
     * @return the cause, or null when available.
     */
    public static Throwable unavailabilityCause()
    {
        if (null == CAUSE && isDisabledByProperty())
        {
            return new UnsupportedOperationException("io_uring disabled by -D" + PROPERTY + "=false");
        }
        return CAUSE;
    }

    /**
     * Whether the kernel reported an opcode as supported.
     *
     * @param opcode {@code IORING_OP_*}.
     * @return true if supported (false too when the probe did not run).
     */
    public static boolean isSupported(final int opcode)
    {
        return opcode >= 0 && SUPPORTED.get(opcode);
    }

    /**
     * The kernel's {@code IORING_FEAT_*} bits.
     *
     * @return features, 0 when unavailable.
     */
    public static int features()
    {
        return FEATURES;
    }

    /**
     * One line for logs: available with which features and opcodes, or the cause.
     *
     * @return the description.
     */
    public static String describe()
    {
        return isAvailable() ? "io_uring available: features=0x" + Integer.toHexString(FEATURES) + " opcodes=" +
            SUPPORTED.cardinality() : "io_uring unavailable: " + unavailabilityCause();
    }
}
