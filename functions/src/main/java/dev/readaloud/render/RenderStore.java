package dev.readaloud.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 layout of one render, under {@code renders/{id}/}: request.json, plan.json,
 * chunks/{00000}.wav, jobs/{00000}.json, output.wav, result.json, failure.json.
 */
public final class RenderStore {

    private static final String JSON = "application/json";
    private static final String WAV = "audio/wav";
    private static final int PRECONDITION_FAILED = 412;
    private static final int CONFLICT = 409;
    private static final int CONDITIONAL_WRITE_ATTEMPTS = 3;

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

    /** The Map's items: a JSON array of {@code {"index": n}}, read by the Distributed Map's ItemReader. */
    public static String itemsKey(String renderId) {
        return prefix(renderId) + "items.json";
    }

    /** The shared chunk store: audio any render may copy, by {@link SharedChunks#hash}. */
    public static final String SHARED_CHUNKS_PREFIX = "shared/chunks/";

    public static String sharedChunkKey(String hash) {
        return SHARED_CHUNKS_PREFIX + hash + ".wav";
    }

    public static String chunksPrefix(String renderId) {
        return prefix(renderId) + "chunks/";
    }

    public static String chunkKey(String renderId, int index) {
        return chunksPrefix(renderId) + "%05d.wav".formatted(index);
    }

