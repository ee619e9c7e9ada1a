package dev.readaloud.local.aws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * What a deployed stack and its operator provide, made on LocalStack: the render bucket (template.yaml's
 * RenderBucket) and the Secrets Manager secret holding the RunPod API key (the RunPodApiKeySecretArn
 * parameter).
 *
 * @param bucket          the bucket's name
 * @param apiKeySecretArn the secret's ARN
 */
public record LocalStackRenderAccount(String bucket, String apiKeySecretArn) {

    /** The secret's name; its ARN gets LocalStack's random six-character suffix, as in AWS. */
    static final String SECRET_NAME = "readaloud/runpod-api-key";

    /**
     * Creates the bucket (unless it exists) and stores {@code apiKey} as {@code {"apiKey": ...}}
     * (replacing an earlier value).
     */
    public static LocalStackRenderAccount create(LocalStack localStack, String bucket, String apiKey) {
        try (S3Client s3 = localStack.s3(); SecretsManagerClient secrets = localStack.secretsManager()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            String value = "{\"apiKey\":\"" + apiKey.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            String arn;
            try {
                arn = secrets.createSecret(b -> b.name(SECRET_NAME).secretString(value)).arn();
            } catch (ResourceExistsException e) {
                arn = secrets.putSecretValue(b -> b.secretId(SECRET_NAME).secretString(value)).arn();
            }
            return new LocalStackRenderAccount(bucket, arn);
        }
    }
}
