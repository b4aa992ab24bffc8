package dev.seedloop.launcher;

import dev.seedloop.launcher.cluster.Cluster;
import dev.seedloop.launcher.cluster.DataDirectory;
import dev.seedloop.tools.audit.LoopAudit;
import java.util.Optional;
import java.util.concurrent.Callable;
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

    @Option(names = "--threshold", defaultValue = "0.7", description = "The near-duplicate ROUGE-L threshold "
            + "(default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--drained", description = "Also require that nothing is waiting (the loop is idle).")
    boolean drained;

    @Mixin
    ClusterOptions cluster;

    /** Who will finish the records in flight, and what the user can do. */
    private String whatFinishes(Cluster connected) {
        if (cluster.bootstrap().isPresent()) {
            return "the loop's stages finish them while they run; audit again once their lag is zero";
        }
        Optional<DataDirectory.Owner> host = connected.host();
        if (host.isPresent() && host.get().command().endsWith("demo")) {
            return "the running " + host.get().describe() + " is finishing them; audit again once it stops "
                    + "(seedloop demo --drain stops only when nothing is in flight)";
        }
        return "no loop runs on " + cluster.dataDir + ": `seedloop demo --drain --examples 0 --data-dir "
                + cluster.dataDir + "` finishes them without generating more";
    }

    @Override
    public Integer call() {
        if (!(threshold >= 0.0 && threshold < 1.0)) {
            System.err.println("audit: --threshold must be at least 0 and below 1");
            return 2;
        }
        System.out.println("seedloop audit");
        return cluster.run("audit", "audit.log", (connected, clients) -> {
            LoopAudit.Report report;
            try (ToolProgress progress = ToolProgress.of("audit")) {
                report = new LoopAudit(clients, threshold).run(true, progress);
            }
            System.out.println(report.describe());
            if (report.clean() && !report.drained()) {
                System.out.println("  " + whatFinishes(connected));
            }
            return report.clean() && (!drained || report.drained()) ? 0 : 1;
        });
    }
}
