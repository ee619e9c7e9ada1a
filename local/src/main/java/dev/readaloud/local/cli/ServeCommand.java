package dev.readaloud.local.cli;

import dev.readaloud.local.runtime.LocalApiServer;
import dev.readaloud.local.runtime.LocalRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the HTTP API on localhost, like `sam local start-api`.",
                "POST /renders and GET /renders/{id} run through the same handlers as the Lambdas; audioUrl is a"
                        + " working presigned URL."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "3000", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free port).")
    private int port;

    @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "3",
            description = "MaxConcurrency, as the SAM parameter: requests may ask for less, never more (default: ${DEFAULT-VALUE}).")
    private int maxConcurrency;

    @Mixin
    private RuntimeMixin runtimeOptions;

    @Override
    public Integer call() throws Exception {
        if (maxConcurrency < 1 || maxConcurrency > 40) {
            throw new IllegalArgumentException("--max-concurrency must be 1 to 40, got " + maxConcurrency);
        }
        try (LocalRuntime runtime = LocalRuntime.start(runtimeOptions.options(maxConcurrency));
             LocalApiServer server = LocalApiServer.start(runtime, port)) {
            spec.commandLine().getOut().println(server.baseUrl());
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("readaloud serve: POST " + server.baseUrl() + "/renders, GET "
                    + server.baseUrl() + "/renders/{id}; Ctrl-C stops");
            spec.commandLine().getErr().flush();
            new CountDownLatch(1).await();
            return 0;
        }
    }
}
