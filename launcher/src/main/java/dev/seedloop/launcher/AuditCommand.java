package dev.seedloop.launcher;

import dev.seedloop.launcher.audit.LoopAudit;
import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.runtime.kafka.KafkaClients;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seedloop audit}: are the loop's exactly-once promises kept on these topics? */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the loop's promises on its topics: every candidate has exactly one verdict, every "
                + "accepted instruction exactly one outcome, every example exactly one pool record, and no "
                + "machine-written pool instruction is a near-duplicate. Records still on their way are reported "
                + "as waiting.%nExit status: 0 clean (and drained, with --drained), 1 a promise is broken or, with "
                + "--drained, records are waiting, 2 bad usage.")
final class AuditCommand implements Callable<Integer> {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditCommand.class);

    @Option(names = "--threshold", defaultValue = "0.7", description = "The near-duplicate ROUGE-L threshold "
            + "(default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--drained", description = "Also require that nothing is waiting (the loop is idle).")
    boolean drained;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        if (cluster.missing().isPresent()) {
            System.err.println(cluster.missing().get());
            return 2;
        }
        cluster.logTo("audit.log");
        System.out.println("seedloop audit");
        try (Cluster connected = cluster.connect(System.out)) {
            LoopAudit.Report report = new LoopAudit(new KafkaClients(ClusterOptions.settings(connected)), threshold)
                    .run();
            System.out.println(report.describe());
            return report.clean() && (!drained || report.drained()) ? 0 : 1;
        } catch (Exception e) {
            LOGGER.error("audit failed", e);
            System.err.println("audit failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }
}
