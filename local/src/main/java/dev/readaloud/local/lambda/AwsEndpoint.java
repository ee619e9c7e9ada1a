package dev.readaloud.local.lambda;

import java.net.URI;
import java.util.Objects;

/**
 * The AWS the emulated functions talk to (LocalStack, the embedded S3 ...) and the credentials of
 * their execution role there. The functions reach it through {@code AWS_ENDPOINT_URL}, which the
 * SDK's default configuration reads, so their code runs unchanged.
 *
 * @param endpoint        every service's endpoint ({@code AWS_ENDPOINT_URL}), e.g. http://127.0.0.1:4566; an IP
 *                        address rather than a host name makes the SDK address S3 buckets path-style
 * @param region          the region (AWS_REGION and AWS_DEFAULT_REGION)
 * @param accessKeyId     the role's access key id
 * @param secretAccessKey the role's secret access key
 * @param sessionToken    the role's session token, or null for long-term keys (local servers)
 */
public record AwsEndpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsEndpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoint.isAbsolute() || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the AWS endpoint must be an absolute http(s) URL, got " + endpoint);
        }
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    /** Long-term keys, as local AWS servers take them. */
    public static AwsEndpoint of(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        return new AwsEndpoint(endpoint, region, accessKeyId, secretAccessKey, null);
    }

    @Override
    public String toString() {
        // Never the keys: this value ends up in messages and logs.
        return "AwsEndpoint[" + endpoint + ", " + region + "]";
    }
}
