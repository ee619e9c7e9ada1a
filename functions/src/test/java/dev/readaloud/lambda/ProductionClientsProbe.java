package dev.readaloud.lambda;

import dev.readaloud.render.InvocationMeter;
import dev.readaloud.render.Spend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run in a JVM of its own by {@link AwsClientsTest}, with a Lambda-like environment: writes and
 * reads an object through the production S3 client, which counts both into the invocation's meter, then
 * fetches it through the production presigner's URL. Prints "ok"; any failure exits non-zero with the stack
 * trace on stderr.
 */
final class ProductionClientsProbe {

    private ProductionClientsProbe() {
    }

    public static void main(String[] args) throws Exception {
        String bucket = args[0];
        S3Client s3 = AwsClients.s3();
        try (InvocationMeter meter = InvocationMeter.start(512)) {
            s3.putObject(b -> b.bucket(bucket).key("probe/object.txt"), RequestBody.fromString("signed"));
            String read = s3.getObjectAsBytes(b -> b.bucket(bucket).key("probe/object.txt")).asUtf8String();
            if (!read.equals("signed")) {
                throw new IllegalStateException("read back '" + read + "'");
            }
            Spend spent = meter.spentSoFar();
            if (spent.s3WriteRequests() < 1 || spent.s3ReadRequests() < 1) {
                throw new IllegalStateException("the production S3 client did not count its requests: " + spent);
            }
        }
        URI url = AwsClients.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("probe/object.txt"))).url().toURI();
        HttpResponse<String> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        if (download.statusCode() != 200 || !download.body().equals("signed")) {
            throw new IllegalStateException("presigned GET " + url.getHost() + " answered " + download.statusCode());
        }
        System.out.println("ok");
    }
}
