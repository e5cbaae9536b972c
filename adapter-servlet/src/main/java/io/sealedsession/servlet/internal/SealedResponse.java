package io.sealedsession.servlet.internal;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The response as the application sees it. Every path by which the container can commit or
 * complete a response first lets the {@link RequestContext} save and write the token header:
 * each write to the body (the container may commit when its buffer fills, and completes the
 * response when a declared content length is reached), {@code flush}, {@code close},
 * {@link #flushBuffer()}, {@code sendRedirect}, {@code sendError}, and a content length of zero.
 *
 * <p>URL rewriting is off: tokens never go into URLs.
 */
final class SealedResponse extends HttpServletResponseWrapper {

    private final RequestContext context;
    private @Nullable SyncingOutputStream outputStream;
    private @Nullable SyncingPrintWriter writer;

    SealedResponse(HttpServletResponse response, RequestContext context) {
        super(response);
        this.context = context;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream delegate = super.getOutputStream();
        SyncingOutputStream stream = outputStream;
        if (stream == null || stream.delegate != delegate) {
            stream = new SyncingOutputStream(delegate, context);
            outputStream = stream;
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter delegate = super.getWriter();
        SyncingPrintWriter printWriter = writer;
        if (printWriter == null || printWriter.delegate != delegate) {
            printWriter = new SyncingPrintWriter(delegate, context);
            writer = printWriter;
        }
        return printWriter;
    }

    @Override
    public void flushBuffer() throws IOException {
        context.beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        context.beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        context.beforeCommit();
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        context.beforeCommit();
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        context.beforeCommit();
        super.sendRedirect(location, sc, clearBuffer);
    }

    @Override
    public void sendError(int sc) throws IOException {
        context.beforeCommit();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        context.beforeCommit();
        super.sendError(sc, msg);
    }

    /** An empty body is complete as soon as its length is declared. */
    @Override
    public void setContentLength(int len) {
        if (len == 0) {
            context.beforeCommit();
        }
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (len == 0) {
            context.beforeCommit();
        }
        super.setContentLengthLong(len);
    }

    @Override
    public void reset() {
        super.reset();
        context.headersCleared();
    }

    @Override
    public void setHeader(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name) && "0".equals(value)) {
            context.beforeCommit();
        }
        super.setHeader(name, value);
        if (context.writesTokenHeader(name)) {
            context.headersCleared();
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if ("Content-Length".equalsIgnoreCase(name) && value == 0) {
            context.beforeCommit();
        }
        super.setIntHeader(name, value);
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    /** An output stream that lets the context catch up before bytes reach the container. */
    private static final class SyncingOutputStream extends ServletOutputStream {
        final ServletOutputStream delegate;
        private final RequestContext context;

        SyncingOutputStream(ServletOutputStream delegate, RequestContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public void write(int b) throws IOException {
            context.beforeCommit();
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            context.beforeCommit();
            delegate.write(b, off, len);
        }

        @Override
        public void write(ByteBuffer buffer) throws IOException {
            context.beforeCommit();
            delegate.write(buffer);
        }

        @Override
        public void flush() throws IOException {
            context.beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            context.beforeCommit();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** A writer that lets the context catch up before characters reach the container. */
    private static final class SyncingPrintWriter extends PrintWriter {
        final PrintWriter delegate;

        SyncingPrintWriter(PrintWriter delegate, RequestContext context) {
            super(new SyncingWriter(delegate, context), false);
            this.delegate = delegate;
        }

        /** The container's writer swallows I/O errors too; report its flag as well as ours. */
        @Override
        public boolean checkError() {
            return super.checkError() || delegate.checkError();
        }
    }

    private static final class SyncingWriter extends Writer {
        private final PrintWriter delegate;
        private final RequestContext context;

        SyncingWriter(PrintWriter delegate, RequestContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public void write(int c) {
            context.beforeCommit();
            delegate.write(c);
        }

        @Override
        public void write(char[] chars, int off, int len) {
            context.beforeCommit();
            delegate.write(chars, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            context.beforeCommit();
            delegate.write(s, off, len);
        }

        @Override
        public void flush() {
            context.beforeCommit();
            delegate.flush();
        }

        @Override
        public void close() {
            context.beforeCommit();
            delegate.close();
        }
    }
}
