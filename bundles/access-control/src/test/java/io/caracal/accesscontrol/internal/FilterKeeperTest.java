package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterKeeperTest {

    /** Records what the keeper publishes, as the OSGi registration would. */
    static final class Recorder implements FilterKeeper.Publisher {
        final List<String> events = new ArrayList<>();
        String name;
        RequestFilter filter;

        @Override
        public void publish(String newName, String type, RequestFilter newFilter) {
            events.add("publish " + newName + " " + type);
            name = newName;
            filter = newFilter;
        }

        @Override
        public void withdraw() {
            events.add("withdraw");
            name = null;
            filter = null;
        }
    }

    @TempDir
    Path home;

    private final Recorder recorder = new Recorder();
    private FilterKeeper keeper;

    @AfterEach
    void close() {
        if (keeper != null) {
            keeper.close();
        }
    }

    private FilterKeeper ipKeeper() {
        keeper = new FilterKeeper(IpAccessFilter.TYPE, "test", IpAccessFilter::build, home, recorder);
        return keeper;
    }

    @Test
    void badConfigurationPublishesNothingAndLaterFixPublishes() {
        FilterKeeper keeper = ipKeeper();
        keeper.configure(TestSettings.properties("name", "office", "allow", "10.0.0.0/33"));
        assertNull(keeper.publishedName());
        assertTrue(recorder.events.isEmpty());

        keeper.configure(TestSettings.properties("name", "office", "allow", "10.0.0.0/8"));
        assertEquals("office", keeper.publishedName());
        assertEquals(List.of("publish office ip-access"), recorder.events);
    }

    @Test
    void breakingAPublishedConfigurationKeepsTheLastGoodOne() {
        FilterKeeper keeper = ipKeeper();
        keeper.configure(TestSettings.properties("name", "office", "allow", "10.0.0.0/8"));
        keeper.configure(TestSettings.properties("name", "office", "allow", "not-an-address"));
        assertEquals("office", keeper.publishedName());
        assertEquals(List.of("publish office ip-access"), recorder.events);
    }

    @Test
    void renameRepublishes() {
        FilterKeeper keeper = ipKeeper();
        keeper.configure(TestSettings.properties("name", "office", "allow", "10.0.0.0/8"));
        keeper.configure(TestSettings.properties("name", "branch", "allow", "10.0.0.0/8"));
        assertEquals("branch", keeper.publishedName());
        assertEquals("branch", recorder.name);
        keeper.close();
        assertEquals("withdraw", recorder.events.get(recorder.events.size() - 1));
        this.keeper = null;
    }

    @Test
    void changedFileIsReloadedAndABrokenOneKeepsTheLastGoodVersion() throws IOException {
        Path users = home.resolve("users");
        write(users, "alice:" + BasicAuthFilterTest.bcrypt("2b", "one") + "\n", 1);
        keeper = new FilterKeeper(BasicAuthFilter.TYPE, "test", BasicAuthFilter::build, home, recorder);
        keeper.configure(TestSettings.properties("name", "ops", "users.file", "users", "reload.interval.ms", "3600000"));
        RequestFilter first = recorder.filter;
        assertTrue(first.apply(context("alice", "one")).allowed());

        write(users, "alice:" + BasicAuthFilterTest.bcrypt("2b", "two") + "\n", 2);
        keeper.poll(); // the change is seen ...
        keeper.poll(); // ... and loaded once it has settled
        assertNotSame(first, recorder.filter);
        assertFalse(recorder.filter.apply(context("alice", "one")).allowed());
        assertTrue(recorder.filter.apply(context("alice", "two")).allowed());

        write(users, "alice:$apr1$xyz\n", 3);
        keeper.poll();
        keeper.poll();
        assertEquals("ops", keeper.publishedName());
        assertTrue(recorder.filter.apply(context("alice", "two")).allowed(), "the last good users file still counts");

        write(users, "alice:" + BasicAuthFilterTest.bcrypt("2b", "three") + "\n", 4);
        keeper.poll();
        keeper.poll();
        assertEquals("ops", keeper.publishedName());
        assertTrue(recorder.filter.apply(context("alice", "three")).allowed());
    }

    @Test
    void missingFileAtStartIsPickedUpWhenItAppears() throws IOException {
        keeper = new FilterKeeper(BasicAuthFilter.TYPE, "test", BasicAuthFilter::build, home, recorder);
        keeper.configure(TestSettings.properties("name", "ops", "users.file", "users", "reload.interval.ms", "3600000"));
        assertNull(keeper.publishedName());
        write(home.resolve("users"), "alice:" + BasicAuthFilterTest.bcrypt("2b", "one") + "\n", 1);
        keeper.poll();
        keeper.poll();
        assertEquals("ops", keeper.publishedName());
    }

    private static void write(Path file, String content, int generation) throws IOException {
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L * generation));
    }

    private static FakeFilterContext context(String user, String password) {
        return new FakeFilterContext().header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