    public static String jobKey(String renderId, int index) {
        return jobsPrefix(renderId) + "%05d.json".formatted(index);
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
        return call("GetObject", key, () -> {
            try {
                ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                return Optional.of(bytes.asByteArray());
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            }
        });
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
        byte[] bytes = serialize(value);
        call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(JSON).metadata(metadata),
                RequestBody.fromBytes(bytes)));
        return bytes;
    }

    private static byte[] serialize(Object value) {
        try {
            return RenderJson.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Writes {@code value} as JSON only if no object has the key ({@code If-None-Match: *}), so of two
     * writers racing for one key exactly one wins; S3 answers the other 412 Precondition Failed.
     *
     * @return true when this call created the object (or the key already holds exactly these bytes: a
     *         retried attempt of this very call), false when another write had created it
     */
    public boolean createJson(String key, Object value) {
        return create(key, JSON, serialize(value), Map.of());
    }

    /**
     * Writes a WAV with user metadata only if no object has the key, untagged (it expires by its prefix's
     * lifecycle rule, not the chunks' tag): the shared chunk store keeps the first audio written for a key,
     * so every render that reuses it gets the same bytes. A PUT is atomic: a reader sees the whole object
     * or none.
     *
     * @return true when this call created the object, false when the key already existed
     */
    public boolean createWav(String key, byte[] wav, Map<String, String> metadata) {
        return create(key, WAV, wav, metadata);
    }

    private boolean create(String key, String contentType, byte[] bytes, Map<String, String> metadata) {
        for (int attempt = 1; ; attempt++) {
            try {
                call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                        .metadata(metadata).ifNoneMatch("*"), RequestBody.fromBytes(bytes)));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == PRECONDITION_FAILED) {
                    // The SDK retries a PUT whose answer it did not get; when that first attempt had created the
                    // object, the retry is refused. The object then holds exactly these bytes.
                    return read(key).map(existing -> Arrays.equals(existing, bytes)).orElse(false);
                }
                // 409 ConditionalRequestConflict: another conditional write of this key was in flight;
                // S3 asks for a retry, which then either creates the object or gets the 412.
                if (e.statusCode() != CONFLICT || attempt >= CONDITIONAL_WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The object's user metadata, or empty when it does not exist. */
    public Optional<Map<String, String>> metadata(String key) {
        return call("HeadObject", key, () -> {
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
        });
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
        call("PutObject", key, () -> s3.putObject(b -> {
            b.bucket(bucket).key(key).contentType(WAV).metadata(metadata);
            if (tagChunks) {
                b.tagging(RETENTION_TAG + "=" + CHUNK_RETENTION);
            }
        }, RequestBody.fromBytes(wav)));
    }

    /**
     * Copies a WAV inside the bucket (no bytes through this function) as a chunk: the metadata replaced by
     * {@code metadata}, tagged like {@link #writeChunkWav}.
     *
     * @return false when the source no longer exists (expired or purged since it was seen)
     */
    public boolean copyChunkWav(String from, String to, Map<String, String> metadata) {
        return call("CopyObject", to, () -> {
            try {
                s3.copyObject(b -> {
                    b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to)
                            .contentType(WAV).metadataDirective(MetadataDirective.REPLACE).metadata(metadata);
                    if (tagChunks) {
                        b.taggingDirective(TaggingDirective.REPLACE).tagging(RETENTION_TAG + "=" + CHUNK_RETENTION);
                    }
                });
                return true;
            } catch (NoSuchKeyException e) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Writes a WAV with user metadata, untagged, whether or not the key exists. */
    public void writeWav(String key, byte[] wav, Map<String, String> metadata) {
        call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(WAV).metadata(metadata),
                RequestBody.fromBytes(wav)));
    }

    /** Writes the first {@code length} bytes of {@code wav} as one object. */
    public void writeWav(String key, byte[] wav, int length) {
        call("PutObject", key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(WAV), body(wav, length)));
    }

    /**
     * Starts a multipart upload of a WAV and returns its upload id. The parts carry CRC32 checksums, named
     * here because S3 refuses a part with a checksum of another kind than the upload declared.
     */
    public String startWavUpload(String key) {
        return call("CreateMultipartUpload", key, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType(WAV).checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId());
    }

    /**
     * Uploads part {@code number} (1 to 10,000) of an upload: the first {@code length} bytes of {@code bytes},
     * read in place, not copied. Returns the part as {@link #completeWavUpload} lists it.
     */
    public CompletedPart uploadPart(String key, String uploadId, int number, byte[] bytes, int length) {
        UploadPartResponse response = call("UploadPart", key, () -> s3.uploadPart(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).partNumber(number).checksumAlgorithm(ChecksumAlgorithm.CRC32), body(bytes, length)));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
                .checksumCRC32(response.checksumCRC32()).build();
    }

    /** Makes the object of {@code parts} (in part-number order): until this call, nothing is at {@code key}. */
    public void completeWavUpload(String key, String uploadId, List<CompletedPart> parts) {
        call("CompleteMultipartUpload", key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
    }

    /** Discards an upload's parts; the object is never made. */
    public void abortWavUpload(String key, String uploadId) {
        call("AbortMultipartUpload", key, () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key)
                .uploadId(uploadId)));
    }

    private static RequestBody body(byte[] bytes, int length) {
        // A provider, not fromBytes: fromBytes copies the array, a part's worth of memory more per request.
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, WAV);
    }

    /** Deletes the object if it exists. */
    public void delete(String key) {
        call("DeleteObject", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Streams the object; the caller closes the stream. */
    public InputStream open(String key) {
        return call("GetObject", key, () -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /** Counts the objects under {@code prefix} (for progress only; steps never list to find their inputs). */
    public int count(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        return call("ListObjectsV2", prefix, () -> s3.listObjectsV2Paginator(request).stream()
                .mapToInt(page -> page.keyCount() == null ? page.contents().size() : page.keyCount()).sum());
    }

    /** The keys under {@code prefix}, in S3's (lexicographic) order: for sweeps, never to find a step's inputs. */
    public List<String> keys(String prefix) {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
        return call("ListObjectsV2", prefix, () -> s3.listObjectsV2Paginator(request).contents().stream()
                .map(S3Object::key).toList());
    }

    /** The prefix of the records of chunks given up ({@link ChunkFailure}). */
    public static String chunkFailuresPrefix(String renderId) {
        return prefix(renderId) + "chunk-failures/";
    }

    public static String chunkFailureKey(String renderId, int index) {
        return chunkFailuresPrefix(renderId) + "%05d.json".formatted(index);
    }

    /**
     * Callback mode: the claim that a job's webhook was accepted (each is accepted once), named after the
     * hash of the job's webhook secret.
     */
    public static String callbackKey(String renderId, String webhookTokenSha256) {
        return prefix(renderId) + "callbacks/" + webhookTokenSha256 + ".json";
    }

    /** What a chunk's failed invocations spent, until the one that stores the chunk adds it ({@link CarriedSpend}). */
    public static String spendKey(String renderId, int index) {
        return prefix(renderId) + "spend/%05d.json".formatted(index);
    }

    /** The prefix of a render's job records (one per chunk with a RunPod job not yet stored). */
    public static String jobsPrefix(String renderId) {
        return prefix(renderId) + "jobs/";
    }

    /**
     * Runs one S3 call and turns its passing failures (after the SDK's own retries) into
     * {@link StorageUnavailableException}, the one name the state machine retries S3 trouble on.
     * Everything else (404s, access denied, a precondition) is left as the SDK threw it.
     */
    private <T> T call(String operation, String key, Supplier<T> s3Call) {
        try {
            return s3Call.get();
        } catch (S3Exception e) {
            if (!isTransient(e)) {
                throw e;
            }
            throw new StorageUnavailableException("S3 " + operation + " of s3://" + bucket + "/" + key
                    + " failed with HTTP " + e.statusCode() + " " + errorCode(e), e);
        } catch (SdkClientException e) {
            if (!isConnectionTrouble(e)) {
                throw e;
            }
            throw new StorageUnavailableException("S3 " + operation + " of s3://" + bucket + "/" + key
                    + " could not reach S3: " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean isTransient(S3Exception e) {
        // 501 Not Implemented is the one 5xx that never passes (a server without object tagging answers it).
        return (e.statusCode() >= 500 && e.statusCode() != 501) || e.isThrottlingException()
                || "RequestTimeout".equals(errorCode(e));
    }

    /** Timeouts and I/O failures pass; a client that cannot even build or sign a request does not. */
    private static boolean isConnectionTrouble(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }
}
