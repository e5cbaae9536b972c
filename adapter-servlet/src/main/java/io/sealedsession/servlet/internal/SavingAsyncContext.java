package io.sealedsession.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The container's {@link AsyncContext}, except that {@link #complete()} saves the session and
 * writes the token header first: an asynchronous request ends when the application says so, long
 * after the filter chain returned.
 */
final class SavingAsyncContext implements AsyncContext {

    private final AsyncContext delegate;
    private final RequestContext context;

    SavingAsyncContext(AsyncContext delegate, RequestContext context) {
        this.delegate = delegate;
        this.context = context;
    }

    /**
     * Saves what is left once the request completed in a way {@link #complete()} did not see
     * (a timeout or an error the container finished on its own).
     */
    AsyncListener completionListener() {
        return new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                context.afterAsyncComplete();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                // The container dispatches an error or completes next; onComplete saves then.
            }

            @Override
            public void onError(AsyncEvent event) {
                // As for a timeout.
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // A new cycle registers a fresh listener through startAsync.
            }
        };
    }

    @Override
    public void complete() {
        context.beforeAsyncComplete();
        delegate.complete();
    }

    @Override
    public ServletRequest getRequest() {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext servletContext, String path) {
        delegate.dispatch(servletContext, path);
    }

    @Override
    public void start(Runnable run) {
        delegate.start(run);
    }

    @Override
    public void addListener(AsyncListener listener) {
        delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
        delegate.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
        return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
        return delegate.getTimeout();
    }
}
