package dev.readaloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.render.ConfigurationException;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.S3Metering;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The production SDK clients, built once per container by the handlers' no-arg constructors: the
 * URLConnection HTTP client (named, so no HTTP client is discovered by scanning at cold start), the
 * region from AWS_REGION, and the SDK's default credentials chain. The chain is what makes SnapStart
 * work: a restored snapshot gets its credentials from the container credentials endpoint
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN), not from
 * AWS_ACCESS_KEY_ID. No endpoint is set here: the SDK reads AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_&lt;SERVICE&gt; itself, which is how the local tiers point the functions at LocalStack;
 * for an IP address such as http://127.0.0.1:4566 the S3 client addresses buckets path-style by itself
 * (a host name such as localhost would get virtual-hosted addresses, bucket.localhost). The S3 client counts its
 * requests into the invocation's meter ({@link S3Metering}).
 */
final class AwsClients {

    private AwsClients() {
    }

    /** One chain for every client of the container, so credentials are fetched (and refreshed) once. */
    private static final class Credentials {
        static final AwsCredentialsProvider CHAIN = DefaultCredentialsProvider.builder().build();
    }

    static Region region() {
        String region = System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new ConfigurationException("environment variable AWS_REGION is not set");
        }
        return Region.of(region);
    }

    static S3Client s3() {
        return S3Metering.clientBuilder()
                .region(region())
                .credentialsProvider(Credentials.CHAIN)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static S3Presigner presigner() {
        return S3Presigner.builder()
                .region(region())
                .credentialsProvider(Credentials.CHAIN)
                .build();
    }

    static SfnClient sfn() {
        return SfnClient.builder()
                .region(region())
                .credentialsProvider(Credentials.CHAIN)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Reads the RunPod API key from a Secrets Manager secret: either the key itself or a JSON object
     * with an "apiKey" field. The key is never logged.
     */
    static String readApiKey(String secretArn) {
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(region())
                .credentialsProvider(Credentials.CHAIN)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String value = secrets.getSecretValue(b -> b.secretId(secretArn)).secretString();
            if (value == null || value.isBlank()) {
                throw new ConfigurationException("the secret RUNPOD_API_KEY_SECRET_ARN names has no string value");
            }
            return apiKeyFrom(value.strip());
        }
    }

    static String apiKeyFrom(String secretString) {
        if (!secretString.startsWith("{")) {
            return secretString;
        }
        try {
            JsonNode node = RenderJson.MAPPER.readTree(secretString);
            if (node.hasNonNull("apiKey")) {
                return node.get("apiKey").asText();
            }
        } catch (java.io.IOException e) {
            // Not JSON after all: fall through to the message below, without echoing the value.
        }
        throw new ConfigurationException("the secret RUNPOD_API_KEY_SECRET_ARN names must hold the API key or "
                + "a JSON object with an \"apiKey\" field");
    }
}
