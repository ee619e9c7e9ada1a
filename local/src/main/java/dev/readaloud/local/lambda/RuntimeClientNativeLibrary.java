package dev.readaloud.local.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Works around a race of the AWS Lambda Java runtime interface client (2.10.1) when several execution
 * environments share one /tmp, as the emulated ones on this machine do: every runtime copies its JNI
 * library to the fixed path {@code /tmp/.libaws-lambda-jni.so} and loads it from there, so a runtime
 * that loads the file while another one is rewriting it dies with SIGBUS in the dynamic loader. (On
 * Lambda each execution environment has a /tmp of its own.) The client loads the file named by the
 * system property {@value #PROPERTY} instead when it is set: the emulator extracts the library once
 * and starts every runtime with that property ({@link #jvmOption()}).
 */
record RuntimeClientNativeLibrary(Path library) {

    static final String PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** Extracts the library for this machine's architecture (glibc) from the client's jar into {@code directory}. */
    static RuntimeClientNativeLibrary extract(RuntimeFiles files, Path directory) {
        Path jar = files.runtimeInterfaceClient().stream()
                .filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no aws-lambda-java-runtime-interface-client jar among "
                        + files.runtimeInterfaceClient()));
        String entryName = "jni/libaws-lambda-jni.linux-" + architecture() + ".so";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(jar + " has no " + entryName);
            }
            Files.createDirectories(directory);
            Path library = directory.resolve("libaws-lambda-jni.so");
            // Written aside and moved into place, so no reader ever maps a half-written file.
            Path partial = Files.createTempFile(directory, "libaws-lambda-jni", ".partial");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new RuntimeClientNativeLibrary(library);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + entryName + " from " + jar, e);
        }
    }

    /** The JVM option that makes a runtime load this copy. */
    String jvmOption() {
        return "-D" + PROPERTY + "=" + library;
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> throw new IllegalStateException("the runtime interface client has no native library for " + arch);
        };
    }
}
