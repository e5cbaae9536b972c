package io.sealedsession.cli.serve;

import io.sealedsession.core.InvalidSessionStateException;
import io.sealedsession.servlet.SealedSessions;
import java.util.concurrent.atomic.AtomicBoolean;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.LoggingSessionEventListener;
import io.sealedsession.core.Session;
import io.sealedsession.core.SessionConflictException;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.core.SessionStoreUnavailableException;
import io.sealedsession.core.SessionTooLargeException;
import io.sealedsession.core.throttle.SignInThrottle;
import io.sealedsession.core.throttle.ThrottleVerdict;
import io.sealedsession.servlet.SealedSessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference app's JSON API under {@code /api}. Every response is
 * {@code application/json; charset=utf-8} with {@code Cache-Control: no-store}; errors are
 * {@code {"error": "..."}}.
 *
 * <p>Checks run in this order, so a client learns no more than it is entitled to: the method and
 * path (404, 405), then for POST and DELETE the {@code X-CSRF-Token} header against the session's
 * token (403), then signed in or not where it matters (401), then the body (413, 400), then, at
 * sign-in, the throttle (429 with {@code Retry-After}, before any password hash is computed). A
 * store that cannot be reached (or is full, or a save that keeps losing to concurrent writers)
 * surfaces as a {@link SessionStoreUnavailableException} or {@link SessionConflictException},
 * which the filter in front answers with 503 and {@code Retry-After}. Anything else unexpected is
 * 500 with {@code {"error": "internal error", "id": "..."}}, the id in exactly one ERROR log line;
 * no response names an exception.
 *
 * <p>Session attributes: {@value #CSRF} (the CSRF token), {@value #NOTES} (a list of strings),
 * {@value #USER_AGENT} (set at sign-in, at most {@value #MAX_USER_AGENT} characters).
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF = "csrf";
    static final String NOTES = "notes";
    static final String USER_AGENT = "userAgent";
    static final int MAX_NOTE_CHARS = 500;
    static final int MAX_NOTES = 20;
    static final int MAX_USER_AGENT = 256;

    /** A handle is 22 base64url characters; anything else names no session and never reaches the store. */
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final String SESSIONS_PREFIX = "/sessions/";
    private static final String WRONG_CREDENTIALS = "wrong user name or password";
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Nulls are written out: {@code "user": null} is part of the contract. */
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final transient UserDirectory users;
    private final transient SignInThrottle throttle;

    ApiServlet(UserDirectory users, SignInThrottle throttle) {
        this.users = Objects.requireNonNull(users, "users");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeaders.apply(response, SecurityHeaders.API_POLICY);
        response.setHeader("Cache-Control", "no-store");
        String path = Objects.requireNonNullElse(request.getPathInfo(), "");
        String method = request.getMethod();
        try {
            route(path, method, request, response);
        } catch (ApiException e) {
            if (e.allow() != null) {
                response.setHeader("Allow", e.allow());
            }
            if (e.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            }
            error(response, e.status(), e.getMessage());
        } catch (SessionTooLargeException e) {
            error(response, 413, "the session cannot hold more: " + e.getMessage());
        } catch (AttributeNotEncodableException e) {
            // The codec's message names the attribute and the rule, never a value.
            error(response, 400, "the session cannot store this value: " + e.getMessage());
        } catch (SessionStoreUnavailableException | SessionConflictException e) {
            throw e; // the filter answers 503 with Retry-After
        } catch (RuntimeException e) {
            String id = HexFormat.of().formatHex(randomBytes(8));
            LOG.error("error {} during {} /api{}: answering 500", id, method, LoggingSessionEventListener.escape(path), e);
            if (response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            JsonObject body = new JsonObject();
            body.addProperty("error", "internal error");
            body.addProperty("id", id);
            json(response, 500, body);
        }
    }

    private void route(String path, String method, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        switch (path) {
            case "/session" -> {
                allow(method, "GET");
                session(request, response);
            }
            case "/login" -> {
                allow(method, "POST");
                login(request, response);
            }
            case "/notes" -> {
                allow(method, "POST");
                addNote(request, response);
            }
            case "/sessions" -> {
                allow(method, "GET");
                sessions(request, response);
            }
            case "/sessions/revoke-others" -> {
                allow(method, "POST");
                revokeOthers(request, response);
            }
            case "/logout" -> {
                allow(method, "POST");
                logout(request, response);
            }
            default -> {
                if (path.startsWith(SESSIONS_PREFIX) && path.indexOf('/', SESSIONS_PREFIX.length()) < 0) {
                    allow(method, "DELETE");
                    endSession(path.substring(SESSIONS_PREFIX.length()), request, response);
                } else {
                    throw new ApiException(404, "no such API endpoint: " + method + " /api" + path);
                }
            }
        }
    }

    // ---- endpoints ------------------------------------------------------------------------------

    /** GET /api/session: who is signed in, the notes and the CSRF token; starts a session when there is none. */
    private void session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(true);
        String csrf = session.getAttribute(CSRF) instanceof String existing ? existing : newCsrfToken(session);
        Optional<String> user = principal(request);
        JsonObject body = new JsonObject();
        body.addProperty("authenticated", user.isPresent());
        body.add("user", user.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        body.add("notes", strings(notes(session)));
        body.addProperty("csrf", csrf);
        json(response, 200, body);
    }

    /** POST /api/login: checks the password, rotates the token and gives the session a new CSRF token. */
    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = requireCsrf(request);
        JsonObject body = JsonBodies.object(request);
        String user = JsonBodies.string(body, "user");
        char[] password = JsonBodies.string(body, "password").toCharArray();
        String address = Objects.requireNonNullElse(request.getRemoteAddr(), "unknown");
        ThrottleVerdict verdict = throttle.check(user, address);
        if (!verdict.allowed()) {
            // Refused before the password is hashed: a locked account costs no PBKDF2.
            java.util.Arrays.fill(password, '\0');
            throw ApiException.tooManyAttempts(verdict.retryAfterSeconds());
        }
        boolean verified = users.verify(user, password);
        java.util.Arrays.fill(password, '\0');
        if (!verified) {
            throttle.failed(user, address);
            throw new ApiException(401, WRONG_CREDENTIALS);
        }
        throttle.succeeded(user, address);
        Optional<String> previous = principal(request);
        if (previous.isPresent() && !previous.get().equals(user)) {
            // The notes belong to whoever wrote them, not to the next person on this browser.
            session.removeAttribute(NOTES);
        }
        HttpSession signedIn = SealedSessions.authenticate(request, user);
        signedIn.setAttribute(USER_AGENT, truncate(Objects.requireNonNullElse(request.getHeader("User-Agent"), ""),
                MAX_USER_AGENT));
        // A token the page could read before signing in is not the one it uses afterwards.
        String csrf = newCsrfToken(signedIn);
        JsonObject out = new JsonObject();
        out.addProperty("user", user);
        out.addProperty("csrf", csrf);
        json(response, 200, out);
    }

    /** POST /api/notes: appends a note to the session. */
    private void addNote(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = requireCsrf(request);
        String text = JsonBodies.string(JsonBodies.object(request), "text");
        if (text.isBlank()) {
            throw new ApiException(400, "a note needs some text");
        }
        if (text.length() > MAX_NOTE_CHARS) {
            throw new ApiException(413, "a note has at most " + MAX_NOTE_CHARS + " characters, but this one has " + text.length());
        }
        // A read-modify-write that concurrent requests cannot undo: when another request saved
        // the session meanwhile, the append runs again on its list (twenty parallel posts keep
        // twenty notes). The function runs on every attempt; its last run decides.
        AtomicBoolean full = new AtomicBoolean();
        List<?> stored;
        try {
            stored = SealedSessions.update(request, NOTES, List.class, current -> {
                List<Object> notes = new ArrayList<>(current == null ? List.of() : current);
                full.set(notes.size() >= MAX_NOTES);
                if (!full.get()) {
                    notes.add(text);
                }
                return notes;
            });
        } catch (InvalidSessionStateException endedMeanwhile) {
            throw new ApiException(409, "the session ended or was signed in elsewhere while the note was sent; it was not saved");
        }
        if (full.get()) {
            throw new ApiException(400, "a session holds at most " + MAX_NOTES + " notes");
        }
        List<String> notes = new ArrayList<>();
        if (stored != null) {
            for (Object note : stored) {
                if (note instanceof String saved) {
                    notes.add(saved);
                }
            }
        }
        JsonObject out = new JsonObject();
        out.add("notes", strings(notes));
        json(response, 201, out);
    }

    /** GET /api/sessions: the signed-in user's live sessions. */
    private void sessions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String user = requireSignedIn(request);
        HttpSession current = Objects.requireNonNull(request.getSession(false), "a signed-in request has a session");
        SessionManager manager = SealedSessions.manager(request);
        JsonArray out = new JsonArray();
        for (SessionInfo info : manager.sessionsOf(user)) {
            JsonObject item = new JsonObject();
            item.addProperty("handle", info.handle());
            // HttpSession.getId() is the handle, never the token.
            item.addProperty("current", info.handle().equals(current.getId()));
            item.addProperty("createdAt", info.createdAt().toString());
            item.addProperty("lastActiveAt", info.lastAccessedAt().toString());
            item.addProperty("userAgent", info.attributes().get(USER_AGENT) instanceof String agent ? agent : "");
            out.add(item);
        }
        json(response, 200, out);
    }

    /** DELETE /api/sessions/{handle}: ends one of the user's sessions; ending the current one signs out. */
    private void endSession(String handle, HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = requireCsrf(request);
        String user = requireSignedIn(request);
        if (!HANDLE.matcher(handle).matches()) {
            throw notYours();
        }
        if (handle.equals(session.getId())) {
            // Through the servlet session, so that the response carries the expiring cookie.
            session.invalidate();
        } else if (!SealedSessions.manager(request).invalidate(user, handle)) {
            throw notYours();
        }
        response.setStatus(204);
    }

    /** POST /api/sessions/revoke-others: ends every other session of the signed-in user. */
    private void revokeOthers(HttpServletRequest request, HttpServletResponse response) {
        requireCsrf(request);
        requireSignedIn(request);
        SealedSessions.invalidateOthers(request);
        response.setStatus(204);
    }

    /** POST /api/logout: ends the session; the response expires the cookie. */
    private void logout(HttpServletRequest request, HttpServletResponse response) {
        requireCsrf(request).invalidate();
        response.setStatus(204);
    }

    // ---- checks ---------------------------------------------------------------------------------

    private static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw ApiException.methodNotAllowed(method, allowed);
        }
    }

    /**
     * The request's session, when its {@code X-CSRF-Token} header equals the session's token
     * (compared in constant time). A request without a session has no token to match.
     */
    private static HttpSession requireCsrf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CSRF);
        String presented = request.getHeader(CSRF_HEADER);
        if (!(expected instanceof String token) || presented == null
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "missing or wrong " + CSRF_HEADER + " header: send the csrf value of GET /api/session");
        }
        return session;
    }

    private static String requireSignedIn(HttpServletRequest request) {
        return principal(request).orElseThrow(() -> new ApiException(401, "not signed in"));
    }

    private static Optional<String> principal(HttpServletRequest request) {
        return SealedSessions.session(request).flatMap(Session::principal);
    }

    private static ApiException notYours() {
        return new ApiException(404, "no session of yours has that handle");
    }

    // ---- values ---------------------------------------------------------------------------------

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A new CSRF token for the session: 32 random bytes, base64url without padding. */
    private static String newCsrfToken(HttpSession session) {
        byte[] bytes = randomBytes(32);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(CSRF, token);
        return token;
    }

    private static List<String> notes(HttpSession session) {
        List<String> notes = new ArrayList<>();
        if (session.getAttribute(NOTES) instanceof List<?> stored) {
            for (Object note : stored) {
                if (note instanceof String text) {
                    notes.add(text);
                }
            }
        }
        return notes;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray(values.size());
        values.forEach(array::add);
        return array;
    }

    /** At most {@code max} characters, without cutting a surrogate pair in half (the codec refuses those). */
    static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    // ---- responses ------------------------------------------------------------------------------

    private static void json(HttpServletResponse response, int status, JsonElement body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json; charset=utf-8");
        PrintWriter writer = response.getWriter();
        GSON.toJson(body, writer);
        writer.flush();
    }

    private static void error(HttpServletResponse response, int status, @Nullable String message) throws IOException {
        JsonObject body = new JsonObject();
        body.addProperty("error", Objects.requireNonNullElse(message, "error"));
        json(response, status, body);
    }
}
