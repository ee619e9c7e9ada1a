package dev.readaloud.lambda.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderIds;
import dev.readaloud.render.RenderRequest;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.SynthesizeChunkStep;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cold start of every handler in a fresh JVM (to its first response), with the URLConnection HTTP
 * client and with the AWS CRT HTTP client, and the size of the deployment package with each. The
 * embedded S3 and a Step Functions stub run in this process; each measurement is a new JVM running
 * {@link ColdStartProbe} on the functions' runtime classpath only.
 *
 * <p>Run from the repository root (see docs/BENCHMARKS.md):
 * {@code java -cp "$(cat local/target/bench.classpath)" dev.readaloud.lambda.bench.ColdStartBenchmark [runs]}
 */
public final class ColdStartBenchmark {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String BUCKET = "bench-renders";
    private static final List<String> HANDLERS =
            List.of("JvmOnly", "StartRender", "GetRender", "Plan", "SynthesizeChunk", "Stitch", "RecordFailure");
    private static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto");

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path home = Path.of(System.getProperty("readaloud.home", ".")).toAbsolutePath().normalize();
        Path functions = home.resolve("functions");
        Path urlConnectionDeps = functions.resolve("target/package-lib");
        Path crtDeps = home.resolve("local/target/bench-crt/dependency");
        copyDependencies(functions.resolve("pom.xml"), urlConnectionDeps);
        copyDependencies(crtVariantPom(functions.resolve("pom.xml"), home.resolve("local/target/bench-crt")), crtDeps);

        long jarBytes = sizeOf(functions.resolve("target/classes"));
        System.out.printf("functions classes: %d KiB%n", jarBytes / 1024);
        System.out.printf("runtime dependencies, url-connection-client: %d KiB (%d jars)%n",
                sizeOf(urlConnectionDeps) / 1024, count(urlConnectionDeps));
        System.out.printf("runtime dependencies, aws-crt-client:        %d KiB (%d jars)%n",
                sizeOf(crtDeps) / 1024, count(crtDeps));

