package io.ringwork.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ringwork} command: one entry point, a subcommand per job.
 */
@Command(
    name = "ringwork",
    mixinStandardHelpOptions = true,
    versionProvider = RingworkCli.Version.class,
    description = "Shared-memory submission and completion rings for the JVM.",
    subcommands = {DemoCommand.class, ExecCommand.class, BenchCommand.class, StatCommand.class, ServeCommand.class,
        CommandLine.HelpCommand.class})
public final class RingworkCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new RingworkCli()).execute(args));
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * Reports the version.
     */
    public static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = RingworkCli.class.getPackage().getImplementationVersion();
            return new String[] {"ringwork " + (null == version ? "0.1.0-SNAPSHOT" : version) +
                " on Java " + Runtime.version()};
        }
    }
}
