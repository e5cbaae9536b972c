package io.sealedsession.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.RecordFormatException;
import io.sealedsession.core.SessionToken;
import io.sealedsession.core.internal.BuiltInAttributeCodec;
import io.sealedsession.core.internal.RecordCodec;
import io.sealedsession.core.internal.SessionRecord;
import io.sealedsession.crypto.KeyEncryptionKey;
import io.sealedsession.crypto.KeysetException;
import io.sealedsession.crypto.SessionKeyring;
import io.sealedsession.crypto.TinkSessionSealer;
import io.sealedsession.redis.RedisStoreConfig;
import io.sealedsession.servlet.CookieSettings;
import io.sealedsession.servlet.internal.CookieTokenResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing of every decoder that reads what a client or Redis sends, or what an operator
 * configures (requirement H2's "hostile input", issue point 9). Each test starts from valid
 * inputs made at run time, runs a fixed number of mutated inputs from a fixed seed (see
 * {@link Fuzz} for longer runs), and checks for each input the decoder's contract: it accepts the
 * input or refuses it in its own documented way, and what it accepts is consistent.
 */
class DecodersFuzzTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Test
    @DisplayName("fuzz: a sealed record opens only when it is exactly what was sealed, and never throws")
    void sealedRecordOpening() {
        TinkSessionSealer sealer = SessionKeyring.generate().withNewKey().sealer();
        byte[] ad = "format|ss|key".getBytes(StandardCharsets.UTF_8);
        List<byte[]> plaintexts = List.of(new byte[0], "a session".getBytes(StandardCharsets.UTF_8), new byte[1024]);
        List<byte[]> seeds = new ArrayList<>();
        for (byte[] plaintext : plaintexts) {
            seeds.add(sealer.seal(plaintext, ad));
        }

        Fuzz.run("sealed-record", seeds, 2500, input -> {
            Optional<byte[]> opened = sealer.open(input, ad);
            if (opened.isPresent()) {
                int which = indexOf(seeds, input);
                assertThat(which).as("only an unaltered sealed record opens").isNotNegative();
                assertThat(opened.get()).isEqualTo(plaintexts.get(which));
            }
        });
    }

    @Test
    @DisplayName("fuzz: the attribute codec decodes or throws RecordFormatException, and what it decodes re-encodes stably")
    void attributeCodec() {
        BuiltInAttributeCodec codec = BuiltInAttributeCodec.INSTANCE;
        List<Object> values = new ArrayList<>(List.of("text", "", "ünïcødé ✓", 0, -1, Integer.MAX_VALUE, Long.MIN_VALUE,
                3.5, Double.NaN, true, false, List.of(), List.of("a", 1, List.of(2L, "b")),
                Map.of("k", List.of(1, 2), "empty", Map.of())));
        Object nested = "leaf";
        for (int i = 0; i < 20; i++) {
            nested = List.of(nested);
        }
        values.add(nested);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(codec.encode("a", null));
        for (Object value : values) {
            seeds.add(codec.encode("a", value));
        }

        Fuzz.run("attribute-codec", seeds, 4000, input -> {
            Object decoded;
            try {
                decoded = codec.decode("a", input);
            } catch (RecordFormatException refused) {
                return;
            }
            byte[] again = codec.encode("a", decoded);
            assertThat(codec.encode("a", codec.decode("a", again))).as("a decoded value re-encodes to one form").isEqualTo(again);
        });
    }

    @Test
    @DisplayName("fuzz: the record codec decodes or throws RecordFormatException, and what it decodes re-encodes stably")
    void recordCodec() {
        Instant now = Instant.ofEpochMilli(1_764_600_000_000L);
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        attributes.put("cart", new byte[] {1, 2, 3});
        attributes.put("csrf", "q2V9-Lx0".getBytes(StandardCharsets.UTF_8));
        List<byte[]> seeds = List.of(
                RecordCodec.encode(new SessionRecord(now, now, now, Duration.ofMinutes(30), now.plus(Duration.ofHours(8)), null,
                        Map.of())),
                RecordCodec.encode(new SessionRecord(now, now.plusSeconds(5), now, Duration.ofMillis(1), now.plusSeconds(60),
                        "alice", attributes)),
                RecordCodec.encode(new SessionRecord(Instant.ofEpochMilli(Long.MIN_VALUE), Instant.ofEpochMilli(Long.MAX_VALUE),
                        Instant.EPOCH, Duration.ofMillis(Long.MAX_VALUE), Instant.ofEpochMilli(-1), "", Map.of("", new byte[0]))));

        Fuzz.run("record-codec", seeds, 4000, input -> {
            SessionRecord decoded;
            try {
                decoded = RecordCodec.decode(input);
            } catch (RecordFormatException refused) {
                return;
            }
            byte[] again = RecordCodec.encode(decoded);
            assertThat(RecordCodec.encode(RecordCodec.decode(again))).as("a decoded record re-encodes to one form").isEqualTo(again);
        });
    }

    @Test
    @DisplayName("fuzz: keyring JSON, encrypted or cleartext, loads or throws KeysetException, and what loads seals and opens")
    void keyringJson(@TempDir Path dir) {
        KeyEncryptionKey kek = KeyEncryptionKey.generateKeysetFile(dir.resolve("kek.json"));
        SessionKeyring keyring = SessionKeyring.generate().withNewKey();
        List<String> seeds = List.of(keyring.toJson(kek), keyring.toInsecureCleartextJson(),
                SessionKeyring.generate().toInsecureCleartextJson());
        byte[] ad = {1};

        Fuzz.runText("keyring-json", seeds, 1500, input -> {
            for (boolean encrypted : new boolean[] {true, false}) {
                SessionKeyring loaded;
                try {
                    loaded = encrypted ? SessionKeyring.fromJson(input, kek) : SessionKeyring.fromInsecureCleartextJson(input);
                } catch (KeysetException refused) {
                    continue;
                }
                byte[] sealed = loaded.sealer().seal(ad, ad);
                assertThat(loaded.sealer().open(sealed, ad)).as("a loaded keyring works").isPresent();
            }
        });
    }

    @Test
    @DisplayName("fuzz: the token parser never throws and accepts only 43 canonical base64url characters")
    void tokenParser() {
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seeds.add(SessionToken.generate(RANDOM).revealValue());
        }
        seeds.addAll(List.of("", "*", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "____________________________________________"));

        Fuzz.runText("token-parser", seeds, 5000, input -> {
            Optional<SessionToken> token = SessionToken.parse(input);
            if (token.isPresent()) {
                assertThat(input).matches(TOKEN_SHAPE);
                assertThat(token.get().revealValue()).isEqualTo(input);
            }
        });
    }

    @Test
    @DisplayName("fuzz: the Cookie header parser never throws and returns only a value that follows the cookie's name in a header")
    void cookieHeader() {
        CookieSettings settings = CookieSettings.ofDefaults();
        CookieTokenResolver resolver = new CookieTokenResolver(settings);
        String name = settings.name() + "=";
        String token = SessionToken.generate(RANDOM).revealValue();
        List<String> seeds = List.of(name + token, "theme=dark; " + name + token + "; lang=en", name,
                name + "\"" + token + "\"", "a=b\n" + name + token, name + "x; " + name + token, "; ;" + name + token + ";");

        Fuzz.runText("cookie-header", seeds, 5000, input -> {
            // A line break separates Cookie headers: a request may carry several.
            List<String> headers = Arrays.asList(input.split("\n", -1));
            String value = resolver.resolve(request(headers));
            if (value != null) {
                assertThat(value).doesNotContain(";");
                assertThat(headers).as("the value stands after the cookie's name in some header")
                        .anyMatch(header -> header.contains(name + value));
                SessionToken.parse(value);
            }
        });
    }

    @Test
    @DisplayName("fuzz: a Redis URI is accepted or refused with IllegalArgumentException, and its password is never shown")
    void redisUri() {
        String secret = "p4ss-SECRET";
        Pattern withSecret = Pattern.compile("^[A-Za-z-]+://[^/?#@]*:" + Pattern.quote(secret) + "@.*", Pattern.DOTALL);
        List<String> seeds = List.of("redis://localhost:6379", "rediss://app:" + secret + "@redis.example:6380/2",
                "redis://:" + secret + "@127.0.0.1", "redis-cluster://a.example:7000,b.example:7001",
                "rediss-cluster://app:" + secret + "@a.example:7000,b.example:7001",
                "redis-sentinel://s1.example:26379,s2.example:26379#mymaster",
                "rediss-sentinel://app:" + secret + "@s1.example:26379#sessions", "redis://[::1]:6379/0",
                "redis://localhost:6379/15");

        Fuzz.runText("redis-uri", seeds, 5000, input -> {
            boolean showsSecretInUserInfo = withSecret.matcher(input).matches();
            try {
                RedisStoreConfig config = RedisStoreConfig.forUri(input);
                if (showsSecretInUserInfo) {
                    assertThat(config.toString()).doesNotContain(secret);
                    assertThat(config.redactedUri()).doesNotContain(secret);
                }
            } catch (IllegalArgumentException refused) {
                if (showsSecretInUserInfo) {
                    assertThat(String.valueOf(refused.getMessage())).doesNotContain(secret);
                }
            }
        });
    }

    private static int indexOf(List<byte[]> candidates, byte[] input) {
        for (int i = 0; i < candidates.size(); i++) {
            if (Arrays.equals(candidates.get(i), input)) {
                return i;
            }
        }
        return -1;
    }

    /** A request that carries these Cookie headers and answers every other question with nothing. */
    private static HttpServletRequest request(List<String> cookieHeaders) {
        return (HttpServletRequest) Proxy.newProxyInstance(DecodersFuzzTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    String called = method.getName();
                    if (called.equals("getHeaders")) {
                        return "Cookie".equalsIgnoreCase((String) args[0]) ? Collections.enumeration(cookieHeaders)
                                : Collections.emptyEnumeration();
                    }
                    if (called.equals("getHeader")) {
                        return "Cookie".equalsIgnoreCase((String) args[0]) && !cookieHeaders.isEmpty() ? cookieHeaders.get(0) : null;
                    }
                    return nothing(method.getReturnType());
                });
    }

    private static @Nullable Object nothing(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class) {
            return type == int.class ? (Object) 0 : (Object) 0L;
        }
        return null;
    }
}
