package io.sealedsession.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.tests.redis.RedisServer;
import io.sealedsession.tests.redis.RespConnection;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A tiny application of its own module, on the module path with session-core, session-redis and
 * adapter-lettuce only (no class path), finds the adapter through {@link java.util.ServiceLoader}
 * and writes to a real {@code redis-server}. On the module path a named module's
 * {@code META-INF/services} file is ignored: only its {@code provides} counts, and session-redis
 * can call {@code ServiceLoader} only because it declares {@code uses}.
 */
class ModulePathTest {

    private static final String MODULE_INFO = """
            module demo.app {
                requires io.sealedsession.redis;
                uses io.sealedsession.redis.RedisClientProvider;
            }
            """;

    private static final String MAIN = """
            package demo.app;

            import io.sealedsession.core.SessionKey;
            import io.sealedsession.core.SessionToken;
            import io.sealedsession.redis.RedisClientProvider;
            import io.sealedsession.redis.RedisSessionStore;
            import io.sealedsession.redis.RedisSessionStores;
            import io.sealedsession.redis.RedisStoreConfig;
            import java.nio.charset.StandardCharsets;
            import java.security.SecureRandom;
            import java.time.Duration;
            import java.util.ServiceLoader;

            public final class Main {
                public static void main(String[] args) {
                    System.out.println("app module: " + Main.class.getModule().getName());
                    ServiceLoader.load(RedisClientProvider.class).stream().forEach(provider ->
                            System.out.println("provider module: " + provider.type().getModule().getName()));
                    System.out.println("providers: " + RedisSessionStores.providerNames());
                    try (RedisSessionStore store = RedisSessionStores.open(RedisStoreConfig.forUri(args[0]))) {
                        SessionKey key = SessionToken.generate(new SecureRandom()).key();
                        boolean created = store.create(key, "module path".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));
                        System.out.println("created: " + created);
                    }
                }
            }
            """;

    @Test
    @DisplayName("an application on the module path finds adapter-lettuce through ServiceLoader and writes to Redis")
    void moduleApplicationFindsTheAdapter() throws Exception {
        Path work = Path.of(System.getProperty("sealedsession.work"), "module-path");
        deleteRecursively(work);
        Path source = work.resolve("src");
        Files.createDirectories(source.resolve("demo/app"));
        Files.writeString(source.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(source.resolve("demo/app/Main.java"), MAIN);
        Path classes = work.resolve("classes");

        String modulePath = modulePath();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "--release", "17", "-d", classes.toString(),
                "--module-path", modulePath,
                source.resolve("module-info.java").toString(), source.resolve("demo/app/Main.java").toString());
        assertThat(compiled).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        try (RedisServer redis = RedisServer.startDefault()) {
            String output = NestedBuild.java(List.of(
                    "--module-path", classes + File.pathSeparator + modulePath,
                    // Lettuce is an automatic module: nothing it needs from Netty (explicit modules) is
                    // resolved unless added. An application on the module path does the same.
                    "--add-modules", "ALL-MODULE-PATH",
                    "--module", "demo.app/demo.app.Main", redis.uri()));

            assertThat(output).contains("app module: demo.app")
                    .contains("provider module: io.sealedsession.lettuce")
                    .contains("providers: [lettuce]")
                    .contains("created: true");
            try (RespConnection connection = RespConnection.to(redis)) {
                assertThat(connection.scan("ss:s:*")).as("records in Redis").hasSize(1);
            }
        }
    }

    /** The jars of adapter-lettuce's runtime class path, as this module's build listed them. */
    private static String modulePath() throws IOException {
        Path listing = Path.of(System.getProperty("sealedsession.modulePath"));
        List<String> jars = new ArrayList<>(Arrays.asList(Files.readString(listing).trim().split(File.pathSeparator)));
        assertThat(jars).as("module path from %s", listing)
                .anyMatch(jar -> jar.contains("adapter-lettuce"))
                .anyMatch(jar -> jar.contains("lettuce-core"))
                .noneMatch(jar -> jar.contains("junit") || jar.contains("adapter-jedis") || jar.contains("redisson"));
        return jars.stream().collect(Collectors.joining(File.pathSeparator));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