        HttpServer sfn = stepFunctionsStub();
        try (EmbeddedS3 s3 = EmbeddedS3.start(null)) {
            s3.createBucket(BUCKET);
            RenderStore store = new RenderStore(s3.client(), BUCKET, false);
            String common = String.join(File.pathSeparator, home.resolve("local/target/test-classes").toString(),
                    functions.resolve("target/classes").toString(), jarsOf("aws-lambda-java-tests"),
                    jarsOf("aws-lambda-java-serialization"));
            System.out.println();
            System.out.println("| handler | HTTP client | JVM start to first response, median (min-max) | init | first invoke |");
            System.out.println("|---|---|---|---|---|");
            for (String handler : HANDLERS) {
                Map<String, List<long[]>> samples = new java.util.LinkedHashMap<>();
                Map<String, String> outcomes = new java.util.HashMap<>();
                // Clients alternate run by run, so drifting load on the machine touches both alike.
                for (int run = 0; run < runs; run++) {
                    for (String client : List.of("urlconnection", "crt")) {
                        Path deps = client.equals("crt") ? crtDeps : urlConnectionDeps;
                        String classpath = common + File.pathSeparator + deps + File.separator + "*";
                        store.delete(RenderStore.requestKey(RenderIds.fromIdempotencyKey("sample-reading-2026-11-24")));
                        seed(store, home); // Plan rewrites plan.json; every probe starts from the same objects
                        String[] probe = {handler, client, s3.endpoint().toString(),
                                "http://127.0.0.1:" + sfn.getAddress().getPort(), s3.accessKey(), s3.secretKey(),
                                BUCKET, home.toString()};
                        Measurement m = measure(classpath, probe);
                        samples.computeIfAbsent(client, c -> new ArrayList<>())
                                .add(new long[] {m.wallMillis, m.initMillis, m.invokeMillis});
                        outcomes.put(client, m.outcome);
                    }
                }
                for (Map.Entry<String, List<long[]>> entry : samples.entrySet()) {
                    List<long[]> s = entry.getValue();
                    String outcome = outcomes.get(entry.getKey());
                    System.out.printf("| %s | %s | %d ms (%d-%d) | %d ms | %d ms |%s%n", handler,
                            entry.getKey().equals("crt") ? "aws-crt-client" : "url-connection-client",
                            median(s, 0), min(s, 0), max(s, 0), median(s, 1), median(s, 2),
                            outcome.isEmpty() ? "" : " " + outcome);
                }
            }
        } finally {
            sfn.stop(0);
        }
    }

    private record Measurement(long wallMillis, long initMillis, long invokeMillis, String outcome) {
    }

    private static Measurement measure(String classpath, String[] probe) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(classpath);
        command.add(ColdStartProbe.class.getName());
        command.addAll(Arrays.asList(probe));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String result = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.matches("\\d+ \\d+ .*")) {
                    result = line;
                    break;
                }
            }
            long wall = (System.nanoTime() - started) / 1_000_000;
            lines.transferTo(java.io.Writer.nullWriter());
            process.waitFor();
            if (result == null) {
                String error = output.stream().filter(l -> l.contains("Exception")).findFirst().orElse("no output");
                return new Measurement(wall, 0, 0, "(failed: " + error.strip() + ")");
            }
            String[] parts = result.split(" ", 3);
            return new Measurement(wall, Long.parseLong(parts[0]), Long.parseLong(parts[1]), "");
        }
    }

    /** What each handler reads: a started render, a plan with one present chunk, three chunks to stitch. */
    private static void seed(RenderStore store, Path home) throws IOException {
        String text = Files.readString(home.resolve("examples/lighthouse.txt"));
        store.writeJson(RenderStore.requestKey(ID), new RenderRequest(ID, text, "default", 3, 400, 40, 3, "x",
                "2026-11-24T15:00:00Z"));
        List<PlannedChunk> chunks = List.of(
                new PlannedChunk(0, "One.", 4, "SENTENCE", "a".repeat(64)),
                new PlannedChunk(1, "Two.", 4, "SENTENCE", "b".repeat(64)),
                new PlannedChunk(2, "Three.", 6, "PARAGRAPH", "c".repeat(64)));
        // The Plan probe overwrites plan.json with the real plan of the text; seeded again before every probe.
        store.writeJson(RenderStore.planKey(ID), new PlanDocument("default", 400, 40, 3, 3, chunks),
                Map.of("chunk-count", "3"));
        for (PlannedChunk chunk : chunks) {
            store.writeChunkWav(RenderStore.chunkKey(ID, chunk.index()), sine(220 * (chunk.index() + 1), 2_000),
                    Map.of(SynthesizeChunkStep.TEXT_SHA256, chunk.sha256(), SynthesizeChunkStep.JOB_ID, "job",
                            SynthesizeChunkStep.AUDIO_MS, "2000"));
        }
        store.writeJson(RenderStore.resultKey(ID), new RenderResult(ID, 3, 6_000, 192_044, 16_000, 1, "x", 1,
                "2026-11-24T15:00:00Z", List.of(), 0, 3));
    }

    private static byte[] sine(double hz, int millis) {
        int frames = 16_000 * millis / 1000;
        ByteBuffer wav = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(frames * 2);
        for (int i = 0; i < frames; i++) {
            wav.putShort((short) Math.round(12_000 * Math.sin(2 * Math.PI * hz * i / 16_000)));
        }
        return wav.array();
    }

    /** Answers StartExecution and DescribeExecution (SUCCEEDED) in the AWS JSON 1.0 protocol. */
    private static HttpServer stepFunctionsStub() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", (HttpExchange exchange) -> {
            exchange.getRequestBody().readAllBytes();
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            String arn = "arn:aws:states:us-east-1:123456789012:execution:readaloud:" + ID;
            String body = target.endsWith("StartExecution")
                    ? "{\"executionArn\":\"" + arn + "\",\"startDate\":1795532400}"
                    : "{\"executionArn\":\"" + arn + "\",\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:"
                    + "stateMachine:readaloud\",\"status\":\"SUCCEEDED\",\"startDate\":1795532400}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    /** functions/pom.xml with aws-crt-client in place of url-connection-client. */
    private static Path crtVariantPom(Path functionsPom, Path directory) throws IOException {
        Files.createDirectories(directory);
        String pom = Files.readString(functionsPom).replace("<artifactId>url-connection-client</artifactId>",
                "<artifactId>aws-crt-client</artifactId>");
        Path variant = directory.resolve("pom.xml");
        Files.writeString(variant, pom);
        return variant;
    }

    private static void copyDependencies(Path pom, Path output) throws IOException, InterruptedException {
        if (Files.isDirectory(output) && count(output) > 0) {
            return;
        }
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", pom.toString(), "dependency:copy-dependencies",
                "-DincludeScope=runtime", "-DoutputDirectory=" + output).inheritIO().start();
        if (mvn.waitFor() != 0) {
            throw new IllegalStateException("mvn dependency:copy-dependencies failed for " + pom);
        }
    }

    private static String jarsOf(String artifact) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Path.of(entry).getFileName().toString().startsWith(artifact + "-"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static long count(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".jar")).count();
        }
    }

    private static long median(List<long[]> samples, int column) {
        long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private static long min(List<long[]> samples, int column) {
        return samples.stream().mapToLong(s -> s[column]).min().orElse(0);
    }

    private static long max(List<long[]> samples, int column) {
        return samples.stream().mapToLong(s -> s[column]).max().orElse(0);
    }
}
