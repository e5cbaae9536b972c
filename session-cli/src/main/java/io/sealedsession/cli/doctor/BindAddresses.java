package io.sealedsession.cli.doctor;

import io.sealedsession.redis.RedisAddress;
import java.util.Arrays;
import java.util.List;

/** Which addresses of a {@code bind} value expose Redis beyond this machine. */
final class BindAddresses {

    private BindAddresses() {}

    /** The addresses of a {@code bind} value that are not loopback; {@code -} marks an optional one. */
    static List<String> nonLoopback(String bind) {
        if (bind.isBlank()) {
            return List.of("(every interface)");
        }
        return Arrays.stream(bind.trim().split("\\s+"))
                .filter(address -> !isLoopback(address.startsWith("-") ? address.substring(1) : address))
                .toList();
    }

    /** Loopback by its text, without a DNS lookup, by the rule plaintext connections follow. */
    static boolean isLoopback(String host) {
        return RedisAddress.isLoopback(host);
    }
}
