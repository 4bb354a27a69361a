package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void otherSpellingsSwapDashesAndUnderscores() {
        assertEquals(List.of("X_User"), Headers.otherSpellings("X-User"));
        assertEquals(List.of("X-User"), Headers.otherSpellings("X_User"));
        assertEquals(List.of(), Headers.otherSpellings("Authorization"));
        assertEquals(List.of("X_Authenticated_User", "X-Authenticated_User", "X_Authenticated-User"),
                Headers.otherSpellings("X-Authenticated-User"));
        assertEquals(List.of("A_B_C", "A_B-C", "A-B-C"), Headers.otherSpellings("A-B_C"));
    }

    @Test
    void everyMixIsCoveredUpToTheLimitThenTheUniformForms() {
        String six = "A-B-C-D-E-F-G";
        List<String> mixes = Headers.otherSpellings(six);
        assertEquals((1 << 6) - 1, mixes.size());
        assertEquals("A_B_C_D_E_F_G", mixes.get(0));
        mixes.forEach(spelling -> assertEquals(Headers.upstreamKey(six), Headers.upstreamKey(spelling), spelling));
        assertEquals(List.of("A_B_C_D_E_F_G_H"), Headers.otherSpellings("A-B-C-D-E-F-G-H"));
        assertEquals(List.of("A_B_C_D_E_F_G_H", "A-B-C-D-E-F-G-H"), Headers.otherSpellings("A-B_C-D-E-F-G-H"));
    }

    @Test
    void upstreamKeyIgnoresCaseAndSeparatorKind() {
        assertEquals(Headers.upstreamKey("X-User"), Headers.upstreamKey("x_USER"));
        assertEquals("x-user", Headers.upstreamKey("X_User"));
    }
}
