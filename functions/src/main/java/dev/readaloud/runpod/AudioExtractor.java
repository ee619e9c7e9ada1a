package dev.readaloud.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Finds a job's audio bytes in the shapes TTS workers return: {@code audio_base64}, {@code audio}
 * (base64 or a {@code data:audio/wav;base64,} URI), {@code audio_url} (https only), the output
 * itself as such a string, or the first element of an output list.
 */
final class AudioExtractor {

    /** Field names tried, in order, when no audio field is configured. */
    static final List<String> AUTO_FIELDS = List.of("audio_base64", "audio", "audio_url", "wav");

    private final HttpClient http;
    private final String audioField;
    private final long maxBytes;

    AudioExtractor(HttpClient http, String audioField, long maxBytes) {
        this.http = http;
        this.audioField = audioField;
        this.maxBytes = maxBytes;
    }

    /**
     * The audio bytes of a COMPLETED job's output (not yet checked to be a WAV).
     *
     * @param downloadTimeout longest an audio_url download may take
     * @throws BadAudioException when no audio can be found or decoded, naming what was wrong
     */
    byte[] extract(JsonNode output, Duration downloadTimeout) {
        JsonNode node = output;
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw new BadAudioException("job output is an empty list");
            }
            node = node.get(0);
        }
        if (node.isTextual()) {
            return decode(node.asText(), "output", downloadTimeout);
        }
        if (!node.isObject()) {
            throw new BadAudioException("job output is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", expected an object or a string holding audio");
        }
        if (audioField != null) {
            JsonNode value = node.get(audioField);
            if (value == null || value.isNull()) {
                throw new BadAudioException("job output has no field '" + audioField + "' (configured audio field); fields: "
                        + fieldNames(node));
            }
            return decodeField(value, audioField, downloadTimeout);
        }
        for (String field : AUTO_FIELDS) {
            JsonNode value = node.get(field);
            if (value != null && !value.isNull()) {
                return decodeField(value, field, downloadTimeout);
            }
        }
        throw new BadAudioException("job output has none of the audio fields " + AUTO_FIELDS + "; fields: "
                + fieldNames(node));
    }

    private byte[] decodeField(JsonNode value, String field, Duration downloadTimeout) {
        if (!value.isTextual()) {
            throw new BadAudioException("job output field '" + field + "' is a JSON "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT) + ", expected a string");
        }
        return decode(value.asText(), "field '" + field + "'", downloadTimeout);
    }

    private byte[] decode(String value, String where, Duration downloadTimeout) {
        String trimmed = value.strip();
        String lower = trimmed.length() > 8 ? trimmed.substring(0, 8).toLowerCase(Locale.ROOT) : trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return decodeDataUri(trimmed, where);
        }
        if (lower.startsWith("https://")) {
            return download(URI.create(trimmed), where, downloadTimeout);
        }
        if (lower.startsWith("http://")) {
            throw new BadAudioException("job output " + where + " is an http:// URL; only https audio URLs are fetched");
        }
        return decodeBase64(trimmed, where);
    }

    private byte[] decodeDataUri(String uri, String where) {
        int comma = uri.indexOf(',');
        if (comma < 0) {
            throw new BadAudioException("job output " + where + " is a data URI without a ',' before its payload");
        }
        String header = uri.substring(5, comma).toLowerCase(Locale.ROOT);
        if (!header.endsWith(";base64")) {
            throw new BadAudioException("job output " + where + " is a data URI that is not base64 (" + header + ")");
        }
        String mime = header.substring(0, header.length() - ";base64".length());
        if (!mime.isEmpty() && !mime.startsWith("audio/") && !mime.equals("application/octet-stream")) {
            throw new BadAudioException("job output " + where + " is a data URI of type '" + mime + "', expected audio/wav");
        }
        return decodeBase64(uri.substring(comma + 1), where);
    }

    private byte[] decodeBase64(String text, String where) {
        if (text.isEmpty()) {
            throw new BadAudioException("job output " + where + " is an empty string");
        }
        if ((long) text.length() * 3 / 4 > maxBytes + 3) {
            throw new BadAudioException("job output " + where + " holds more than " + maxBytes + " bytes of audio");
        }
        try {
            // The MIME decoder accepts line breaks, which some workers insert every 76 characters,
            // but silently skips foreign characters: check the alphabet first.
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n' || c == '-' || c == '_';
                if (!ok) {
                    throw new IllegalArgumentException("character " + (int) c + " at index " + i + " is not base64");
                }
            }
            String standard = text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? text.replace('-', '+').replace('_', '/') : text;
            return Base64.getMimeDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new BadAudioException("job output " + where + " is not valid base64: " + e.getMessage());
        }
    }

    private byte[] download(URI url, String where, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new RunPodUnavailableException("no time left before the deadline to download the job's audio_url");
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new RunPodUnavailableException("downloading the job's audio URL timed out after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new RunPodUnavailableException("downloading the job's audio URL failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunPodUnavailableException("interrupted while downloading the job's audio URL", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500) {
                throw new RunPodUnavailableException("the job's audio URL answered HTTP " + status);
            }
            if (status != 200) {
                throw new BadAudioException("the job's audio URL (" + where + ") answered HTTP " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new BadAudioException("the job's audio URL declares " + declared + " bytes, more than the "
                        + maxBytes + "-byte limit");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = body.read(buffer)) > 0; ) {
                total += read;
                if (total > maxBytes) {
                    throw new BadAudioException("the job's audio URL sent more than the " + maxBytes + "-byte limit");
                }
                bytes.write(buffer, 0, read);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new RunPodUnavailableException("reading the job's audio URL failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
