package io.sealedsession.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The request as the application sees it: its session methods go to the {@link RequestContext}
 * instead of the container's session manager.
 *
 * <p>{@link #getRequestedSessionId()} returns the handle of the session the client named, never
 * the token, so that applications that log it leak nothing usable. Tokens are never taken from
 * the URL.
 */
public final class SealedRequest extends HttpServletRequestWrapper {

    private final SealedResponse response;
    private final RequestContext context;

    SealedRequest(HttpServletRequest request, SealedResponse response, RequestContext context) {
        super(request);
        this.response = response;
        this.context = context;
    }

    /** The response wrapper that belongs to this request; the filter passes both down the chain. */
    public HttpServletResponse response() {
        return response;
    }

    /** Whether {@code request} is, or wraps, a request of this kind. */
    public static boolean isWrapped(ServletRequest request) {
        ServletRequest candidate = request;
        while (true) {
            if (candidate instanceof SealedRequest) {
                return true;
            }
            if (!(candidate instanceof jakarta.servlet.ServletRequestWrapper wrapper)) {
                return false;
            }
            candidate = wrapper.getRequest();
        }
    }

    @Override
    public @Nullable HttpSession getSession(boolean create) {
        return context.getSession(create);
    }

    @Override
    public HttpSession getSession() {
        HttpSession session = context.getSession(true);
        if (session == null) {
            throw new IllegalStateException("getSession(true) returned no session");
        }
        return session;
    }

    @Override
    public String changeSessionId() {
        return context.changeSessionId();
    }

    @Override
    public @Nullable String getRequestedSessionId() {
        return context.requestedSessionId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return context.requestedSessionIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return context.requestedSessionIdFromCookie();
    }

    /** Always false: tokens in URLs are ignored. */
    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /**
     * Starts asynchronous processing with this request and its response wrapper, so that writes
     * made through the {@link AsyncContext} still save first, and {@link AsyncContext#complete()}
     * saves before the container completes the response.
     */
    @Override
    public AsyncContext startAsync() {
        return context.asyncStarted(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return context.asyncStarted(super.startAsync(servletRequest, servletResponse));
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext saving = context.asyncContext();
        return saving != null && isAsyncStarted() ? saving : super.getAsyncContext();
    }
}
