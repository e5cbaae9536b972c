package io.sealedsession.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PrfSet;
import io.sealedsession.core.SessionCryptoException;
import io.sealedsession.core.port.PrincipalKey;
import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.crypto.internal.Keysets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SessionSealer} over a {@link SessionKeyring}: Tink AEAD with AES-256-GCM keys for
 * records, and an HMAC-SHA256 PRF for principal keys. Obtain one from
 * {@link SessionKeyring#sealer()}.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li>{@link #seal} always uses the keyring's primary key, with a fresh random nonce, and writes
 *       that key's id in the first five bytes, so a record sealed before a rotation still names
 *       the key that opens it (requirement D3).</li>
 *   <li>{@link #open} returns the plaintext only when the record was sealed by an enabled key of
 *       this keyring with the same associated data and not altered since; for anything else
 *       (altered, truncated, moved under other associated data, sealed by a retired or unknown key,
 *       random bytes, an empty array) it returns empty and never throws (requirements D1, D2).</li>
 *   <li>{@link #principalKey} is HMAC-SHA256, keyed by the keyring's principal key, of
 *       {@code "sealedsession-principal/1:" + name} in UTF-8: the same name gives the same key for
 *       as long as the keyring exists, whatever happens to the sealing keys. The prefix keeps these
 *       outputs apart from any other use the key might ever be put to.</li>
 *   <li>No Tink exception crosses this class: failures to seal are reported as
 *       {@link SessionCryptoException}, with Tink's exception as the cause and no key material in
 *       the message.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. Arguments must not be null.
 */
public final class TinkSessionSealer implements SessionSealer {

    /** Domain separation for the PRF input; changing it would orphan every principal index. */
    static final String PRINCIPAL_PREFIX = "sealedsession-principal/1:";
    /** HMAC-SHA256's full output: 256 bits, so that distinct principals never share an index in practice. */
    static final int PRINCIPAL_KEY_BYTES = 32;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Aead aead;
    private final PrfSet prf;
    private final int primaryKeyId;

    TinkSessionSealer(KeysetHandle sealingKeys, KeysetHandle principalKeys) {
        this.aead = Keysets.aead(sealingKeys, "the sealing keyset");
        this.prf = Keysets.prfSet(principalKeys);
        this.primaryKeyId = sealingKeys.getPrimary().getId();
    }

    /**
     * Encrypts and authenticates {@code plaintext} under the keyring's primary key, bound to
     * {@code associatedData}. The result is 5 bytes of key-id prefix, 12 of nonce, the ciphertext
     * and a 16-byte tag: 33 bytes more than the plaintext.
     *
     * @throws SessionCryptoException when Tink cannot seal (an unusable key)
     */
    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(associatedData, "associatedData");
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SessionCryptoException("could not seal a record with primary key " + Keysets.id(primaryKeyId), e);
        }
    }

    /**
     * Opens a record sealed by {@link #seal} with the same associated data.
     *
     * @return the plaintext, or empty for anything that does not authenticate; never throws for
     *     bad input
     */
    @Override
    public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(associatedData, "associatedData");
        try {
            return Optional.of(aead.decrypt(sealed, associatedData));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Every failure means the same thing to the caller, "no session"; telling them apart
            // would only help someone probing stored records.
            return Optional.empty();
        }
    }

    /**
     * The keyed PRF of a principal's name: 43 characters of unpadded base64url (256 bits).
     *
     * @throws IllegalArgumentException when the name is not well-formed Unicode (it contains an
     *     unpaired surrogate), because two such names would otherwise encode to the same bytes and
     *     share one index
     * @throws SessionCryptoException when Tink cannot compute the PRF
     */
    @Override
    public PrincipalKey principalKey(String principal) {
        Objects.requireNonNull(principal, "principal");
        byte[] input = strictUtf8(PRINCIPAL_PREFIX + principal);
        try {
            byte[] output = prf.computePrimary(input, PRINCIPAL_KEY_BYTES);
            return new PrincipalKey(BASE64URL.encodeToString(output));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SessionCryptoException("could not compute a principal key", e);
        }
    }

    private static byte[] strictUtf8(String text) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a principal name must be well-formed Unicode, but it contains an unpaired surrogate");
        }
    }

    /** The id of the key new records are sealed with; metadata, not a secret. */
    @Override
    public String toString() {
        return "TinkSessionSealer[AES-256-GCM, primary key " + Keysets.id(primaryKeyId) + "]";
    }
}
