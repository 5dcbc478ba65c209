package dev.llmpool.launcher.command.batch;

import picocli.CommandLine.Option;

/** The gateway to talk to. */
public final class GatewayOption {
    @Option(names = "--gateway", defaultValue = "${env:LLMPOOL_GATEWAY:-http://127.0.0.1:8080}",
            description = "The pool's gateway (default: $LLMPOOL_GATEWAY or ${DEFAULT-VALUE}, the gateway of "
                    + "`llmpool up`).")
    String gateway;
}
