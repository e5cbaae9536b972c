/**
 * The driven ports: what the manager needs from the outside world ({@code SessionStore},
 * {@code SessionSealer}, {@code AttributeCodec}, {@code SessionEventListener},
 * {@code TokenGenerator}) and the values they exchange. Implement one and prove it with the
 * contract kit in the {@code tests} module.
 */
@NullMarked
package io.sealedsession.core.port;

import org.jspecify.annotations.NullMarked;
