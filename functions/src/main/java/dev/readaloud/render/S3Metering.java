package dev.readaloud.render;

import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one way the functions and the local runtime build an S3 client: {@link #clientBuilder()} is
 * {@code S3Client.builder()} with an interceptor that counts every HTTP attempt (S3 bills each request, a retry
 * as much as the first try) into the {@link InvocationMeter} current on the calling thread, by the request's
 * price class. Outside a metered invocation it counts nothing.
 */
public final class S3Metering {

    /**
     * S3 Standard's request price classes (https://aws.amazon.com/s3/pricing/): "PUT, COPY, POST, LIST
     * requests", "GET, SELECT, and all other requests", and DELETE and CANCEL requests, which are free.
     */
    public enum PriceClass { WRITE, READ, FREE }

    /** Operation-name prefixes of the PUT, COPY, POST, LIST class: uploads (multipart calls too), copies, lists. */
    private static final List<String> WRITE_PREFIXES = List.of("Put", "Copy", "Post", "List", "Create", "Complete",
            "UploadPart");

    private static final ExecutionInterceptor COUNTER = new ExecutionInterceptor() {
        /** Once per attempt, right before it goes out: a retry is counted again. */
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            InvocationMeter.countS3Request(priceClass(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)));
        }
    };

    private S3Metering() {
    }

    /** {@code S3Client.builder()} with the request counter registered; set the rest (region,
     * endpoint ...) on it, but not another override configuration, which would replace this one. */
    public static S3ClientBuilder clientBuilder() {
        return S3Client.builder().overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER));
    }

    /**
     * {@link #clientBuilder()} for an S3 server on this machine that tests start and stop many times in one
     * JVM: up to eight attempts a request. The JDK keeps idle HTTP connections per host and port
     * for reuse; a new server given the port of a stopped one inherits its dead connections, and each retry
     * can take another of them (up to five) before a live one is opened.
     */
    public static S3ClientBuilder localServerClientBuilder() {
        return S3Client.builder().overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER)
                .retryStrategy(retry -> retry.maxAttempts(LOCAL_SERVER_ATTEMPTS)));
    }

    private static final int LOCAL_SERVER_ATTEMPTS = 8;

    /** The price class of an S3 operation by its API name (PutObject, HeadObject ...); an unknown name reads. */
    public static PriceClass priceClass(String operationName) {
        if (operationName == null) {
            return PriceClass.READ;
        }
        if (operationName.startsWith("Delete") || operationName.equals("AbortMultipartUpload")) {
            return PriceClass.FREE;
        }
        for (String prefix : WRITE_PREFIXES) {
            if (operationName.startsWith(prefix)) {
                return PriceClass.WRITE;
            }
        }
        return PriceClass.READ;
    }
}
