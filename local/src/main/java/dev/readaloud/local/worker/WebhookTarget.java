package dev.readaloud.local.worker;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URL a job's webhook goes to: absolute {@code http} or {@code https} with a host, at most
 * {@value #MAX_LENGTH} characters. Its query commonly carries a secret token, so {@link #toString()}
 * shows the scheme, host, port and path only, and no error message repeats the URL.
 */
record WebhookTarget(URI uri) {

    /** Longest URL accepted, in characters (the common practical limit of browsers and proxies). */
    static final int MAX_LENGTH = 2048;

    /**
     * Parses the {@code webhook} field of a /run or /runsync body.
     *
     * @throws IllegalArgumentException naming the field and what is wrong, never quoting the value
     */
    static WebhookTarget parse(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException("'webhook' must be an absolute http or https URL, got an empty string");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'webhook' is " + value.length() + " characters long; at most "
                    + MAX_LENGTH + " are accepted");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'webhook' is not a valid URL (bad character or syntax at index "
                    + e.getIndex() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("'webhook' must be an absolute http or https URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'webhook' must name a host (http://HOST[:PORT]/PATH)");
        }
        if (uri.getPort() > 65_535) {
            throw new IllegalArgumentException("'webhook' names port " + uri.getPort() + "; ports go up to 65535");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials before the host would be sent nowhere (no Basic auth is made from them) and leak into logs.
            throw new IllegalArgumentException("'webhook' must not carry user:password@ before the host");
        }
        return new WebhookTarget(uri);
    }

    /** {@code scheme://host[:port]/path}: safe to log. */
    @Override
    public String toString() {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path;
    }
}
