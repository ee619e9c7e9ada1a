package dev.readaloud.lambda.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.audio.WavWriter;
import dev.readaloud.lambda.StitchHandler;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.SynthesizeChunkStep;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The Stitch function's memory on a long render, in two processes so that only the function is
 * measured (docs/bench/stitch-s3-memory.sh runs them):
 *
 * <ul>
 *   <li>{@code serve DATA_DIR INFO_FILE CHUNKS}: the embedded S3 (files under DATA_DIR) with a plan of
 *   CHUNKS chunks of 30 s (24 kHz mono 16-bit: a tone with 0.3 s of silence at each end, like a TTS
 *   chunk); writes "endpoint accessKey secretKey bucket" to INFO_FILE and serves until stdin closes.</li>
 *   <li>{@code stitch INFO_FILE}: builds the Stitch handler as the local runtime does and invokes it
 *   once against that S3; prints {@code stitchMs bytes sha256}. It takes whichever handler constructor
 *   the functions on the class path have, (config, s3) or the earlier (config, s3, workDirectory) with
 *   java.io.tmpdir, so the same probe measures the file-based stitch of an older build.</li>
 * </ul>
 */
public final class StitchMemoryProbe {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String BUCKET = "bench-stitch";
    private static final int RATE = 24_000;

    private StitchMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]));
            case "stitch" -> stitch(Path.of(args[1]));
            default -> throw new IllegalArgumentException("mode must be serve or stitch, got " + args[0]);
        }
    }

    private static void serve(Path dataDirectory, Path info, int chunks) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dataDirectory)) {
            s3.createBucket(BUCKET);
            RenderStore store = new RenderStore(s3.client(), BUCKET, false);
            if (!store.exists(RenderStore.planKey(ID))) {
                List<PlannedChunk> planned = new ArrayList<>();
                for (int i = 0; i < chunks; i++) {
                    String hash = "%064x".formatted(i);
                    planned.add(new PlannedChunk(i, "chunk " + i, 400, "SENTENCE", hash));
                    store.writeChunkWav(RenderStore.chunkKey(ID, i), chunk(180 + 37 * (i % 12)),
                            Map.of(SynthesizeChunkStep.TEXT_SHA256, hash));
                }
                store.writeJson(RenderStore.planKey(ID), new PlanDocument("synthetic", 400, 80, 3, chunks, planned));
            }
            Files.writeString(info, s3.endpoint() + " " + s3.accessKey() + " " + s3.secretKey() + " " + BUCKET + "\n");
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static byte[] chunk(double hz) {
        int edge = RATE * 3 / 10;
        int tone = RATE * 294 / 10;
        short[] pcm = new short[edge + tone + edge];
        for (int i = 0; i < tone; i++) {
            pcm[edge + i] = (short) Math.round(16_384 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return WavWriter.pcm16(RATE, 1, pcm);
    }

    private static void stitch(Path info) throws Exception {
        String[] fields = Files.readString(info).strip().split(" ");
        S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(fields[0]))
                .region(EmbeddedS3.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(fields[1], fields[2])))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        RenderConfig config = RenderConfig.fromEnvironment(new HashMap<>(Map.of("RENDER_BUCKET", fields[3])));
        RequestHandler<Map<String, Object>, Map<String, Object>> handler = handler(config, s3);
        long started = System.nanoTime();
        Map<String, Object> summary = handler.handleRequest(new HashMap<>(Map.of("renderId", ID)), null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(millis + " " + summary.get("bytes") + " " + summary.get("sha256"));
    }

    private static StitchHandler handler(RenderConfig config, S3Client s3) throws Exception {
        for (Constructor<?> constructor : StitchHandler.class.getConstructors()) {
            Class<?>[] types = constructor.getParameterTypes();
            if (types.length == 2) {
                return (StitchHandler) constructor.newInstance(config, s3);
            }
            if (types.length == 3 && types[2] == Path.class) {
                return (StitchHandler) constructor.newInstance(config, s3, Path.of(System.getProperty("java.io.tmpdir")));
            }
        }
        throw new IllegalStateException("no StitchHandler(config, s3[, workDirectory]) constructor");
    }
}
