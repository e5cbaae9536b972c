package io.sealedsession.cli;

import io.sealedsession.redis.RedisSessionStores;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which Redis client adapter a command that talks to Redis ({@code serve --redis}, and any other
 * with a {@code --client} option) uses. The adapters register themselves with
 * {@link java.util.ServiceLoader} under these names; this class names none of their types, so
 * adding an adapter jar to the executable is the only change needed to offer it.
 */
public final class RedisClients {

    /** The names {@code --client} accepts, in order of preference when several adapters are present. */
    public static final List<String> KNOWN = List.of("lettuce", "jedis", "redisson");

    private RedisClients() {}

    /**
     * {@link #choose(String, List)} over the providers on the class path.
     *
     * @throws IllegalArgumentException when {@code requested} is neither one of {@link #KNOWN} nor
     *     a provider present
     */
    public static String choose(@Nullable String requested) {
        return choose(requested, RedisSessionStores.providerNames());
    }

    /**
     * The client to use: the one asked for; otherwise the only one present; otherwise the most
     * preferred one present (lettuce first); otherwise lettuce, so the error names the adapter to
     * add.
     *
     * @param requested the {@code --client} value, or null
     * @param present the provider names on the class path
     * @throws IllegalArgumentException when {@code requested} is neither one of {@link #KNOWN} nor
     *     a provider present
     */
    public static String choose(@Nullable String requested, List<String> present) {
        if (requested != null) {
            String name = requested.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name) && !present.contains(name)) {
                throw new IllegalArgumentException("--client is one of " + String.join(", ", KNOWN) + ", but was '"
                        + requested + "'");
            }
            return name;
        }
        if (present.size() == 1) {
            return present.get(0);
        }
        return KNOWN.stream().filter(present::contains).findFirst().orElse(KNOWN.get(0));
    }
}
