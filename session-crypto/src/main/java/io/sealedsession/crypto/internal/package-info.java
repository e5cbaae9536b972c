/** Tink and file plumbing behind {@code io.sealedsession.crypto}. Not an API: may change in any release. */
@NullMarked
package io.sealedsession.crypto.internal;

import org.jspecify.annotations.NullMarked;
