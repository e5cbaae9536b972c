package io.sealedsession.core.port;

import io.sealedsession.core.SessionCryptoException;
import java.util.Optional;

/**
 * Everything that needs a secret key: sealing records with an authenticated cipher, and deriving
 * the store's name for a principal.
 *
 * <p>There is deliberately no implementation that leaves records readable: encryption is always
 * on. The {@code session-crypto} module provides one on Tink keysets.
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionSealer {

    /**
     * Encrypts and authenticates {@code plaintext}, bound to {@code associatedData}, under the
     * current primary key.
     *
     * @throws SessionCryptoException when sealing is impossible (an unusable keyset)
     */
    byte[] seal(byte[] plaintext, byte[] associatedData);

    /**
     * Decrypts a sealed record if, and only if, it was sealed with a key still in the keyset and
     * the same associated data, and was not altered.
     *
     * @return the plaintext, or empty for anything that does not authenticate; never throws for
     *     bad input
     */
    Optional<byte[]> open(byte[] sealed, byte[] associatedData);

    /**
     * A keyed pseudorandom function of a principal's name. The same name always gives the same key
     * under the same keyset.
     */
    PrincipalKey principalKey(String principal);
}
