package org.palisade.web.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The UI's files from the class path under {@code web/}, {@code /} being {@code index.html}.
 *
 * <p>Deliberately narrow instead of Jetty's ResourceHandler: only files whose extension is in
 * {@link #TYPES} are served, each with its exact content type; no directory listings, no path
 * with {@code ..}, a dot-segment or a backslash, nothing outside {@code web/}. {@code Cache-Control:
 * no-cache} makes the browser revalidate, so a new release is picked up at once.
 */
public final class StaticFiles extends Handler.Abstract {

    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final ClassLoader loader;
    private final String root;

    /** @param root the class-path folder, e.g. {@code web} */
    public StaticFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/")) {
            path = "/index.html";
        }
        String type = typeOf(path);
        if (type == null) {
            return false;
        }
        byte[] content;
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            if (in == null) {
                return false;
            }
            content = in.readAllBytes();
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, method.equals("HEAD") ? null : ByteBuffer.wrap(content), callback);
        return true;
    }

    /** The content type of a safe path, else null (which is then a 404). */
    static String typeOf(String path) {
        if (!path.startsWith("/") || path.contains("\\") || path.contains("//") || path.indexOf('%') >= 0) {
            return null;
        }
        for (String segment : path.substring(1).split("/")) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return null; // "..", ".git", hidden files
            }
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
