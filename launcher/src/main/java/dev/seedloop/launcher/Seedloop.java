package dev.seedloop.launcher;

import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code seedloop} command. */
@Command(name = "seedloop", mixinStandardHelpOptions = true, version = "seedloop 0.1.0",
        description = "A Kafka-native data factory for instruction-tuning data.",
        subcommands = {DemoCommand.class, IngestCommand.class, ExportCommand.class, ReportCommand.class,
            AuditCommand.class, ContaminationCommand.class, FilterFileCommand.class, ReplayCommand.class, StageCommand.Generator.class,
            StageCommand.Filter.class, StageCommand.Responder.class, StageCommand.Sink.class,
            SimulatedLlmCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Seedloop implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // java.util.logging (OkHttp, JLine) goes where log4j sends the rest; set before anything logs through it
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with every subcommand, as {@code main} runs it. A usage mistake is one line naming what to
     * do instead (exit status 2); a failure nothing else caught is one line too (exit status 1), its stack trace
     * in the log, never on the terminal.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Seedloop()).setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(Seedloop::usageMistake)
                .setExecutionExceptionHandler(Seedloop::failure);
    }

    private static int usageMistake(CommandLine.ParameterException mistake, String[] arguments) {
        CommandLine command = mistake.getCommandLine();
        String name = command.getCommandName();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        String message = mistake.getMessage().replaceAll("\\s+", " ").strip();
        if (mistake instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        System.err.println(name + ": " + message + " (" + help + " lists the "
                + (command.getSubcommands().isEmpty() ? "options" : "commands") + ")");
        return 2;
    }

    private static int failure(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(Seedloop.class).error("{} failed", command.getCommandSpec().qualifiedName(), error);
        System.err.println(command.getCommandName() + " failed: " + ErrorMessages.oneLine(error));
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
