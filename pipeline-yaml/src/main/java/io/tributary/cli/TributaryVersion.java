package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code tributary --version}: the project version, written into a resource at build time. */
public final class TributaryVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    /** The version, e.g. {@code 0.1.0}; {@code unknown} when the build did not record it. */
    public static String current() {
        try (InputStream in = TributaryVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + " from the tributary jar", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tributary " + current()};
    }
}
