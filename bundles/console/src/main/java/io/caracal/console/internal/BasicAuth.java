package io.caracal.console.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** HTTP Basic against the console's credentials, answering 401 itself when they are missing or wrong. */
final class BasicAuth {

    static final String CHALLENGE = "Basic realm=\"Caracal admin\"";

    private BasicAuth() {
    }

    /** True when the request may proceed; otherwise the 401 has been sent. */
    static boolean check(ConsoleCredentials credentials, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (credentials.authenticate(request.getHeader("Authorization")) != null) {
            return true;
        }
        response.setHeader("WWW-Authenticate", CHALLENGE);
        Json.error(response, HttpServletResponse.SC_UNAUTHORIZED, credentials.configured()
                ? "authentication required: the web console's user and password (HTTP Basic)"
                : "authentication required, but no console password is configured (felix.webconsole.password)");
        return false;
    }
}
