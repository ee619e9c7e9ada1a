package dev.readaloud.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 layout of one render, under {@code renders/{id}/}: request.json, plan.json,
 * chunks/{00000}.wav, jobs/{00000}.json, output.wav, result.json, failure.json.
 */
public final class RenderStore {

    private static final String JSON = "application/json";
    private static final String WAV = "audio/wav";

    /** Object tag the bucket's lifecycle rules match on; template.yaml names the same tag. */
    public static final String RETENTION_TAG = "readaloud-retention";
    public static final String CHUNK_RETENTION = "chunk";

    private final S3Client s3;
    private final String bucket;
    private final boolean tagChunks;

    /**
     * @param tagChunks tag chunk WAVs {@value #RETENTION_TAG}={@value #CHUNK_RETENTION}; off for S3 servers
     *                  without object tagging
     */
    public RenderStore(S3Client s3, String bucket, boolean tagChunks) {
        this.s3 = s3;
        this.bucket = bucket;
        this.tagChunks = tagChunks;
    }

    public String bucket() {
        return bucket;
    }

    public static String prefix(String renderId) {
        return "renders/" + renderId + "/";
    }

    public static String requestKey(String renderId) {
        return prefix(renderId) + "request.json";
    }

    public static String planKey(String renderId) {
        return prefix(renderId) + "plan.json";
    }

    public static String chunksPrefix(String renderId) {
        return prefix(renderId) + "chunks/";
    }

    public static String chunkKey(String renderId, int index) {
        return chunksPrefix(renderId) + "%05d.wav".formatted(index);
    }

    public static String jobKey(String renderId, int index) {
        return prefix(renderId) + "jobs/%05d.json".formatted(index);
    }

    public static String outputKey(String renderId) {
        return prefix(renderId) + "output.wav";
    }

    public static String resultKey(String renderId) {
        return prefix(renderId) + "result.json";
    }

    public static String failureKey(String renderId) {
        return prefix(renderId) + "failure.json";
    }

    /** The object's bytes, or empty when it does not exist. */
    public Optional<byte[]> read(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(bytes.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /** The object parsed as {@code type}, or empty when it does not exist. */
    public <T> Optional<T> readJson(String key, Class<T> type) {
        return read(key).map(bytes -> {
            try {
                return RenderJson.MAPPER.readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("s3://" + bucket + "/" + key + " is not a valid " + type.getSimpleName(), e);
            }
        });
    }

    /** Writes {@code value} as JSON and returns the bytes written. */
    public byte[] writeJson(String key, Object value) {
        return writeJson(key, value, Map.of());
    }

    /** Writes {@code value} as JSON with user metadata and returns the bytes written. */
    public byte[] writeJson(String key, Object value, Map<String, String> metadata) {
        byte[] bytes;
        try {
            bytes = RenderJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(JSON).metadata(metadata), RequestBody.fromBytes(bytes));
        return bytes;
    }

    /** The object's user metadata, or empty when it does not exist. */
    public Optional<Map<String, String>> metadata(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(head.metadata());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD responses carry no error body: a missing key arrives as a bare 404.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the object exists. */
    public boolean exists(String key) {
        return metadata(key).isPresent();
    }

    /**
     * Writes a chunk WAV with user metadata, tagged {@value #RETENTION_TAG}={@value #CHUNK_RETENTION} when
     * chunk tagging is on, so the bucket's lifecycle expires chunks sooner than outputs (a lifecycle prefix
     * cannot match renders/{id}/chunks/).
     */
    public void writeChunkWav(String key, byte[] wav, Map<String, String> metadata) {
        s3.putObject(b -> {
            b.bucket(bucket).key(key).contentType(WAV).metadata(metadata);
            if (tagChunks) {
                b.tagging(RETENTION_TAG + "=" + CHUNK_RETENTION);
            }
        }, RequestBody.fromBytes(wav));
    }

    /** Writes the first {@code length} bytes of {@code wav} as one object. */
    public void writeWav(String key, byte[] wav, int length) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(WAV), body(wav, length));
    }

    /**
     * Starts a multipart upload of a WAV and returns its upload id. The parts carry CRC32 checksums, named
     * here because S3 refuses a part with a checksum of another kind than the upload declared.
     */
    public String startWavUpload(String key) {
        return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(WAV)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
    }

    /**
     * Uploads part {@code number} (1 to 10,000) of an upload: the first {@code length} bytes of {@code bytes},
     * read in place, not copied. Returns the part as {@link #completeWavUpload} lists it.
     */
    public CompletedPart uploadPart(String key, String uploadId, int number, byte[] bytes, int length) {
        UploadPartResponse response = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32), body(bytes, length));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build();
    }

    /** Makes the object of {@code parts} (in part-number order): until this call, nothing is at {@code key}. */
    public void completeWavUpload(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    /** Discards an upload's parts; the object is never made. */
    public void abortWavUpload(String key, String uploadId) {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    }

    private static RequestBody body(byte[] bytes, int length) {
        // A provider, not fromBytes: fromBytes copies the array, a part's worth of memory more per request.
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, WAV);
    }

    /** Deletes the object if it exists. */
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Streams the object; the caller closes the stream. */
    public InputStream open(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key));
    }

    /** Counts the objects under {@code prefix} (for progress only; steps never list to find their inputs). */
    public int count(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        return s3.listObjectsV2Paginator(request).stream().mapToInt(page -> page.keyCount() == null
                ? page.contents().size() : page.keyCount()).sum();
    }
}
