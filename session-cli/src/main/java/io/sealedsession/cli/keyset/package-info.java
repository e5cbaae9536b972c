/**
 * {@code session-cli keyset}: create a key-encryption keyset, and generate, rotate, promote,
 * retire and show keyring files (see {@code docs/keys.md}). Keyrings are encrypted under a
 * key-encryption key unless {@code --insecure-cleartext} says otherwise; nothing here ever prints
 * key material.
 */
@NullMarked
package io.sealedsession.cli.keyset;

import org.jspecify.annotations.NullMarked;
