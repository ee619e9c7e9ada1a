package dev.readaloud.local.cli;

import dev.readaloud.local.statemachine.ItemSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code statemachine --items-dir DIR}: a Distributed Map's ItemReader object {@code s3://BUCKET/KEY} is the
 * file {@code DIR/BUCKET/KEY}, so a definition that reads its items from S3 runs without an S3 server.
 */
final class DirectoryItemSource implements ItemSource {

    private final Path root;

    DirectoryItemSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public byte[] read(String bucket, String key) throws IOException {
        Path file = root.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("s3://" + bucket + "/" + key + " names a file outside " + root);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("s3://" + bucket + "/" + key + ": no file " + file);
        }
    }
}
