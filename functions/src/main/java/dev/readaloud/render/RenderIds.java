package dev.readaloud.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/** Render ids: 32 lowercase hex digits, also the Step Functions execution name. */
public final class RenderIds {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");

    private RenderIds() {
    }

    /** A fresh random id. */
    public static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The id owned by an Idempotency-Key: the same key always gives the same id. */
    public static String fromIdempotencyKey(String key) {
        return sha256Hex("idempotency-key:" + key).substring(0, 32);
    }

    /** Whether {@code id} has the shape of a render id (no S3 key or ARN can be smuggled in). */
    public static boolean isValid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }

    /** Fails with {@link InvalidStepInputException} unless {@code id} is a valid render id. */
    public static String require(String id) {
        if (!isValid(id)) {
            throw new InvalidStepInputException("renderId must be 32 lowercase hex digits, got "
                    + (id == null ? "nothing" : "'" + abbreviate(id) + "'"));
        }
        return id;
    }

    static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String abbreviate(String id) {
        return id.length() <= 40 ? id : id.substring(0, 40) + "...";
    }
}
