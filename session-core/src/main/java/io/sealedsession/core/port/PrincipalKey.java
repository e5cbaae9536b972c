package io.sealedsession.core.port;

/**
 * The name a store files a principal's index under: a keyed pseudorandom function of the
 * principal's name, so that names, which are easy to guess, cannot be found by hashing guesses.
 *
 * @param value an opaque, URL-safe string produced by {@link SessionSealer#principalKey}
 */
public record PrincipalKey(String value) {

    /** @throws IllegalArgumentException unless {@code value} is 1 to 128 base64url characters */
    public PrincipalKey {
        if (value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException("a principal key has 1 to 128 characters, but had " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("a principal key is base64url, but character " + i + " is not");
            }
        }
    }

    @Override
    public String toString() {
        return "PrincipalKey[" + value.substring(0, Math.min(8, value.length())) + "…]";
    }
}
