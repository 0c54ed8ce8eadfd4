package io.tributary.cli;

import io.tributary.core.error.ErrorCode;
import io.tributary.core.error.TributaryException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --jar} option (as Flink CDC's {@code flink-cdc.sh --jar}): jars holding the classes of
 * the pipeline's user-defined functions, which the pipeline file is checked with and the job gets.
 */
final class FunctionJars {
    @Option(names = "--jar", paramLabel = "PATH",
            description = "A jar with classes of the pipeline's user-defined functions (pipeline.user-defined-function); repeat it for several jars.")
    private List<Path> jars = new ArrayList<>();

    /**
     * The jars, each checked to be a readable file.
     *
     * @throws TributaryException (CONFIG_INVALID) for a path that is not a readable file
     */
    List<Path> paths() {
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "--jar " + jar + " is not a readable file. Give the path of the jar that holds"
                        + " the user-defined functions' classes.");
            }
        }
        return List.copyOf(jars);
    }

    /** Where the file's user-defined function classes are looked for: the jars, then Tributary's own class path. */
    ClassLoader classLoader() {
        List<Path> paths = paths();
        ClassLoader own = FunctionJars.class.getClassLoader();
        if (paths.isEmpty()) {
            return own;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : paths) {
            try {
                urls.add(jar.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new TributaryException(ErrorCode.CONFIG_INVALID, "--jar " + jar + " is not a usable path: " + e.getMessage(), e);
            }
        }
        return new URLClassLoader("user-defined-functions", urls.toArray(URL[]::new), own);
    }
}
