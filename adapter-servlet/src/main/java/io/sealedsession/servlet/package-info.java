/**
 * The servlet adapter: {@link io.sealedsession.servlet.SealedSessionFilter} backs
 * {@code HttpSession} with a {@link io.sealedsession.core.SessionManager}, so sessions live sealed
 * in the manager's store, tokens travel only in a hardened cookie (or a header for APIs), and every
 * change is saved before the response is committed.
 *
 * <p>Start with {@link io.sealedsession.servlet.SealedSessionFilter#builder}; sign users in with
 * {@link io.sealedsession.servlet.SealedSessions#authenticate}.
 */
@NullMarked
package io.sealedsession.servlet;

import org.jspecify.annotations.NullMarked;
