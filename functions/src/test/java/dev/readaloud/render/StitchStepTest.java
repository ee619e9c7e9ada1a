package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.readaloud.audio.LoudnessMeter;
import dev.readaloud.audio.LoudnessMeasurement;
import dev.readaloud.audio.StitchInput;
import dev.readaloud.audio.StitchSettings;
import dev.readaloud.audio.WavReader;
import dev.readaloud.audio.WavStitcher;
import dev.readaloud.audio.WavWriter;
import dev.readaloud.logging.JsonLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The Stitch step streaming output.wav to S3 (S3Proxy, in memory, which like S3 refuses parts under
 * 5 MiB but the last) with part sizes chosen around the output's length: the object is byte for
 * byte what a file stitch gives, its hash is in result.json, and a failure midway leaves neither
 * output.wav nor an open multipart upload.
 */
class StitchStepTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final int RATE = 16_000;
    private static final int PAUSE_MS = 120;
    private static final int PARAGRAPH_PAUSE_MS = 400;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    /** S3's smallest part but the last. */
    private static final int MIN_PART_BYTES = 5 << 20;

    private static S3Proxy proxy;
    private static S3Client s3;

    @TempDir
    Path dir;

    private String bucket;
    private RenderStore store;
    private RenderConfig config;
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startS3() throws Exception {
        String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String secretKey = UUID.randomUUID().toString();
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", accessKey);
        properties.setProperty("jclouds.credential", secretKey);
        proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", properties))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            assertThat(proxy.getState()).isNotEqualTo("FAILED");
            Thread.onSpinWait();
        }
        s3 = S3Metering.clientBuilder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        proxy.stop();
    }

    @BeforeEach
    void freshBucket() {

        bucket = "stitch-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(b -> b.bucket(bucket));
        Map<String, String> env = new HashMap<>();
        env.put("RENDER_BUCKET", bucket);
        env.put("MAX_CONCURRENCY", "3");
        env.put("CHUNK_TAGGING", "false");
        env.put("STITCH_PAUSE_MS", String.valueOf(PAUSE_MS));
        env.put("STITCH_PARAGRAPH_PAUSE_MS", String.valueOf(PARAGRAPH_PAUSE_MS));
        config = RenderConfig.fromEnvironment(env);
        store = config.store(s3);
    }

    /**
     * Tones of about 50 s (1.6 MB) with a quiet lead-in and a trailing silence, of different lengths and
     * levels, some before a paragraph: a few make several parts of S3's minimum. Stored with their loudness,
     * as SynthesizeChunk stores them.
     */
    private List<byte[]> putChunks(int count) {
        return putChunks(count, true);
    }

    /** As {@link #putChunks(int)}; {@code withLoudness} false stores them as a version before loudness did. */
    private List<byte[]> putChunks(int count, boolean withLoudness) {
        List<byte[]> wavs = new ArrayList<>();
        List<PlannedChunk> planned = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int frames = RATE * 50 + 1009 * i;
            short[] pcm = new short[RATE / 10 + frames + RATE / 3];
            for (int f = 0; f < frames; f++) {
                pcm[RATE / 10 + f] = (short) ((12_000 - 1_300 * i) * Math.sin(2 * Math.PI * (220 + 55 * i) * f / RATE));
            }
            byte[] wav = WavWriter.pcm16(RATE, 1, pcm);
            wavs.add(wav);
            String hash = HexFormat.of().formatHex(new byte[] {(byte) i}).repeat(32);
            planned.add(new PlannedChunk(i, "Chunk " + i + ".", 8, i % 3 == 2 ? "PARAGRAPH" : "SENTENCE", hash));
            Map<String, String> metadata = new HashMap<>(Map.of(SynthesizeChunkStep.TEXT_SHA256, hash,
                    SynthesizeChunkStep.JOB_ID, "job-" + i));
            if (withLoudness) {
                metadata.putAll(ChunkLoudnessMetadata.measure(wav));
            }
            store.writeChunkWav(RenderStore.chunkKey(ID, i), wav, metadata);
        }
        store.writeJson(RenderStore.planKey(ID), new PlanDocument("kevin16", 400, 80, 3, planned.size(), planned));
        return wavs;
    }

    /** What the stitcher writes to a file for the same chunks and pauses, at the deployment's loudness. */
    private byte[] fileStitch(List<byte[]> wavs) throws IOException {
        return fileStitch(wavs, config.stitchSettings());
    }

    /** What the stitcher writes to a file for the same chunks and pauses. */
    private byte[] fileStitch(List<byte[]> wavs, StitchSettings settings) throws IOException {
        List<StitchInput> inputs = new ArrayList<>();
        for (int i = 0; i < wavs.size(); i++) {
            byte[] wav = wavs.get(i);
            int pause = i % 3 == 2 ? PARAGRAPH_PAUSE_MS : PAUSE_MS;
            String name = "chunk " + i;
            inputs.add(new StitchInput() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public int pauseAfterMillis() {
                    return pause;
                }

                @Override
                public InputStream open() {
                    return new ByteArrayInputStream(wav);
                }
            });
        }
        Path out = dir.resolve("file.wav");
        new WavStitcher(settings).stitch(inputs, out);
        return Files.readAllBytes(out);
    }

    /** One Stitch invocation, metered as the handler meters it. */
    private static StitchSummary stitch(StitchStep step) {
        try (InvocationMeter invocation = InvocationMeter.start(1769)) {
            return step.stitch(new StitchRequest(ID), invocation);
        }
    }

    private StitchStep step(int partBytes) {
        return new StitchStep(config, store, partBytes, Clock.systemUTC(), new JsonLog(logLines::add));
    }

    private List<String> openUploads() {
        return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(u -> u.key()).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void stitch_inParts_uploadsTheFileStitchsBytesAndTheirHash_atEveryPartSize() throws Exception {
        List<byte[]> wavs = putChunks(7);
        byte[] expected = fileStitch(wavs);
        assertThat(expected.length).isBetween(2 * MIN_PART_BYTES + 1, 3 * MIN_PART_BYTES);

        // One part with room to spare, exactly one part, one byte into a second part, then three parts.
        for (int partBytes : List.of(expected.length + 4096, expected.length, expected.length - 1, MIN_PART_BYTES)) {
            store.delete(RenderStore.outputKey(ID));
            logLines.clear();

            StitchSummary summary = stitch(step(partBytes));

            byte[] output = store.read(RenderStore.outputKey(ID)).orElseThrow();
            assertThat(output).as("parts of %d bytes", partBytes).isEqualTo(expected);
            RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
            assertThat(result.sha256()).isEqualTo(sha256(output)).isEqualTo(summary.sha256());
            assertThat(result.bytes()).isEqualTo(output.length);
            assertThat(WavReader.inspect(output).frames()).isEqualTo((output.length - 80) / 2);
            int parts = (expected.length + partBytes - 1) / partBytes;
            assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"render.stitched\"")
                    .contains("\"parts\":" + parts));
            assertThat(openUploads()).isEmpty();
        }
    }

    @Test
    void stitch_aCorruptChunkMidway_abortsTheUploadAndWritesNoOutput() {
        List<byte[]> wavs = putChunks(9);
        byte[] cut = Arrays.copyOf(wavs.get(7), 30);
        // Its loudness was measured on the good bytes, which storage then lost: the gains are planned from the
        // metadata, and the chunk fails only when its turn comes, midway.
        Map<String, String> metadata = new HashMap<>(ChunkLoudnessMetadata.measure(wavs.get(7)));
        metadata.put(SynthesizeChunkStep.TEXT_SHA256, HexFormat.of().formatHex(new byte[] {7}).repeat(32));
        store.writeChunkWav(RenderStore.chunkKey(ID, 7), cut, metadata);

        assertThatThrownBy(() -> stitch(step(MIN_PART_BYTES)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("render " + ID + ": stitching failed: renders/" + ID
                        + "/chunks/00007.wav: header cut short");

        // Parts were uploaded before chunk 7 failed, and the upload is gone with them.
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"render.stitchFailed\"")
                .containsPattern("\"partsUploaded\":[1-9]"));
        assertThat(openUploads()).isEmpty();
        assertThat(store.exists(RenderStore.outputKey(ID))).isFalse();
        assertThat(store.exists(RenderStore.resultKey(ID))).isFalse();
    }

    @Test
    void stitch_reportsTheOutputsLoudness_andTheGainOfEveryChunk() throws Exception {
        List<byte[]> wavs = putChunks(3);

        stitch(step(MIN_PART_BYTES));

        byte[] output = store.read(RenderStore.outputKey(ID)).orElseThrow();
        RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
        LoudnessMeasurement measured = LoudnessMeter.measure(output);
        assertThat(result.loudness()).isEqualTo(LoudnessReport.of(measured));
        assertThat(result.loudness().integratedLufs()).isCloseTo(-18.0, within(0.3));
        assertThat(result.loudness().truePeakDbtp()).isLessThanOrEqualTo(-3.0);
        assertThat(result.normalization()).isEqualTo(new NormalizationReport(-18.0, -18.0, null, -3.0, 12.0, 0));
        for (ChunkTiming chunk : result.chunks()) {
            LoudnessMeasurement own = LoudnessMeter.measure(wavs.get(chunk.index()));
            assertThat(chunk.loudnessLufs()).isEqualTo(LoudnessReport.round(own.integratedLufs()));
            assertThat(chunk.gainDb()).isCloseTo(-18.0 - own.integratedLufs(), within(0.006));
        }
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"render.stitched\"")
                .contains("\"loudnessTarget\":-18.0").contains("\"chunksMeasured\":0"));
    }

    @Test
    void chunksStoredWithoutTheirLoudness_areMeasuredInTheStitch_toTheSameBytes() throws Exception {
        putChunks(3, true);
        stitch(step(MIN_PART_BYTES));
        byte[] withMetadata = store.read(RenderStore.outputKey(ID)).orElseThrow();

        putChunks(3, false);
        store.delete(RenderStore.outputKey(ID));
        stitch(step(MIN_PART_BYTES));

        assertThat(store.read(RenderStore.outputKey(ID)).orElseThrow()).isEqualTo(withMetadata);
        RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
        assertThat(result.normalization().chunksMeasured()).isEqualTo(3);
        assertThat(result.chunks()).allSatisfy(chunk -> assertThat(chunk.loudnessLufs()).isNotNull());
    }

    @Test
    void theRequestsLoudness_overridesTheDeployments() throws Exception {
        List<byte[]> wavs = putChunks(3);

        store.writeJson(RenderStore.requestKey(ID), request("off"));
        stitch(step(MIN_PART_BYTES));
        assertThat(store.read(RenderStore.outputKey(ID)).orElseThrow())
                .isEqualTo(fileStitch(wavs, config.stitchSettings().withLoudness(null)));
        assertThat(store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow().normalization()).isNull();

        store.writeJson(RenderStore.requestKey(ID), request("-23.0"));
        stitch(step(MIN_PART_BYTES));
        RenderResult result = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow();
        assertThat(result.normalization().targetLufs()).isEqualTo(-23.0);
        assertThat(result.loudness().integratedLufs()).isCloseTo(-23.0, within(0.3));

        store.writeJson(RenderStore.requestKey(ID), request("loud"));
        assertThatThrownBy(() -> stitch(step(MIN_PART_BYTES)))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("request.json loudness: 'loud' is not a loudness");
    }

    @Test
    void stitch_addsUpTheSpendOfEveryChunkThePlanAndItself_intoResultJsonsCost() {
        List<byte[]> wavs = putChunks(4);
        // Chunks 0 and 1 say what they spent, as SynthesizeChunk stores it; chunk 2 was stored before spend was
        // counted; chunk 3's cannot be read. Plan.json carries the Plan's.
        Spend chunk0 = new Spend(1, 900, 900L * 512, 0, 0, 0, 1, 2, 3).plusRunPodJob(2_300);
        Spend chunk1 = new Spend(2, 1_500, 1_500L * 512, 0, 0, 0, 2, 3, 4).plusRunPodJob(1_000).plusRunPodJob(4_001);
        Spend plan = new Spend(1, 200, 200L * 1024, 0, 0, 0, 1, 3, 1);
        rewriteChunk(0, wavs.get(0), chunk0.encode());
        rewriteChunk(1, wavs.get(1), chunk1.encode());
        rewriteChunk(3, wavs.get(3), "{\"invocations\":1");
        PlanDocument planDocument = store.readJson(RenderStore.planKey(ID), PlanDocument.class).orElseThrow();
        store.writeJson(RenderStore.planKey(ID), planDocument, GetRenderStep.planMetadata(4, plan));

        Spend stitchSpend;
        try (InvocationMeter invocation = InvocationMeter.start(1769)) {
            step(MIN_PART_BYTES).stitch(new StitchRequest(ID), invocation);
            // Everything the invocation did, result.json's PUT included, which the stitch counts ahead.
            stitchSpend = invocation.spentSoFar();
        }

        CostReport cost = store.readJson(RenderStore.resultKey(ID), RenderResult.class).orElseThrow().cost();
        assertThat(cost.runpodJobs()).isEqualTo(3);
        assertThat(cost.runpodSeconds()).isEqualTo(3 + 1 + 5);
        // 3 chunk invocations (one a retry), the plan's, the stitch's.
        assertThat(cost.lambdaInvocations()).isEqualTo(5);
        // The functions' 1 + 2 + 1 + 1, the Map and Succeed states, a Choice state per chunk.
        assertThat(cost.stateTransitions()).isEqualTo(5 + 2 + 4);
        assertThat(stitchSpend.s3WriteRequests()).isPositive();
        // result.json's PUT is in the cost as one attempt; should the SDK retry it (4 attempts at most), the
        // retries are not.
        assertThat(cost.s3WriteRequests()).isBetween(2 + 3 + 3 + stitchSpend.s3WriteRequests() - 3,
                2 + 3 + 3 + stitchSpend.s3WriteRequests());
        // The stitch HEADs and GETs every chunk; the Map's ItemReader GETs items.json.
        assertThat(stitchSpend.s3ReadRequests()).isGreaterThanOrEqualTo(2 * 4);
        assertThat(cost.s3ReadRequests()).isEqualTo(3 + 4 + 1 + 1 + stitchSpend.s3ReadRequests());
        assertThat(cost.s3Requests()).isEqualTo(cost.s3WriteRequests() + cost.s3ReadRequests());
        long knownMbMillis = 900L * 512 + 1_500L * 512 + 200L * 1024;
        // Reported to 6 decimals: within a millionth of the exact bounds.
        assertThat(cost.lambdaGbSeconds()).isBetween((knownMbMillis + 1769) / 1_024_000.0 - 1e-6,
                (knownMbMillis + stitchSpend.lambdaMbMillis()) / 1_024_000.0 + 1e-6);
        assertThat(cost.prices()).isEqualTo(Prices.DEFAULTS);
        assertThat(cost.usd().runpod()).isEqualByComparingTo("0.00171");
        assertThat(cost.usd().stepFunctions()).isEqualByComparingTo("0.000275");
        assertThat(cost.usd().total()).isEqualByComparingTo(cost.usd().runpod().add(cost.usd().lambda())
                .add(cost.usd().stepFunctions()).add(cost.usd().s3()));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"render.spendUnreadable\"")
                .contains("chunks/00003.wav"));
    }

    /** Stores chunk {@code index} again, its metadata with {@code spend} under {@link Spend#METADATA_KEY}. */
    private void rewriteChunk(int index, byte[] wav, String spend) {
        Map<String, String> metadata = new HashMap<>(store.metadata(RenderStore.chunkKey(ID, index)).orElseThrow());
        metadata.put(Spend.METADATA_KEY, spend);
        store.writeChunkWav(RenderStore.chunkKey(ID, index), wav, metadata);
    }

    private static RenderRequest request(String loudness) {
        return new RenderRequest(ID, "Chunk 0. Chunk 1. Chunk 2.", "kevin16", 3, 400, 80, 3, "x", "2026-01-01T00:00:00Z",
                null, loudness);
    }
}
