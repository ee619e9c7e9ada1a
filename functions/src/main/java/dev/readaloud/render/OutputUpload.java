package dev.readaloud.render;

import dev.readaloud.audio.PartedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * output.wav streamed to S3 as the stitcher hands it over: one PutObject when the WAV fits in one
 * part, otherwise a multipart upload whose part 1, the one holding the header, is uploaded last.
 * Either way the object appears only when the WAV is whole. Closing an upload that did not complete
 * aborts it, so a failed stitch leaves neither output.wav nor parts to pay for (the bucket's
 * lifecycle rule also aborts incomplete uploads, should the abort itself fail).
 */
final class OutputUpload implements PartedOutput, AutoCloseable {

    /**
     * 8 MiB parts. S3 wants at least 5 MiB in every part but the last and at most 10,000 parts, so WAVs
     * up to 78 GiB fit (a 200,000-character reading is about 600 MB, 75 parts). The stitcher holds part 1
     * and about two more in memory, some 24 MiB of the function's 1769 MB, and one part is in flight at a
     * time: larger parts would buy fewer requests with memory, smaller ones approach S3's minimum.
     */
    static final int PART_BYTES = 8 << 20;
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;

    private final RenderStore store;
    private final String key;
    private final int partBytes;
    private final List<CompletedPart> laterParts = new ArrayList<>();
    private String uploadId;
    private boolean completed;

    OutputUpload(RenderStore store, String key) {
        this(store, key, PART_BYTES);
    }

    /** For tests: parts smaller than S3 accepts (S3Proxy's in-memory store takes any size). */
    OutputUpload(RenderStore store, String key, int partBytes) {
        this.store = store;
        this.key = key;
        this.partBytes = partBytes;
    }

    @Override
    public int partBytes() {
        return partBytes;
    }

    @Override
    public void part(int number, byte[] bytes, int length) throws IOException {
        if (number > MAX_PARTS) {
            throw new IOException(key + " needs more than " + MAX_PARTS + " parts of " + partBytes + " bytes");
        }
        if (uploadId == null) {
            uploadId = store.startWavUpload(key);
        }
        laterParts.add(store.uploadPart(key, uploadId, number, bytes, length));
    }

    @Override
    public void complete(byte[] firstPart, int length, int partCount) {
        if (uploadId == null) {
            store.writeWav(key, firstPart, length);
        } else {
            List<CompletedPart> parts = new ArrayList<>(partCount);
            parts.add(store.uploadPart(key, uploadId, 1, firstPart, length));
            parts.addAll(laterParts);
            store.completeWavUpload(key, uploadId, parts);
        }
        completed = true;
    }

    /** Parts uploaded so far: 1 once a single-part WAV is written, 0 before. */
    int partsUploaded() {
        return laterParts.size() + (completed ? 1 : 0);
    }

    /** Aborts the multipart upload unless it completed. */
    @Override
    public void close() {
        if (uploadId != null && !completed) {
            store.abortWavUpload(key, uploadId);
        }
    }
}
