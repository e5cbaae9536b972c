package io.sealedsession.cli.serve;

import static io.sealedsession.cli.serve.RunningApp.ALICE_PASSWORD;
import static io.sealedsession.cli.serve.RunningApp.BOB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.sealedsession.cli.serve.ApiClient.Reply;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JSON API of {@code serve} on the in-memory store, through a real HTTP client: every
 * endpoint, every error status, and what the client receives (status, body, cookie, headers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeApiTest {

    private RunningApp app;

    @BeforeAll
    void startApp() throws Exception {
        app = RunningApp.withUsers();
    }

    @AfterAll
    void stopApp() {
        app.close();
    }

    private ApiClient client() {
        return app.client("ServeApiTest/1.0 (device under test)");
    }

    private static String json(String name, String value) {
        JsonObject body = new JsonObject();
        body.addProperty(name, value);
        return body.toString();
    }

    @Nested
    class GetSession {

        @Test
        @DisplayName("GET /api/session starts a session with the secure cookie and answers the contract's JSON")
        void startsASession() {
            ApiClient client = client();
            Reply reply = client.get("/api/session");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("content-type")).matches("(?i)application/json; ?charset=utf-8");
            assertThat(reply.header("cache-control")).isEqualTo("no-store");
            assertThat(reply.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(reply.sessionCookieHeader()).hasValueSatisfying(cookie -> assertThat(cookie)
                    .matches("__Host-SID=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax"));
            JsonObject body = reply.object();
            assertThat(body.keySet()).containsExactlyInAnyOrder("authenticated", "user", "notes", "csrf");
            assertThat(body.get("authenticated").getAsBoolean()).isFalse();
            assertThat(body.get("user").isJsonNull()).isTrue();
            assertThat(body.get("notes").getAsJsonArray()).isEmpty();
            assertThat(body.get("csrf").getAsString()).matches("[A-Za-z0-9_-]{43}");
        }

        @Test
        @DisplayName("the same session answers the same CSRF token and sets no new cookie")
        void sameSessionSameToken() {
            ApiClient client = client();
            String csrf = client.session().get("csrf").getAsString();
            String cookie = client.cookie();

            Reply again = client.get("/api/session");

            assertThat(again.object().get("csrf").getAsString()).isEqualTo(csrf);
            assertThat(again.sessionCookieHeader()).isEmpty();
            assertThat(client.cookie()).isEqualTo(cookie);
        }

        @Test
        @DisplayName("a made-up cookie is not adopted: a new token is issued")
        void madeUpCookieIsNotAdopted() {
            ApiClient client = client();
            String forged = "A".repeat(43);
            client.useCookie(forged);

            Reply reply = client.get("/api/session");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(client.cookie()).isNotNull().isNotEqualTo(forged);
        }
    }

    @Nested
    class Login {

        @Test
        @DisplayName("signing in answers the user, rotates the cookie, and the old cookie opens nothing")
        void rotatesTheCookie() {
            ApiClient client = client();
            client.session();
            String before = client.cookie();
            String csrfBefore = client.csrf();

            Reply reply = client.login("alice", ALICE_PASSWORD);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.object().get("user").getAsString()).isEqualTo("alice");
            assertThat(reply.object().get("csrf").getAsString()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(csrfBefore);
            assertThat(reply.sessionCookieHeader()).hasValueSatisfying(cookie -> assertThat(cookie)
                    .startsWith("__Host-SID=").contains("; Secure; HttpOnly; SameSite=Lax"));
            String after = client.cookie();
            assertThat(after).isNotNull().isNotEqualTo(before);
            assertThat(client.session().get("user").getAsString()).isEqualTo("alice");

            ApiClient thief = client();
            thief.useCookie(before);
            JsonObject stolen = thief.session();
            assertThat(stolen.get("authenticated").getAsBoolean()).isFalse();
            assertThat(thief.cookie()).isNotEqualTo(before).isNotEqualTo(after);
            thief.useCookie(before);
            assertThat(thief.get("/api/sessions").status()).isEqualTo(401);
        }

        @Test
        @DisplayName("a wrong password and an unknown user get the same 401 answer")
        void wrongCredentials() {
            ApiClient client = client();
            client.session();

            Reply wrongPassword = client.login("alice", "not-her-password");
            Reply unknownUser = client.login("mallory", ALICE_PASSWORD);

            assertThat(wrongPassword.status()).isEqualTo(401);
            assertThat(unknownUser.status()).isEqualTo(401);
            assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
            assertThat(wrongPassword.error()).isEqualTo("wrong user name or password");
            assertThat(wrongPassword.sessionCookieHeader()).isEmpty();
            assertThat(client.session().get("authenticated").getAsBoolean()).isFalse();
        }

        @Test
        @DisplayName("signing in as another user drops the notes of the previous one")
        void anotherUserDoesNotSeeTheNotes() {
            ApiClient client = client();
            client.signIn("alice", ALICE_PASSWORD);
            assertThat(client.post("/api/notes", json("text", "alice's secret")).status()).isEqualTo(201);

            client.signIn("bob", BOB_PASSWORD);

            JsonObject session = client.session();
            assertThat(session.get("user").getAsString()).isEqualTo("bob");
            assertThat(session.get("notes").getAsJsonArray()).isEmpty();
        }
    }

    @Nested
    class Csrf {

        @Test
        @DisplayName("POST without a session gets 403")
        void noSession() {
            ApiClient client = client();

            Reply reply = client.send("POST", "/api/login", "{\"user\":\"alice\",\"password\":\"" + ALICE_PASSWORD + "\"}", "x");

            assertThat(reply.status()).isEqualTo(403);
            assertThat(reply.error()).contains("X-CSRF-Token");
            assertThat(reply.sessionCookieHeader()).isEmpty();
        }

        @Test
        @DisplayName("every POST and DELETE without the X-CSRF-Token header gets 403 and changes nothing")
        void missingHeader() {
            ApiClient client = client();
            client.signIn("alice", ALICE_PASSWORD);
            String cookie = client.cookie();

            for (String[] call : List.of(
                    new String[] {"POST", "/api/login", "{\"user\":\"bob\",\"password\":\"" + BOB_PASSWORD + "\"}"},
                    new String[] {"POST", "/api/notes", "{\"text\":\"x\"}"},
                    new String[] {"POST", "/api/sessions/revoke-others", null},
                    new String[] {"DELETE", "/api/sessions/AAAAAAAAAAAAAAAAAAAAAA", null},
                    new String[] {"POST", "/api/logout", null})) {
                Reply reply = client.send(call[0], call[1], call[2], null);
                assertThat(reply.status()).as("%s %s", call[0], call[1]).isEqualTo(403);
                assertThat(reply.error()).contains("X-CSRF-Token");
            }

            assertThat(client.cookie()).isEqualTo(cookie);
            JsonObject session = client.session();
            assertThat(session.get("user").getAsString()).isEqualTo("alice");
            assertThat(session.get("notes").getAsJsonArray()).isEmpty();
        }

        @Test
        @DisplayName("a wrong X-CSRF-Token, or another session's token, gets 403")
        void wrongHeader() {
            ApiClient client = client();
            client.signIn("alice", ALICE_PASSWORD);
            ApiClient other = client();
            String othersToken = other.session().get("csrf").getAsString();

            assertThat(client.send("POST", "/api/notes", "{\"text\":\"x\"}", "wrong").status()).isEqualTo(403);
            assertThat(client.send("POST", "/api/notes", "{\"text\":\"x\"}", othersToken).status()).isEqualTo(403);
            assertThat(client.send("POST", "/api/logout", null, "").status()).isEqualTo(403);
            assertThat(client.session().get("authenticated").getAsBoolean()).isTrue();
        }

        @Test
        @DisplayName("the CSRF token from before sign-in no longer works after it")
        void tokenChangesAtSignIn() {
            ApiClient client = client();
            String before = client.session().get("csrf").getAsString();
            client.login("alice", ALICE_PASSWORD);

            assertThat(client.send("POST", "/api/notes", "{\"text\":\"x\"}", before).status()).isEqualTo(403);
        }
    }

    @Nested
    class BadBodies {

        @Test
        @DisplayName("malformed JSON, non-objects, missing fields and wrong types get 400 with a message")
        void badBodies() {
            ApiClient client = client();
            client.session();

            for (String body : List.of("{bad", "", "[1,2]", "\"text\"", "{\"user\":\"alice\"} trailing",
                    "{user:'alice',password:'x'}", "{\"user\":\"alice\",\"password\":\"x\"", "null")) {
                Reply reply = client.post("/api/login", body);
                assertThat(reply.status()).as("body %s", body).isEqualTo(400);
                assertThat(reply.error()).as("body %s", body).isNotBlank();
            }
            assertThat(client.post("/api/login", "{\"password\":\"x\"}").error()).isEqualTo("the field \"user\" is missing");
            assertThat(client.post("/api/login", "{\"user\":\"alice\"}").error()).isEqualTo("the field \"password\" is missing");
            assertThat(client.post("/api/login", "{\"user\":1,\"password\":\"x\"}").error())
                    .isEqualTo("the field \"user\" must be a string");
            assertThat(client.post("/api/login", "{\"user\":\"alice\",\"password\":[\"x\"]}").error())
                    .isEqualTo("the field \"password\" must be a string");
            assertThat(client.post("/api/notes", "{\"text\":null}").error()).isEqualTo("the field \"text\" is missing");
            assertThat(client.post("/api/notes", "{\"text\":{}}").status()).isEqualTo(400);
        }

        @Test
        @DisplayName("a body over 16 KiB gets 413")
        void hugeBody() {
            ApiClient client = client();
            client.session();

            Reply reply = client.post("/api/notes", json("text", "x".repeat(20_000)));

            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.error()).contains("larger than");
        }

        @Test
        @DisplayName("bad input answers are JSON with no-store, like every API answer")
        void errorsAreJson() {
            ApiClient client = client();
            client.session();

            Reply reply = client.post("/api/notes", "{bad");

            assertThat(reply.header("content-type")).matches("(?i)application/json; ?charset=utf-8");
            assertThat(reply.header("cache-control")).isEqualTo("no-store");
        }
    }

    @Nested
    class Notes {

        @Test
        @DisplayName("POST /api/notes answers 201 and the note is kept in the session")
        void addsANote() {
            ApiClient client = client();
            client.session();

            Reply first = client.post("/api/notes", json("text", "buy milk"));
            Reply second = client.post("/api/notes", json("text", "ünïcødé ✓"));

            assertThat(first.status()).isEqualTo(201);
            assertThat(second.status()).isEqualTo(201);
            assertThat(strings(second.object().getAsJsonArray("notes"))).containsExactly("buy milk", "ünïcødé ✓");
            assertThat(strings(client.session().getAsJsonArray("notes"))).containsExactly("buy milk", "ünïcødé ✓");
        }

        @Test
        @DisplayName("a note that is too long gets 413, an empty one 400, and one too many 400")
        void limits() {
            ApiClient client = client();
            client.session();

            Reply tooLong = client.post("/api/notes", json("text", "x".repeat(ApiServlet.MAX_NOTE_CHARS + 1)));
            assertThat(tooLong.status()).isEqualTo(413);
            assertThat(tooLong.error()).contains("at most " + ApiServlet.MAX_NOTE_CHARS + " characters");
            assertThat(client.post("/api/notes", json("text", "   ")).status()).isEqualTo(400);

            for (int i = 0; i < ApiServlet.MAX_NOTES; i++) {
                assertThat(client.post("/api/notes", json("text", "y".repeat(ApiServlet.MAX_NOTE_CHARS))).status())
                        .isEqualTo(201);
            }
            Reply tooMany = client.post("/api/notes", json("text", "one more"));
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.error()).contains("at most " + ApiServlet.MAX_NOTES + " notes");
            assertThat(client.session().getAsJsonArray("notes")).hasSize(ApiServlet.MAX_NOTES);
        }
    }

    @Nested
    class Sessions {

        @Test
        @DisplayName("GET /api/sessions without signing in gets 401")
        void notSignedIn() {
            ApiClient client = client();
            client.session();

            Reply reply = client.get("/api/sessions");

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.error()).isEqualTo("not signed in");
            assertThat(client().get("/api/sessions").status()).isEqualTo(401);
        }

        @Test
        @DisplayName("GET /api/sessions lists the user's sessions with handle, current, times and user agent")
        void lists() {
            ApiClient laptop = app.client("Laptop/1.0");
            ApiClient phone = app.client("Phone/2.0 " + "p".repeat(400));
            laptop.signIn("bob", BOB_PASSWORD);
            phone.signIn("bob", BOB_PASSWORD);

            Reply reply = laptop.get("/api/sessions");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("cache-control")).isEqualTo("no-store");
            List<JsonObject> sessions = objects(reply.array());
            List<JsonObject> mine = sessions.stream()
                    .filter(s -> s.get("userAgent").getAsString().startsWith("Laptop/") || s.get("userAgent").getAsString().startsWith("Phone/"))
                    .toList();
            assertThat(mine).hasSize(2);
            for (JsonObject session : sessions) {
                assertThat(session.keySet()).containsExactlyInAnyOrder("handle", "current", "createdAt", "lastActiveAt", "userAgent");
                assertThat(session.get("handle").getAsString()).matches("[A-Za-z0-9_-]{22}");
                assertThat(session.get("createdAt").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(session.get("lastActiveAt").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            }
            JsonObject current = sessions.stream().filter(s -> s.get("current").getAsBoolean()).findFirst().orElseThrow();
            assertThat(current.get("userAgent").getAsString()).isEqualTo("Laptop/1.0");
            assertThat(sessions.stream().filter(s -> s.get("current").getAsBoolean())).hasSize(1);
            JsonObject phoneSession = mine.stream().filter(s -> s.get("userAgent").getAsString().startsWith("Phone/"))
                    .findFirst().orElseThrow();
            assertThat(phoneSession.get("userAgent").getAsString()).hasSize(ApiServlet.MAX_USER_AGENT);
            assertThat(reply.body()).doesNotContain(laptop.cookie()).doesNotContain(phone.cookie());
        }

        @Test
        @DisplayName("DELETE /api/sessions/{handle} ends that other session: it is signed out on its next request")
        void deleteByHandle() {
            ApiClient a = app.client("Browser A");
            ApiClient b = app.client("Browser B");
            a.signIn("alice", ALICE_PASSWORD);
            b.signIn("alice", ALICE_PASSWORD);
            String handleOfA = handleWhere(b, "Browser A");

            Reply reply = b.delete("/api/sessions/" + handleOfA);

            assertThat(reply.status()).isEqualTo(204);
            assertThat(reply.body()).isEmpty();
            assertThat(a.get("/api/sessions").status()).isEqualTo(401);
            assertThat(a.session().get("authenticated").getAsBoolean()).isFalse();
            assertThat(b.session().get("user").getAsString()).isEqualTo("alice");
            assertThat(objects(b.get("/api/sessions").array()))
                    .noneMatch(s -> s.get("handle").getAsString().equals(handleOfA));
        }

        @Test
        @DisplayName("DELETE of an unknown handle, a malformed one, or another user's session gets 404")
        void deleteNotYours() {
            ApiClient alice = app.client("Alice's browser");
            ApiClient bob = app.client("Bob's browser");
            alice.signIn("alice", ALICE_PASSWORD);
            bob.signIn("bob", BOB_PASSWORD);
            String bobsHandle = handleWhere(bob, "Bob's browser");

            assertThat(alice.delete("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
            assertThat(alice.delete("/api/sessions/not-a-handle").status()).isEqualTo(404);
            Reply reply = alice.delete("/api/sessions/" + bobsHandle);

            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.error()).isEqualTo("no session of yours has that handle");
            assertThat(bob.session().get("user").getAsString()).isEqualTo("bob");
        }

        @Test
        @DisplayName("DELETE of the current session's handle signs out with an expiring cookie")
        void deleteCurrent() {
            ApiClient client = app.client("Ending myself");
            client.signIn("alice", ALICE_PASSWORD);
            String cookie = client.cookie();
            String mine = handleWhere(client, "Ending myself");

            Reply reply = client.delete("/api/sessions/" + mine);

            assertThat(reply.status()).isEqualTo(204);
            assertThat(reply.sessionCookieHeader()).hasValueSatisfying(header -> assertThat(header).startsWith("__Host-SID=;").contains("Max-Age=0"));
            client.useCookie(cookie);
            assertThat(client.get("/api/sessions").status()).isEqualTo(401);
        }

        @Test
        @DisplayName("DELETE when not signed in gets 401")
        void deleteNotSignedIn() {
            ApiClient client = client();
            client.session();

            assertThat(client.delete("/api/sessions/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(401);
        }

        @Test
        @DisplayName("POST /api/sessions/revoke-others ends every other session of the user and keeps this one")
        void revokeOthers() {
            ApiClient keep = app.client("Keeper");
            ApiClient other1 = app.client("Other 1");
            ApiClient other2 = app.client("Other 2");
            ApiClient bob = app.client("Bob elsewhere");
            other1.signIn("alice", ALICE_PASSWORD);
            other2.signIn("alice", ALICE_PASSWORD);
            keep.signIn("alice", ALICE_PASSWORD);
            bob.signIn("bob", BOB_PASSWORD);

            Reply reply = keep.post("/api/sessions/revoke-others", null);

            assertThat(reply.status()).isEqualTo(204);
            assertThat(other1.session().get("authenticated").getAsBoolean()).isFalse();
            assertThat(other2.session().get("authenticated").getAsBoolean()).isFalse();
            assertThat(keep.session().get("user").getAsString()).isEqualTo("alice");
            assertThat(bob.session().get("user").getAsString()).isEqualTo("bob");
            List<JsonObject> left = objects(keep.get("/api/sessions").array());
            assertThat(left).hasSize(1);
            assertThat(left.get(0).get("current").getAsBoolean()).isTrue();
        }

        @Test
        @DisplayName("revoke-others when not signed in gets 401")
        void revokeOthersNotSignedIn() {
            ApiClient client = client();
            client.session();

            assertThat(client.post("/api/sessions/revoke-others", null).status()).isEqualTo(401);
        }
    }

    @Nested
    class Logout {

        @Test
        @DisplayName("POST /api/logout answers 204 with an expiring cookie, and the old cookie opens nothing")
        void logout() {
            ApiClient client = client();
            client.signIn("alice", ALICE_PASSWORD);
            String cookie = client.cookie();

            Reply reply = client.post("/api/logout", null);

            assertThat(reply.status()).isEqualTo(204);
            assertThat(reply.sessionCookieHeader()).hasValueSatisfying(header -> assertThat(header)
                    .isEqualTo("__Host-SID=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"));
            assertThat(client.cookie()).isNull();
            client.useCookie(cookie);
            assertThat(client.get("/api/sessions").status()).isEqualTo(401);
            JsonObject fresh = client.session();
            assertThat(fresh.get("authenticated").getAsBoolean()).isFalse();
            assertThat(client.cookie()).isNotEqualTo(cookie);
        }
    }

    @Nested
    class Routing {

        @Test
        @DisplayName("unknown API paths get 404 and wrong methods 405 with Allow, both as JSON")
        void unknownAndWrongMethod() {
            ApiClient client = client();

            Reply unknown = client.get("/api/nothing");
            Reply wrongMethod = client.send("PUT", "/api/session", null, null);
            Reply getLogin = client.get("/api/login");

            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.error()).contains("/api/nothing");
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.header("allow")).isEqualTo("GET");
            assertThat(getLogin.status()).isEqualTo(405);
            assertThat(getLogin.header("allow")).isEqualTo("POST");
            assertThat(getLogin.sessionCookieHeader()).isEmpty();
        }

        @Test
        @DisplayName("the page and its script are served with the security headers and without touching the session")
        void page() {
            ApiClient client = client();

            Reply page = client.get("/");
            Reply script = client.get("/app.js");
            Reply style = client.get("/app.css");
            Reply missing = client.get("/secret.txt");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).matches("(?i)text/html; ?charset=utf-8");
            assertThat(page.body()).contains("<form id=\"login-form\"").contains("src=\"/app.js\"").doesNotContain("<script>");
            assertThat(page.header("content-security-policy")).startsWith("default-src 'self'");
            assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(page.header("referrer-policy")).isEqualTo("no-referrer");
            assertThat(page.header("x-frame-options")).isEqualTo("DENY");
            assertThat(page.header("server")).isEmpty();
            assertThat(page.sessionCookieHeader()).isEmpty();
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.header("content-type")).matches("(?i)text/javascript; ?charset=utf-8");
            assertThat(script.body()).contains("X-CSRF-Token");
            assertThat(style.status()).isEqualTo(200);
            assertThat(missing.status()).isEqualTo(404);
        }
    }

    private static String handleWhere(ApiClient client, String userAgent) {
        return objects(client.get("/api/sessions").array()).stream()
                .filter(s -> s.get("userAgent").getAsString().equals(userAgent))
                .map(s -> s.get("handle").getAsString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session with user agent " + userAgent));
    }

    private static List<JsonObject> objects(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsJsonObject).toList();
    }

    private static List<String> strings(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsString).toList();
    }
}
