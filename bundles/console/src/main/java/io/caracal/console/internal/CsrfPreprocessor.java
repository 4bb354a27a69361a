package io.caracal.console.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Applies {@link CsrfGuard} to every request of the admin HTTP service, before any servlet context
 * or authentication: this is what protects the Felix Web Console's own forms and actions (bundle
 * install and stop, configuration edits), which have no CSRF protection of their own.
 */
@Component(service = Preprocessor.class)
public final class CsrfPreprocessor implements Preprocessor {

    private static final Logger LOG = LoggerFactory.getLogger(CsrfPreprocessor.class);

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse) {
            String refusal = CsrfGuard.refusal(http);
            if (refusal != null) {
                LOG.warn("Refused {} {} from {}: {}", http.getMethod(), http.getRequestURI(), http.getRemoteAddr(),
                        refusal);
                Json.error(httpResponse, HttpServletResponse.SC_FORBIDDEN, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
