package io.ringwork;

/**
 * The one exception type of Ringwork, carrying the {@link Errno} that explains it.
 * <p>
 * Hot paths do not throw: they return documented sentinels or post error completions. This exception is for misuse
 * and for the synchronous API built on completions. The {@link Category} prefixes the message, as Aeron does, so a
 * log line says at once whether the process can go on.
 */
public class RingworkException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * How bad an error is.
     */
    public enum Category
    {
        /** The ring, pool or process can no longer be used. */
        FATAL,
        /** The operation failed; the ring goes on. */
        ERROR,
        /** Something worth knowing; the operation may still have done its work. */
        WARN
    }

    private final Errno errno;
    private final Category category;
    private final String detail;

    /**
     * An error of category {@link Category#ERROR}.
     *
     * @param errno  the code.
     * @param detail what failed, naming the values involved.
     */
    public RingworkException(final Errno errno, final String detail)
    {
        this(errno, Category.ERROR, detail, null);
    }

    /**
     * An error with a category and a cause.
     *
     * @param errno    the code.
     * @param category how bad it is.
     * @param detail   what failed, naming the values involved.
     * @param cause    the underlying exception, or null.
     */
    public RingworkException(final Errno errno, final Category category, final String detail, final Throwable cause)
    {
        super(category + " " + errno.name() + ": " + detail + " (" + errno.message() + ")", cause);
        this.errno = errno;
        this.detail = detail;
        this.category = category;
    }

    /**
     * What failed, without the category and errno the message adds.
     *
     * @return the detail given to the constructor.
     */
    public String detail()
    {
        return detail;
    }

    /**
     * The error code.
     *
     * @return the errno.
     */
    public Errno errno()
    {
        return errno;
    }

    /**
     * How bad the error is.
     *
     * @return the category.
     */
    public Category category()
    {
        return category;
    }
}
