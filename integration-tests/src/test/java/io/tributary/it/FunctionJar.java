package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A jar of user-defined functions as a user builds it: compiled here from source, so that its
 * classes are on no class path of the test, only where {@code --jar} puts them.
 */
final class FunctionJar {
    /** The package the functions' sources declare. */
    static final String PACKAGE = "com.acme.udf";

    private FunctionJar() {}

    /** A jar {@code directory/name.jar} holding the one class {@code PACKAGE.className} compiled from {@code source}. */
    static Path compile(Path directory, String name, String className, String source) throws IOException {
        String path = PACKAGE.replace('.', '/') + "/" + className;
        Path sourceFile = directory.resolve(name + "-src/" + path + ".java");
        Files.createDirectories(sourceFile.getParent());
        Files.writeString(sourceFile, source);
        Path classes = Files.createDirectories(directory.resolve(name + "-classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK's compiler").isNotNull();
        assertThat(compiler.run(null, null, null, "-d", classes.toString(), sourceFile.toString())).as("compiling " + className).isZero();
        Path jar = directory.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(path + ".class"));
            Files.copy(classes.resolve(path + ".class"), (OutputStream) out);
            out.closeEntry();
        }
        return jar;
    }
}
