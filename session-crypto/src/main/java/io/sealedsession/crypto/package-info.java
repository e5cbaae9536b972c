/**
 * Sealing of session records with Tink AEAD keysets, and the keyring that holds the keys.
 *
 * <p>Start with {@link io.sealedsession.crypto.SessionKeyring}: generate one, store it encrypted
 * under a {@link io.sealedsession.crypto.KeyEncryptionKey}, load it at start-up and hand
 * {@link io.sealedsession.crypto.SessionKeyring#sealer()} to the session manager. No Tink type
 * appears in this package's API.
 */
@NullMarked
package io.sealedsession.crypto;

import org.jspecify.annotations.NullMarked;
