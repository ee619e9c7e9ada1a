package dev.readaloud.local.aws;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/** LocalStack for tests: the repository's installation, installed first when missing. */
final class TestLocalStack {

    private TestLocalStack() {
    }

    static Path repository() {
        return Path.of(System.getProperty("readaloud.home", "..")).toAbsolutePath().normalize();
    }

    static LocalStackInstallation installation() {
        return LocalStackInstallation.ensure(repository(), System.err::println);
    }

    /** Whether anything answers the request at all. */
    static boolean answers(HttpRequest request) throws InterruptedException {
        try {
            HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
