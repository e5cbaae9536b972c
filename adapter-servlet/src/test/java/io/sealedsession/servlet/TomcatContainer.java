package io.sealedsession.servlet;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Tomcat 11 embedded (Servlet 6.1). */
final class TomcatContainer implements ServletContainer {

    /** Tomcat logs through java.util.logging; keep its start-up chatter out of the build output. */
    private static final Logger TOMCAT_LOGS = Logger.getLogger("org.apache");

    static {
        TOMCAT_LOGS.setLevel(Level.WARNING);
    }

    @Override
    public Running start(TestApp app) throws Exception {
        Path baseDir = Files.createTempDirectory("tomcat-test");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        if (context instanceof StandardContext standard) {
            // The leak detection needs --add-opens and only warns that it cannot run; nothing leaks here.
            standard.setClearReferencesRmiTargets(false);
            standard.setClearReferencesThreadLocals(false);
        }
        FilterDef filter = new FilterDef();
        filter.setFilterName("sealed-sessions");
        filter.setFilter(app.filter());
        filter.setAsyncSupported("true");
        context.addFilterDef(filter);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("sealed-sessions");
        mapping.addURLPattern("/*");
        mapping.setDispatcher("REQUEST");
        mapping.setDispatcher("ASYNC");
        mapping.setDispatcher("ERROR");
        context.addFilterMap(mapping);
        int index = 0;
        for (var entry : app.servlets().entrySet()) {
            String name = "servlet-" + index++;
            Wrapper wrapper = Tomcat.addServlet(context, name, entry.getValue());
            wrapper.setAsyncSupported(true);
            context.addServletMapping(entry.getKey(), name);
        }
        tomcat.start();

        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        return new Running() {
            @Override
            public URI baseUri() {
                return base;
            }

            @Override
            public void close() {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                    deleteRecursively(baseDir);
                } catch (Exception e) {
                    throw new IllegalStateException("Tomcat did not stop cleanly", e);
                }
            }
        };
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public String toString() {
        return "Tomcat 11";
    }
}
