package dev.readaloud.runpod;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An API key read from its store (Secrets Manager in AWS) when first needed, not when the client is
 * built: a SnapStart snapshot is taken after construction and must not hold a secret. After a 401 it
 * reads the store again, once per refused key, so a rotated key works at once. Thread-safe.
 */
public final class RefreshingApiKey implements ApiKeySource {

    private final Supplier<String> reader;
    private String key;

    /** @param reader reads the key from its store; may fail, and is called again at the next request then */
    public RefreshingApiKey(Supplier<String> reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public synchronized String current() {
        if (key == null) {
            key = reader.get();
        }
        return key;
    }

    @Override
    public synchronized String replacing(String refused) {
        if (key != null && !key.equals(refused)) {
            return key; // another request already read the rotated key
        }
        String fresh = reader.get();
        if (fresh == null || fresh.equals(refused)) {
            return null;
        }
        key = fresh;
        return fresh;
    }
}
