package io.caracal.console.internal;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.servlet.context.ServletContextHelper;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Stands in for the Felix Web Console 5 around a plugin, the way it treats an {@link AbstractServlet}:
 * the console has authenticated the user, calls the plugin's {@code service} first, and renders its
 * own frame around {@code renderContent} when the plugin left a GET unanswered.
 */
final class ConsoleHarness extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final AbstractServlet plugin;
    private final String user;

    ConsoleHarness(AbstractServlet plugin, String user) {
        this.plugin = plugin;
        this.user = user;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        plugin.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.setAttribute(ServletContextHelper.REMOTE_USER, user);
        request.setAttribute(ServletConstants.ATTR_PLUGIN_ROOT,
                request.getContextPath() + request.getServletPath() + "/" + CaracalConsolePlugin.LABEL);
        Tracking tracking = new Tracking(response);
        plugin.service(request, tracking);
        if (!tracking.done && request.getMethod().equals("GET")) {
            response.setContentType("text/html;charset=utf-8");
            PrintWriter writer = response.getWriter();
            writer.println("<!DOCTYPE html><html><head><title>console</title></head><body><div id='content'>");
            writer.flush();
            plugin.renderContent(request, response);
            response.getWriter().println("</div></body></html>");
        }
    }

    /** Notes whether the plugin answered, as the console's own wrapper does. */
    private static final class Tracking extends HttpServletResponseWrapper {
        boolean done;

        Tracking(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            done = true;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            done = true;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            done = true;
            super.sendError(sc);
        }

        @Override
        public void setContentType(String type) {
            done = true;
            super.setContentType(type);
        }
    }
}
