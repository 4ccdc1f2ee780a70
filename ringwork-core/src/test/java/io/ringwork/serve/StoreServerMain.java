package io.ringwork.serve;

import io.ringwork.SchemeServer;
import io.ringwork.SchemeServerOptions;

import java.nio.file.Path;

/**
 * A second JVM publishing {@link StoreScheme}: {@code <directory> <name> spin|sleep <agents>}. Runs until killed;
 * SIGTERM closes the server gracefully.
 */
public final class StoreServerMain
{
    private StoreServerMain()
    {
    }

    /**
     * Publishes and waits.
     *
     * @param args directory, name, waiting mode, agents.
     * @throws InterruptedException never in practice.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        SchemeServerOptions options = SchemeServerOptions.defaults().withDirectory(Path.of(args[0]))
            .withAgents(Integer.parseInt(args[3]));
        if ("spin".equals(args[2]))
        {
            options = options.spinning();
        }
        final SchemeServer server = SchemeServer.publish(args[1], new StoreScheme(), options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("published " + ProcessHandle.current().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
