package dev.readaloud.local.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version {@code readaloud -V} prints: the Maven project version, written into
 * {@code version.properties} by the build (resource filtering), so it is the version of the
 * classes actually running, from the jar or from target/classes alike.
 */
final class BuildVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"readaloud " + version()};
    }

    /** The project version, e.g. 1.0.0-SNAPSHOT. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build: rebuild with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "");
        if (version.isBlank() || version.contains("${")) {
            throw new IllegalStateException(RESOURCE + " holds no version (the build did not filter it)");
        }
        return version;
    }
}
