package dev.readaloud.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret in a RunPod webhook URL. RunPod cannot sign its webhooks, so the URL itself authenticates
 * them: 256 random bits per job, of which only the SHA-256 is stored ({@link JobRecord#webhookTokenSha256()}),
 * compared in constant time. Neither the secret nor the URL carrying it is ever logged.
 */
public final class WebhookSecret {

    /** 32 random bytes, URL-safe Base64 without padding. */
    private static final int BYTES = 32;
    private static final int ENCODED_LENGTH = 43;

    private WebhookSecret() {
    }

    /**
     * A new secret. A SecureRandom per call: one created before a SnapStart snapshot would hand every
     * restored environment the same sequence.
     */
    public static String generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of the secret, what a job record keeps. */
    public static String sha256(String secret) {
        return RenderIds.sha256Hex(secret);
    }

    /** Whether {@code secret} has the shape of one this class generates (checked before any hashing). */
    public static boolean wellFormed(String secret) {
        return secret != null && secret.length() == ENCODED_LENGTH && secret.chars().allMatch(c ->
                c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    /**
     * Whether {@code secret} hashes to {@code expectedSha256}, in time that does not depend on where the two
     * differ (MessageDigest.isEqual), so response times tell a caller nothing about the stored hash.
     */
    public static boolean matches(String secret, String expectedSha256) {
        if (!wellFormed(secret) || expectedSha256 == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret).getBytes(StandardCharsets.US_ASCII),
                expectedSha256.getBytes(StandardCharsets.US_ASCII));
    }
}
