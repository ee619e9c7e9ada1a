package dev.readaloud.local.s3;

import dev.readaloud.local.statemachine.ItemSource;
import java.io.IOException;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The engine's Distributed Map item reader over S3 (the embedded S3 locally): GetObject of the
 * bucket and key the ItemReader names. A failed read becomes an IOException naming the object and
 * S3's error code, which the engine reports as States.ItemReaderFailed.
 */
public final class S3ItemSource implements ItemSource {

    private final S3Client s3;

    public S3ItemSource(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    @Override
    public byte[] read(String bucket, String key) throws IOException {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + code, e);
        } catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
