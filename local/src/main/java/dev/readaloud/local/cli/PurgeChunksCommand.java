package dev.readaloud.local.cli;

import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.render.RenderStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code readaloud purge-chunks}: empties the shared chunk store of a data directory, so the next render
 * of any text pays for every chunk again. Renders already made keep their own chunks and outputs.
 */
@Command(name = "purge-chunks", mixinStandardHelpOptions = true,
        description = {"Delete every chunk the shared chunk store of --data-dir holds (shared/chunks/); renders "
                + "already made keep their own chunks and outputs.",
            "On AWS: aws s3 rm s3://BUCKET/shared/chunks/ --recursive"})
final class PurgeChunksCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".readaloud",
            description = "The data directory whose shared chunk store to empty (default: ${DEFAULT-VALUE}).")
    private Path dataDirectory;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Path s3Directory = dataDirectory.resolve("s3");
        if (!Files.isDirectory(s3Directory.resolve(LocalRuntime.BUCKET))) {
            stdout.println("no renders under " + dataDirectory + ": nothing to purge");
            return 0;
        }
        long chunks = 0;
        long bytes = 0;
        try (LogRedirect logs = LogRedirect.to(dataDirectory.resolve("logs").resolve("purge.log"));
             EmbeddedS3 s3 = EmbeddedS3.start(s3Directory)) {
            S3Client client = s3.client();
            List<S3Object> stored = client.listObjectsV2Paginator(b -> b.bucket(LocalRuntime.BUCKET)
                    .prefix(RenderStore.SHARED_CHUNKS_PREFIX)).contents().stream().toList();
            for (S3Object object : stored) {
                client.deleteObject(b -> b.bucket(LocalRuntime.BUCKET).key(object.key()));
                chunks++;
                bytes += object.size();
            }
        }
        stdout.printf("purged %d shared chunk%s (%.1f MiB) from %s%n", chunks, chunks == 1 ? "" : "s",
                bytes / (1024.0 * 1024.0), dataDirectory);
        stdout.flush();
        return 0;
    }
}
