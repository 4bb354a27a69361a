package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    @Test
    void originsAreNormalized() {
        assertEquals("http://127.0.0.1:80", CsrfGuard.originOf("http://127.0.0.1"));
        assertEquals("https://localhost:443", CsrfGuard.originOf("HTTPS://LocalHost/path?q"));
        assertEquals("http://[::1]:8181", CsrfGuard.originOf("http://[::1]:8181/system/console"));
        assertNull(CsrfGuard.originOf("null"));
        assertNull(CsrfGuard.originOf("not a url"));
    }

    @Test
    void tokensBindToTheUserAndTheStart() {
        CsrfTokens tokens = new CsrfTokens();
        String token = tokens.tokenFor("admin");
        assertEquals(true, tokens.valid("admin", token));
        assertEquals(false, tokens.valid("other", token));
        assertEquals(false, tokens.valid("admin", null));
        assertEquals(false, new CsrfTokens().valid("admin", token), "a restart voids old tokens");
    }
}
