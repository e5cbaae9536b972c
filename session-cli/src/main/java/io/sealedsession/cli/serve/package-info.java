/**
 * {@code session-cli serve}: the reference web application. Embedded Jetty 12 (ee10) runs
 * {@link io.sealedsession.servlet.SealedSessionFilter} in front of a small JSON API and one static
 * page that uses it: sign in, notes kept in the session, "your active sessions" with "end this one"
 * and "end all others", sign out.
 */
@NullMarked
package io.sealedsession.cli.serve;

import org.jspecify.annotations.NullMarked;
