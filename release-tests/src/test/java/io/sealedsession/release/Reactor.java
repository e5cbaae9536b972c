package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project as the build left it: its root folder, its version, its modules and the jars they
 * packaged. Read from the POM files with plain text patterns, so the checks need no Maven API.
 */
final class Reactor {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern PACKAGING = Pattern.compile("<packaging>([^<]+)</packaging>");

    private Reactor() {}

    /** The repository's root folder, where the parent POM lives. */
    static Path root() {
        return Path.of(required("sealedsession.root")).toAbsolutePath().normalize();
    }

    static String version() {
        return required("sealedsession.version");
    }

    /** The folders of the modules the parent POM lists, in its order. */
    static List<String> moduleDirectories() {
        List<String> modules = new ArrayList<>();
        Matcher matcher = MODULE.matcher(read(root().resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1).trim());
        }
        return modules;
    }

    /**
     * The library modules: packaged as jars and published. A module that is not published says so
     * with {@code <maven.deploy.skip>true</maven.deploy.skip>} in its POM.
     */
    static List<Module> libraries() {
        List<Module> libraries = new ArrayList<>();
        for (String directory : moduleDirectories()) {
            String pom = read(root().resolve(directory).resolve("pom.xml"));
            Matcher packaging = PACKAGING.matcher(pom);
            boolean jar = !packaging.find() || packaging.group(1).equals("jar");
            if (jar && !pom.contains("<maven.deploy.skip>true</maven.deploy.skip>")) {
                libraries.add(new Module(directory, artifactId(pom)));
            }
        }
        return libraries;
    }

    /** The module's own artifactId: the first one after its {@code <parent>} block. */
    static String artifactId(String pom) {
        int afterParent = pom.indexOf("</parent>");
        Matcher matcher = ARTIFACT_ID.matcher(pom);
        assertThat(matcher.find(Math.max(afterParent, 0))).as("artifactId in a POM").isTrue();
        return matcher.group(1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by release-tests/pom.xml)", property).isNotBlank();
        return value;
    }

    /** A library module: its folder and its artifactId. */
    record Module(String directory, String artifactId) {

        /** A file this module's build wrote into its {@code target} folder, under {@code root}. */
        Path artifact(Path root, String suffix) {
            return root.resolve(directory).resolve("target").resolve(artifactId + "-" + version() + suffix);
        }

        Path jar() {
            return artifact(root(), ".jar");
        }
    }
}
