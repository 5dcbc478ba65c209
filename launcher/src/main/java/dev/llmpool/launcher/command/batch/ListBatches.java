package dev.llmpool.launcher.command.batch;

import dev.llmpool.core.batch.BatchObject;
import dev.llmpool.core.batch.ListPage;
import dev.llmpool.launcher.batch.GatewayClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code llmpool batch list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List batches, newest first.")
public final class ListBatches extends BatchSubcommand {

    @Option(names = "--limit", defaultValue = "20", description = "At most this many, 1 to 100 "
            + "(default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "<batch-id>", description = "The page after this batch (the last "
            + "of the previous page).")
    String after;

    @Override
    int run(GatewayClient client) {
        ListPage<BatchObject> page = client.batches(limit, after);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATUS", "CREATED", "LINES", "COMPLETED", "FAILED", "METADATA"});
        for (BatchObject b : page.data()) {
            BatchObject.RequestCounts c = b.requestCounts();
            rows.add(new String[] {b.id(), b.status().json(), Instant.ofEpochSecond(b.createdAt()).toString(),
                    Long.toString(c.total()), Long.toString(c.completed()), Long.toString(c.failed()),
                    b.metadata() == null ? "" : b.metadata().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))});
        }
        int[] widths = new int[rows.getFirst().length];
        rows.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        PrintWriter out = out();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(page.data().size() + " batch" + (page.data().size() == 1 ? "" : "es")
                + (page.hasMore() ? "; more: llmpool batch list --after " + page.lastId() : ""));
        out.flush();
        return 0;
    }
}
