package dev.seedloop.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code seedloop} command. */
@Command(name = "seedloop", mixinStandardHelpOptions = true, version = "seedloop 0.1.0",
        description = "A Kafka-native data factory for instruction-tuning data.",
        subcommands = {DemoCommand.class, IngestCommand.class, ExportCommand.class, ReportCommand.class,
            AuditCommand.class, FilterFileCommand.class, ReplayCommand.class, StageCommand.Generator.class,
            StageCommand.Filter.class, StageCommand.Responder.class, StageCommand.Sink.class,
            SimulatedLlmCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Seedloop implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand, as {@code main} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new Seedloop()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
