package dev.readaloud.local.statemachine;

import java.io.IOException;

/**
 * Reads the object a Distributed Map's ItemReader names ({@code arn:aws:states:::s3:getObject}).
 * The engine knows no S3 client: the local runtime supplies one backed by its embedded S3.
 */
@FunctionalInterface
public interface ItemSource {

    /** For engines without object storage: every read fails, so the Map fails with States.ItemReaderFailed. */
    ItemSource NONE = (bucket, key) -> {
        throw new IOException("this engine has no object storage to read s3://" + bucket + "/" + key + " from");
    };

    /**
     * @return the object's bytes
     * @throws IOException naming the bucket and key when the object cannot be read (missing bucket
     *                     or key, access, network); the Map state fails with States.ItemReaderFailed
     */
    byte[] read(String bucket, String key) throws IOException;
}
