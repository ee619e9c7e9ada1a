package dev.readaloud.render;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.audio.LoudnessNormalization;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import dev.readaloud.text.InvalidTextException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /renders}: validates the request, writes request.json and starts the execution named
 * after the render id. An Idempotency-Key owns one render id, so repeating it never starts a second render.
 */
public final class StartRenderStep {

    private static final Set<String> FIELDS = Set.of("text", "voice", "concurrency", "maxChars", "minChars", "planWidth",
            "reuse", "loudness");
    private static final int MAX_IDEMPOTENCY_KEY_CHARS = 255;
    private static final int MAX_VOICE_CHARS = 100;
    private static final int MAX_CHARS_LIMIT = 100_000;
    /** Content after the JSON value (readTree ignores it by default) makes the body malformed too. */
    private static final ObjectReader STRICT_READER = RenderJson.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final RenderConfig config;
    private final RenderStore store;
    private final RenderLauncher launcher;
    private final Clock clock;
    private final JsonLog log;

    public StartRenderStep(RenderConfig config, RenderStore store, RenderLauncher launcher, Clock clock, JsonLog log) {
        this.config = config;
        this.store = store;
        this.launcher = launcher;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Starts a render, or returns the one an Idempotency-Key already started.
     *
     * @param body           the request body, JSON
     * @param idempotencyKey the Idempotency-Key header, or null
     * @throws InvalidRenderRequestException naming what is wrong with the request
     * @throws IdempotencyConflictException  when the key was used with a different request
     */
    public StartedRender start(String body, String idempotencyKey) {
        String key = validIdempotencyKey(idempotencyKey);
        RenderRequest request = parse(body, key == null ? RenderIds.random() : RenderIds.fromIdempotencyKey(key));
        String requestKey = RenderStore.requestKey(request.renderId());
        if (key != null) {
            Optional<RenderRequest> existing = store.readJson(requestKey, RenderRequest.class);
            if (existing.isPresent()) {
                return resume(existing.get(), request);
            }
            // Two requests with one key can both get here: the conditional write lets exactly one own
            // the render; the other answers as a repeat of it (or a conflict, for another body).
            if (!store.createJson(requestKey, request)) {
                RenderRequest winner = store.readJson(requestKey, RenderRequest.class).orElseThrow(() ->
                        new IllegalStateException("request.json of render " + request.renderId()
                                + " was refused as existing but cannot be read"));
                return resume(winner, request);
            }
        } else {
            store.writeJson(requestKey, request);
        }
        launcher.start(request.renderId(), executionInput(request));
        log.event("render.started", "renderId", request.renderId(), "concurrency", request.concurrency(),
                "chars", request.text().codePointCount(0, request.text().length()));
        return new StartedRender(request.renderId(), RenderState.RUNNING, true);
    }

    private StartedRender resume(RenderRequest existing, RenderRequest repeated) {
        if (!existing.requestSha256().equals(repeated.requestSha256())) {
            throw new IdempotencyConflictException("this Idempotency-Key was already used with a different request");
        }
        RenderStatus status = launcher.status(existing.renderId());
        if (status.state() == RenderState.PENDING) {
            // request.json was written but the start did not happen (the caller retried after an error).
            launcher.start(existing.renderId(), executionInput(existing));
            status = RenderStatus.of(RenderState.RUNNING);
        }
        log.event("render.repeated", "renderId", existing.renderId(), "status", status.state().name());
        return new StartedRender(existing.renderId(), status.state(), false);
    }

    /** The execution input: {@code {"renderId", "maxConcurrency"}}. */
    public static String executionInput(RenderRequest request) {
        ObjectNode input = RenderJson.MAPPER.createObjectNode();
        input.put("renderId", request.renderId());
        input.put("maxConcurrency", request.concurrency());
        return input.toString();
    }

    private static String validIdempotencyKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_CHARS || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidRenderRequestException("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_CHARS
                    + " visible ASCII characters");
        }
        return key;
    }

    private RenderRequest parse(String body, String renderId) {
        if (body == null || body.isBlank()) {
            throw new InvalidRenderRequestException("the request body is empty; expected a JSON object with \"text\"");
        }
        JsonNode root = readTree(body);
        if (root == null || !root.isObject()) {
            throw new InvalidRenderRequestException("the request body must be a JSON object with \"text\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRenderRequestException("unknown field \"" + abbreviate(name)
                        + "\"; allowed: text, voice, concurrency, maxChars, minChars, planWidth, reuse, loudness");
            }
        }
        String text = text(root.get("text"));
        String voice = voice(root.get("voice"));
        int concurrency = integer(root, "concurrency", config.maxConcurrency(), 1, config.maxConcurrency(),
                " (the deployment's MaxConcurrency)");
        int maxChars = integer(root, "maxChars", config.chunkSettings().maxChars(), 1, MAX_CHARS_LIMIT, "");
        int minChars = integer(root, "minChars", Math.min(config.chunkSettings().minChars(), maxChars), 0, maxChars,
                " (maxChars)");
        int planWidth = integer(root, "planWidth", config.chunkSettings().planWidth(), 1,
                RenderConfig.MAX_CONCURRENCY_LIMIT, "");
        boolean reuse = reuse(root.get("reuse"));
        String loudness = loudness(root.get("loudness"));
        requireWithinOneExecution(text, new ChunkSettings(maxChars, minChars, planWidth));
        String hashed = String.join("\u0000", text, voice, String.valueOf(concurrency),
                String.valueOf(maxChars), String.valueOf(minChars), String.valueOf(planWidth));
        // Only a request that opts out of reuse or names a loudness hashes it, so the hash of every other
        // request is what it always was.
        String requestSha256 = RenderIds.sha256Hex(hashed + (reuse ? "" : "\u0000no-reuse")
                + (loudness == null ? "" : "\u0000loudness=" + loudness));
        return new RenderRequest(renderId, text, voice, concurrency, maxChars, minChars, planWidth, requestSha256,
                clock.instant().toString(), reuse ? null : Boolean.FALSE, loudness);
    }

    /**
     * Parses the body. Every way it can be malformed is a 400 that says what is wrong, in our words:
     * Jackson's own messages can quote the body and name its internals.
     */
    private static JsonNode readTree(String body) {
        try {
            return STRICT_READER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidRenderRequestException(exceededLimit(e));
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof StreamConstraintsException limit) {
                throw new InvalidRenderRequestException(exceededLimit(limit));
            }
            // The location is null (or unknown) for errors not tied to a place in the input.
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new InvalidRenderRequestException("the request body is not valid JSON" + where);
        }
    }

    /** Which of Jackson's read limits the body broke; the exception's message only serves to tell them apart. */
    private static String exceededLimit(StreamConstraintsException e) {
        StreamReadConstraints limits = RenderJson.MAPPER.getFactory().streamReadConstraints();
        String detail = String.valueOf(e.getMessage());
        String which;
        if (detail.contains("NestingDepth")) {
            which = "it nests deeper than " + limits.getMaxNestingDepth() + " levels";
        } else if (detail.contains("NumberLength")) {
            which = "it has a number longer than " + limits.getMaxNumberLength() + " characters";
        } else if (detail.contains("NameLength")) {
            which = "it has a field name longer than " + limits.getMaxNameLength() + " characters";
        } else if (detail.contains("StringLength")) {
            which = "it has a string longer than " + limits.getMaxStringLength() + " characters";
        } else {
            which = "it is larger than the JSON reader accepts";
        }
        return "the request body is not acceptable JSON: " + which;
    }

    /**
     * Refuses a text whose plan has more chunks than one execution can run ({@link ExecutionLimits#MAX_CHUNKS}),
     * before anything is written or started. Planning is pure and fast, and the Plan state will make the
     * very same plan.
     */
    private static void requireWithinOneExecution(String text, ChunkSettings settings) {
        int chunks = chunkCount(text, settings);
        if (chunks <= ExecutionLimits.MAX_CHUNKS) {
            return;
        }
        String message = "the text makes " + chunks + " chunks at maxChars " + settings.maxChars()
                + "; one render can run at most " + ExecutionLimits.MAX_CHUNKS
                + " chunks (the stitch joins them all in one function run): ";
        int fitting = smallestFittingMaxChars(text, settings);
        throw new InvalidRenderRequestException(message + (fitting > 0
                ? "send a larger \"maxChars\" (" + fitting + " fits) or split the text into several renders"
                : "split the text into several renders"));
    }

    private static int chunkCount(String text, ChunkSettings settings) {
        try {
            return ChunkPlanner.plan(text, settings).chunks().size();
        } catch (InvalidTextException e) {
            // The planner's messages name settings and counts, never the text itself.
            throw new InvalidRenderRequestException("\"text\" cannot be read aloud: " + e.getMessage());
        }
    }

    /**
     * A maxChars that brings the plan within the limit, found by doubling (chunks end at sentence and
     * clause boundaries, so the count does not follow from the length alone); 0 when none up to the
     * largest allowed does. Runs only for a refused request.
     */
    private static int smallestFittingMaxChars(String text, ChunkSettings settings) {
        int codePoints = text.codePointCount(0, text.length());
        long candidate = Math.max(settings.maxChars() + 1L,
                (long) Math.ceil((double) codePoints / ExecutionLimits.MAX_CHUNKS));
        while (candidate <= MAX_CHARS_LIMIT) {
            ChunkSettings wider = new ChunkSettings((int) candidate, Math.min(settings.minChars(), (int) candidate),
                    settings.planWidth());
            if (chunkCount(text, wider) <= ExecutionLimits.MAX_CHUNKS) {
                return (int) candidate;
            }
            candidate = candidate == MAX_CHARS_LIMIT ? MAX_CHARS_LIMIT + 1L : Math.min(candidate * 2, MAX_CHARS_LIMIT);
        }
        return 0;
    }

    private String text(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRenderRequestException("\"text\" is missing");
        }
        if (!node.isTextual()) {
            throw new InvalidRenderRequestException("\"text\" must be a string");
        }
        String text = node.asText();
        if (text.isBlank()) {
            throw new InvalidRenderRequestException("\"text\" is empty");
        }
        int chars = text.codePointCount(0, text.length());
        if (chars > config.maxTextChars()) {
            throw new InvalidRenderRequestException("\"text\" is too long: " + chars + " characters, the limit is "
                    + config.maxTextChars());
        }
        // Punctuation, symbols and marks alone would be paid for and come back as silence or noise.
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw new InvalidRenderRequestException("\"text\" has nothing to read aloud: it holds no letters or digits");
        }
        return text;
    }

    private String voice(JsonNode node) {
        if (node == null || node.isNull()) {
            return config.voice();
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > MAX_VOICE_CHARS) {
            throw new InvalidRenderRequestException("\"voice\" must be a non-empty string of at most "
                    + MAX_VOICE_CHARS + " characters");
        }
        String voice = node.asText().strip();
        if (!config.voices().isEmpty() && !config.voices().contains(voice)) {
            // Checked here, before anything is paid for: RunPod would fail every chunk's job with it.
            throw new InvalidRenderRequestException("unknown \"voice\" \"" + abbreviate(voice)
                    + "\"; this deployment speaks " + String.join(", ", new TreeSet<>(config.voices())));
        }
        return voice;
    }

    /** {@code "reuse"}: true (the default) or false, when every chunk must be synthesized anew. */
    private static boolean reuse(JsonNode node) {
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            throw new InvalidRenderRequestException("\"reuse\" must be true or false");
        }
        return node.booleanValue();
    }

    /**
     * The loudness the stitch brings the chunks to: a number of LUFS from -40 to -5 (stored as "-16.0") or "off";
     * null when the body has none, which leaves it to the deployment's LoudnessTarget.
     */
    private static String loudness(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual() && node.asText().strip().equalsIgnoreCase("off")) {
            return "off";
        }
        if (node.isNumber()) {
            double target = node.doubleValue();
            if (target >= LoudnessNormalization.MIN_TARGET_LUFS && target <= LoudnessNormalization.MAX_TARGET_LUFS) {
                return Double.toString(target);
            }
        }
        throw new InvalidRenderRequestException("\"loudness\" must be a target in LUFS from "
                + (int) LoudnessNormalization.MIN_TARGET_LUFS + " to " + (int) LoudnessNormalization.MAX_TARGET_LUFS
                + " (e.g. -18) or \"off\"");
    }

    private static int integer(JsonNode root, String name, int fallback, int min, int max, String maxMeaning) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new InvalidRenderRequestException("\"" + name + "\" must be an integer from " + min + " to " + max);
        }
        int value = node.intValue();
        if (value < min) {
            throw new InvalidRenderRequestException("\"" + name + "\" must be at least " + min + ", got " + value);
        }
        if (value > max) {
            throw new InvalidRenderRequestException("\"" + name + "\" must be at most " + max + maxMeaning
                    + ", got " + value);
        }
        return value;
    }

    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }

}
