package io.sealedsession.core.port;

import io.sealedsession.core.SessionToken;
import java.security.SecureRandom;

/** Produces fresh tokens. The default draws 32 bytes from a {@link SecureRandom}. */
@FunctionalInterface
public interface TokenGenerator {

    /** A new token, never returned before; thread-safe. */
    SessionToken next();

    /** Tokens from a new {@link SecureRandom} seeded by the platform. */
    static TokenGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> SessionToken.generate(random);
    }
}
