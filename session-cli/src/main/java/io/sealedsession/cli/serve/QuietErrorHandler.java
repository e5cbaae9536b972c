package io.sealedsession.cli.serve;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's error page with nothing but the status: no message, no cause, no stack, no servlet name,
 * no URI, in HTML, plain text and JSON alike. Jetty's own page prints a "CAUSED BY" row with the
 * exception's class and message even when stacks are off; the reference app never shows what
 * failed inside it. The API answers its own errors (see {@link ApiServlet}); this page is only
 * reached by what escapes a servlet.
 */
final class QuietErrorHandler extends ErrorHandler {

    QuietErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    private static String reason(int code) {
        String reason = HttpStatus.getMessage(code);
        return reason == null ? "Error" : reason;
    }

    @Override
    protected void writeErrorHtmlHead(Request request, Writer writer, int code, @Nullable String message) throws IOException {
        super.writeErrorHtmlHead(request, writer, code, reason(code));
    }

    @Override
    protected void writeErrorHtmlBody(Request request, Writer writer, int code, @Nullable String message,
            @Nullable Throwable cause) throws IOException {
        writer.write("<h2>HTTP ERROR " + code + " " + reason(code) + "</h2>\n");
    }

    @Override
    protected void writeErrorPlain(Request request, PrintWriter writer, int code, @Nullable String message,
            @Nullable Throwable cause) {
        writer.write("HTTP ERROR " + code + " " + reason(code) + "\n");
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, @Nullable String message,
            @Nullable Throwable cause) {
        writer.write("{\"error\": \"" + reason(code) + "\", \"status\": " + code + "}");
    }
}
