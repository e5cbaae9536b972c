package io.sealedsession.servlet;

import io.sealedsession.core.AttributeNotEncodableException;
import io.sealedsession.core.Session;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A small application that uses sessions the way real ones do, for the end-to-end tests. It knows
 * nothing about the container or the store: a container fixture registers {@link #filter()} for
 * {@code /*} and each of {@link #servlets()} under its path.
 *
 * <p>Some endpoints stop half-way at a {@link Gate} so that a test can act while the request is
 * still running: a response that has been flushed, or whose declared length has been reached,
 * reaches the client while its servlet still waits, which makes "saved before commit"
 * observable from the client.
 */
final class TestApp {

    /** A point where a request signals that it arrived and waits until the test lets it go on. */
    static final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void pass() throws IOException {
            entered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        void awaitEntered() throws InterruptedException {
            if (!entered.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the request never reached the gate");
            }
        }

        void open() {
            release.countDown();
        }
    }

    /** A value that records when it is bound and unbound; {@link RecordingCodec} stores it by label. */
    static final class RecordingBinding implements HttpSessionBindingListener {
        final String label;
        private final List<String> events;

        RecordingBinding(String label, List<String> events) {
            this.label = label;
            this.events = events;
        }

        @Override
        public void valueBound(HttpSessionBindingEvent event) {
            events.add("bound " + event.getName() + " " + label);
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            events.add("unbound " + event.getName() + " " + label);
        }
    }

    /** Records every servlet session event as a line of text. */
    static final class RecordingListener implements HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {
        private final List<String> events;

        RecordingListener(List<String> events) {
            this.events = events;
        }

        @Override
        public void sessionCreated(HttpSessionEvent se) {
            events.add("created " + se.getSession().getId());
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            // Still readable here: the specification says "about to be invalidated".
            events.add("destroyed " + se.getSession().getId() + " holding " + Collections.list(se.getSession().getAttributeNames()));
        }

        @Override
        public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
            events.add("idChanged " + oldSessionId + " -> " + event.getSession().getId());
        }

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            events.add("added " + event.getName());
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            events.add("removed " + event.getName());
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            events.add("replaced " + event.getName());
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
    }

    private static final class HandlerServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Handler handler;

        HandlerServlet(Handler handler) {
            this.handler = handler;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
            handler.handle(request, response);
        }
    }

    private final SealedSessionFilter filter;
    private final List<String> events;
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private volatile Gate gate = new Gate();
    private volatile CyclicBarrier barrier = new CyclicBarrier(1);

    /**
     * @param builder the filter builder over the manager under test
     * @param configure adjusts the filter (cookie settings, resolver) before the app adds its
     *     listener and builds it
     * @param events where listeners and bound values record what happened
     */
    TestApp(SealedSessionFilter.Builder builder, UnaryOperator<SealedSessionFilter.Builder> configure, List<String> events) {
        this.events = events;
        this.filter = configure.apply(builder).listener(new RecordingListener(events)).build();
        registerServlets();
    }

    SealedSessionFilter filter() {
        return filter;
    }

    /** Path to servlet, each mapped exactly. */
    Map<String, HttpServlet> servlets() {
        return Collections.unmodifiableMap(servlets);
    }

    /** A fresh gate for the next gated request. */
    Gate newGate() {
        Gate fresh = new Gate();
        gate = fresh;
        return fresh;
    }

    /** Makes the next {@code parties} requests to {@code /add?barrier} wait for one another. */
    void newBarrier(int parties) {
        barrier = new CyclicBarrier(parties);
    }

    List<String> events() {
        return events;
    }

    private void on(String path, Handler handler) {
        servlets.put(path, new HandlerServlet(handler));
    }

    private void registerServlets() {
        on("/add", (req, res) -> {
            HttpSession session = req.getSession();
            if (req.getParameter("barrier") != null) {
                // Every request has opened the session before any of them saves: all of them but
                // one meet a changed record and must merge.
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new ServletException("the parallel requests did not meet", e);
                }
            }
            session.setAttribute(req.getParameter("name"), req.getParameter("value"));
            text(res, "ok");
        });
        on("/get", (req, res) -> text(res, describe(req.getSession(false))));
        on("/increment", (req, res) -> {
            // A plain read-modify-write through HttpSession, slow enough for parallel requests to overlap.
            HttpSession session = req.getSession();
            Object current = session.getAttribute("counter");
            int value = current instanceof String text ? Integer.parseInt(text) : 0;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.setAttribute("counter", Integer.toString(value + 1));
            text(res, "ok");
        });
        on("/remove", (req, res) -> {
            req.getSession().removeAttribute(req.getParameter("name"));
            text(res, "removed");
        });
        on("/whoami", (req, res) -> text(res, SealedSessions.session(req).flatMap(Session::principal).orElse("anonymous")));
        on("/login", (req, res) -> {
            HttpSession session = SealedSessions.authenticate(req, req.getParameter("user"));
            text(res, "signed in as " + req.getParameter("user") + " with id " + session.getId());
        });
        on("/logout", (req, res) -> {
            HttpSession session = req.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            text(res, "signed out");
        });
        on("/others", (req, res) -> text(res, "ended " + SealedSessions.invalidateOthers(req)));
        on("/id", (req, res) -> {
            HttpSession session = req.getSession(false);
            text(res, "id=" + (session == null ? "none" : session.getId())
                    + " requested=" + req.getRequestedSessionId()
                    + " valid=" + req.isRequestedSessionIdValid()
                    + " fromCookie=" + req.isRequestedSessionIdFromCookie()
                    + " fromURL=" + req.isRequestedSessionIdFromURL()
                    + " encoded=" + res.encodeURL("/next"));
        });
        on("/rotate", (req, res) -> text(res, "id=" + req.changeSessionId()));
        on("/max", (req, res) -> {
            HttpSession session = req.getSession();
            session.setMaxInactiveInterval(Integer.parseInt(req.getParameter("seconds")));
            text(res, "max=" + session.getMaxInactiveInterval());
        });
        on("/setbad", (req, res) -> {
            try {
                req.getSession().setAttribute("bad", new Object());
                text(res, "accepted");
            } catch (AttributeNotEncodableException e) {
                res.setStatus(400);
                text(res, e.getMessage());
            }
        });
        on("/setbad-uncaught", (req, res) -> {
            req.getSession().setAttribute("bad", new Object());
            text(res, "accepted");
        });
        on("/cached", (req, res) -> {
            // An application that marks its pages cacheable, before or after the token is written.
            boolean after = "after".equals(req.getParameter("when"));
            if (!after) {
                res.setHeader("Cache-Control", "public, max-age=600");
                res.setHeader("Vary", "Accept-Encoding");
            }
            req.getSession().setAttribute("cached", "yes");
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().write("cacheable ");
            if (after) {
                res.setHeader("Cache-Control", "public, max-age=600");
                res.setHeader("Vary", "Accept-Encoding");
            }
            res.getWriter().write("page");
        });
        on("/bind", (req, res) -> {
            req.getSession().setAttribute(req.getParameter("name"), new RecordingBinding(req.getParameter("label"), events));
            text(res, "bound");
        });
        on("/events", (req, res) -> text(res, String.join("\n", events)));
        on("/slow", (req, res) -> {
            HttpSession session = req.getSession(false);
            if (session == null) {
                text(res, "no session");
                return;
            }
            gate.pass();
            session.setAttribute(req.getParameter("name"), req.getParameter("value"));
            text(res, "done");
        });
        on("/redirect", (req, res) -> {
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            res.sendRedirect("/get");
        });
        on("/flush", (req, res) -> {
            // Set, write a line and flush: the client has the headers and the line while the
            // servlet still waits at the gate.
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().write("flushed\n");
            res.flushBuffer();
            gate.pass();
            res.getWriter().write("end\n");
        });
        on("/flush-then-set", (req, res) -> {
            // The response is committed before the attribute is set: it is saved at the end.
            HttpSession session = req.getSession();
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().write("flushed\n");
            res.getWriter().flush();
            session.setAttribute(req.getParameter("name"), req.getParameter("value"));
        });
        on("/sized", (req, res) -> {
            // The declared length is reached by the write, which completes the response; the
            // servlet then waits at the gate.
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            byte[] body = "sized body\n".getBytes(StandardCharsets.UTF_8);
            res.setContentType("text/plain;charset=UTF-8");
            res.setContentLength(body.length);
            res.getOutputStream().write(body);
            gate.pass();
        });
        on("/error", (req, res) -> {
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            res.sendError(404, "nothing here");
        });
        on("/boom", (req, res) -> {
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            throw new IllegalStateException("the application failed after changing the session");
        });
        on("/async", (req, res) -> {
            // No body: only complete() can still put the cookie on this response.
            AsyncContext async = req.startAsync();
            String name = req.getParameter("name");
            String value = req.getParameter("value");
            async.start(() -> {
                try {
                    ((HttpServletRequest) async.getRequest()).getSession().setAttribute(name, value);
                    ((HttpServletResponse) async.getResponse()).setStatus(202);
                } finally {
                    async.complete();
                }
            });
        });
        on("/reset", (req, res) -> {
            // The first write puts the cookie on the response; reset() clears it again.
            req.getSession().setAttribute(req.getParameter("name"), req.getParameter("value"));
            res.getWriter().write("discarded");
            res.reset();
            text(res, "after reset");
        });
        on("/create-after-commit", (req, res) -> {
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().write("committed\n");
            res.flushBuffer();
            try {
                req.getSession();
                res.getWriter().write("created");
            } catch (IllegalStateException e) {
                res.getWriter().write("refused: " + e.getMessage());
            }
        });
    }

    private static String describe(HttpSession session) {
        if (session == null) {
            return "no session";
        }
        List<String> lines = new ArrayList<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            Object value = session.getAttribute(name);
            lines.add(name + "=" + (value instanceof RecordingBinding binding ? "binding:" + binding.label : value));
        }
        Collections.sort(lines);
        return String.join("\n", lines);
    }

    private static void text(HttpServletResponse response, String body) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(body);
    }
}
