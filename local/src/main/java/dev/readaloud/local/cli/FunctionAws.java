package dev.readaloud.local.cli;

import dev.readaloud.local.lambda.AwsEndpoint;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.s3.EmbeddedS3;
import java.net.URI;
import java.nio.file.Path;

/**
 * The AWS an emulated function talks to, and what to close when done: the endpoint {@code --aws-endpoint}
 * names (any local AWS that takes any key, as LocalStack does), or else the embedded S3 under the data
 * directory with the renders bucket, which is all that S3-only functions need.
 *
 * @param endpoint  the endpoint and the role's credentials there
 * @param bucket    the bucket !Ref RenderBucket stands for
 * @param resources what was started for it (closed with this), or null
 */
record FunctionAws(AwsEndpoint endpoint, String bucket, AutoCloseable resources) implements AutoCloseable {

    static final String REGION = "us-east-1";

    /** LocalStack and other local AWS servers take any key pair. */
    private static final String LOCAL_KEY = "test";

    /**
     * @param awsEndpoint   --aws-endpoint, or null for the default
     * @param dataDirectory where the embedded S3 keeps objects (the data directory `render` uses)
     */
    static FunctionAws open(URI awsEndpoint, Path dataDirectory) {
        if (awsEndpoint != null) {
            return new FunctionAws(AwsEndpoint.of(awsEndpoint, REGION, LOCAL_KEY, LOCAL_KEY), LocalRuntime.BUCKET, null);
        }
        EmbeddedS3 s3 = EmbeddedS3.start(dataDirectory.resolve("s3"));
        s3.createBucket(LocalRuntime.BUCKET);
        return new FunctionAws(AwsEndpoint.of(s3.endpoint(), REGION, s3.accessKey(), s3.secretKey()), LocalRuntime.BUCKET, s3);
    }

    @Override
    public void close() throws Exception {
        if (resources != null) {
            resources.close();
        }
    }
}
