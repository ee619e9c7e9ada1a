package dev.readaloud.render;

import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.SpeechResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static dev.readaloud.render.SynthesizeChunkStep.ATTEMPT;
import static dev.readaloud.render.SynthesizeChunkStep.AUDIO_MS;
import static dev.readaloud.render.SynthesizeChunkStep.DELAY_MS;
import static dev.readaloud.render.SynthesizeChunkStep.EXECUTION_MS;
import static dev.readaloud.render.SynthesizeChunkStep.HTTP_REQUESTS;
import static dev.readaloud.render.SynthesizeChunkStep.JOB_ID;
import static dev.readaloud.render.SynthesizeChunkStep.SOURCE;
import static dev.readaloud.render.SynthesizeChunkStep.TEXT_SHA256;
import static dev.readaloud.render.SynthesizeChunkStep.WALL_MS;

/**
 * Stores a finished RunPod job's audio as a chunk: the one way a chunk WAV is written, whether the
 * chunk function polled the job to its end or RunPod's webhook brought it.
 */
final class ChunkWriter {

    /** Metadata that belongs to one render's copy of a chunk, never to the shared store's. */
    private static final Set<String> PER_RENDER = Set.of(TEXT_SHA256, WALL_MS, ATTEMPT, SOURCE, Spend.METADATA_KEY);
    /** The chunk's PUT and its offer to the shared chunk store, made after the spend was read. */
    private static final Spend STORING = new Spend(0, 0, 0, 0, 0, 0, 0, 2, 0);

    private final RenderStore store;
    private final JsonLog log;

    ChunkWriter(RenderStore store, JsonLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Writes {@code chunks/{index}.wav} with its metadata (job, RunPod times, loudness), offers the audio
     * to the shared chunk store and forgets the chunk's job record: nothing is left to resume.
     *
     * @param sharedKey  the chunk's key in the shared chunk store
     * @param attempt    the chunk task's retry count, -1 when unknown
     * @param resumed    whether the job was one an earlier attempt had submitted
     * @param wallMillis time this chunk's step has spent so far
     * @param spent      what the chunk cost this render so far: its invocations and the RunPod jobs that ran for it
     */
    ChunkOutcome store(String renderId, PlanDocument plan, PlannedChunk chunk, String sharedKey, SpeechResult speech,
                       int attempt, boolean resumed, long wallMillis, Spend spent) {
        int index = chunk.index();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(TEXT_SHA256, chunk.sha256());
        metadata.put(JOB_ID, speech.jobId());
        metadata.put(DELAY_MS, String.valueOf(speech.delayTimeMillis()));
        metadata.put(EXECUTION_MS, String.valueOf(speech.executionTimeMillis()));
        metadata.put(WALL_MS, String.valueOf(wallMillis));
        metadata.put(AUDIO_MS, String.valueOf(speech.info().durationMillis()));
        metadata.put(ATTEMPT, String.valueOf(attempt));
        metadata.put(HTTP_REQUESTS, String.valueOf(speech.httpRequests()));
        // Measured where it is stored, so the stitch plans its gain from the metadata and reads the audio once.
        metadata.putAll(ChunkLoudnessMetadata.measure(speech.wav()));
        metadata.put(Spend.METADATA_KEY, spent.plus(STORING).encode());
        store.writeChunkWav(RenderStore.chunkKey(renderId, index), speech.wav(), metadata);
        share(renderId, index, sharedKey, speech.wav(), metadata, plan.reusesChunks());
        // Stored: nothing is left to resume, and a record left behind would only be swept for nothing.
        store.delete(RenderStore.jobKey(renderId, index));
        log.event("chunk.synthesized", "renderId", renderId, "index", index, "attempt", attempt,
                "jobId", speech.jobId(), "resumed", resumed, "chars", chunk.chars(),
                "audioMs", speech.info().durationMillis(), "delayMs", speech.delayTimeMillis(),
                "executionMs", speech.executionTimeMillis(), "httpRequests", speech.httpRequests(),
                "ms", wallMillis);
        return new ChunkOutcome(renderId, index, false, resumed, speech.jobId(),
                speech.info().durationMillis(), wallMillis, ChunkOutcome.SYNTHESIZED);
    }

    /**
     * Offers the new audio to the shared chunk store. The first audio stored for a key stays (every render
     * reusing it gets the same bytes), except for a render that asked for every chunk new: its audio
     * replaces the old. The chunk is already stored for this render, so a failure here is logged, never
     * thrown: it would only make a later render pay for the chunk again.
     */
    private void share(String renderId, int index, String sharedKey, byte[] wav, Map<String, String> metadata,
                       boolean keepFirst) {
        Map<String, String> shared = new LinkedHashMap<>(metadata);
        PER_RENDER.forEach(shared::remove);
        try {
            if (keepFirst) {
                store.createWav(sharedKey, wav, shared);
            } else {
                store.writeWav(sharedKey, wav, shared);
            }
        } catch (RuntimeException e) {
            log.event("chunk.shareFailed", "renderId", renderId, "index", index, "error", e.getClass().getName());
        }
    }
}
