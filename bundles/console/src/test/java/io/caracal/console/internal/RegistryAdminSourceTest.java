package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ListenerStatus;

import org.junit.jupiter.api.Test;

class RegistryAdminSourceTest {

    @Test
    void listenersSortedAndAFailingOneLeftOut() {
        ListenerStatus https = () -> Fixtures.listener("https", 8443, true);
        ListenerStatus broken = () -> {
            throw new IllegalStateException("stopping");
        };
        ListenerStatus http = () -> Fixtures.listener("http", 8080, true);
        List<ListenerInfo> infos = RegistryAdminSource.snapshot(List.of(https, broken, http));
        assertEquals(List.of("http", "https"), infos.stream().map(ListenerInfo::name).toList());
    }
}
