package dev.readaloud.local.lambda;

import java.util.List;

/**
 * The JVM options Lambda's managed Java runtimes start a function with, sized from MemorySize: the
 * heap gets 85% of the function's memory, metaspace 10% and the code cache 5% (the managed runtime's
 * -XX:MaxHeapSize, -XX:MaxMetaspaceSize and -XX:ReservedCodeCacheSize), with the serial collector and
 * C1-only tiered compilation it uses for fast starts. So a function that needs more heap than its
 * MemorySize allows fails with OutOfMemoryError here as it would on AWS, instead of borrowing this
 * machine's memory.
 */
final class JvmOptions {

    static final int HEAP_PERCENT = 85;
    static final int METASPACE_PERCENT = 10;
    static final int CODE_CACHE_PERCENT = 5;

    private JvmOptions() {
    }

    static List<String> forMemory(int memoryMb) {
        long kib = memoryMb * 1024L;
        return List.of(
                "-XX:MaxHeapSize=" + kib * HEAP_PERCENT / 100 + "k",
                "-XX:MaxMetaspaceSize=" + kib * METASPACE_PERCENT / 100 + "k",
                "-XX:ReservedCodeCacheSize=" + kib * CODE_CACHE_PERCENT / 100 + "k",
                "-XX:+UseSerialGC",
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                // The runtime interface client loads its JNI library; without this, JDK 25 warns on every start.
                "--enable-native-access=ALL-UNNAMED");
    }
}
