package io.caracal.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** Routing through a real listener to real origins, configured through ConfigurationAdmin. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RoutingIT extends CaracalTestSupport {

    @Before
    public void startOriginsAndListener() throws Exception {
        startDemoOrigins();
        startListener();
    }

    @Test
    public void roundRobinAlternatesOriginsAndForwardsProxyHeaders() throws Exception {
        cluster("c1", "round-robin", demo(demo1Port), demo(demo2Port));
        route("r1", "*", "/", "c1");
        awaitStatus(null, "/", 200);

        List<String> origins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Http.Reply reply = get("/hello?i=" + i);
            assertEquals("request " + i + ": " + reply, 200, reply.status());
            origins.add(reply.origin());
        }
        assertEquals("both origins answer", Set.of("demo-1", "demo-2"), new TreeSet<>(origins));
        for (int i = 1; i < origins.size(); i++) {
            assertNotEquals("round-robin alternates: " + origins, origins.get(i - 1), origins.get(i));
        }

        Http.Reply reply = get("/headers");
        assertEquals(reply.toString(), 200, reply.status());
        assertEquals("X-Forwarded-For at the origin", Http.LOOPBACK, Echo.requestHeader(reply.body(), "X-Forwarded-For"));
        String via = Echo.requestHeader(reply.body(), "Via");
        assertNotNull("Via at the origin: " + reply.body(), via);
        assertTrue("Via names the proxy: " + via, via.contains("1.1 caracal"));
    }

    @Test
    public void closedUpstreamPortGives502() throws Exception {
        // A bound socket that does not listen: connections to its port are refused, and nothing
        // else can take the port while the test runs.
        try (Socket closed = new Socket()) {
            closed.bind(new InetSocketAddress(Http.LOOPBACK, 0));
            cluster("dead", "round-robin", demo(closed.getLocalPort()));
            route("to-dead", "dead.test", "/", "dead");

            Http.Reply reply = awaitStatus("dead.test", "/", 502);
            assertTrue(reply.toString(), reply.body().contains("could not connect"));
            assertEquals("stays 502", 502, get("dead.test", "/again").status());
        }
    }

    @Test
    public void routeToUnconfiguredClusterGives503() throws Exception {
        route("dangling", "dangling.test", "/", "no-such-cluster");

        Http.Reply reply = awaitStatus("dangling.test", "/", 503);
        assertTrue(reply.toString(), reply.body().contains("not configured"));
    }

    @Test
    public void requestMatchingNoRouteGives404() throws Exception {
        cluster("c1", "round-robin", demo(demo1Port), demo(demo2Port));
        route("only", "only.test", "/", "c1");
        awaitStatus("only.test", "/", 200);

        Http.Reply reply = get("other.test", "/");
        assertEquals(reply.toString(), 404, reply.status());
        assertTrue(reply.toString(), reply.body().contains("no route matches"));
    }

    @Test
    public void rejectedRouteUpdateKeepsThePreviousRouteServing() throws Exception {
        cluster("c1", "round-robin", demo(demo1Port), demo(demo2Port));
        Map<String, Object> good = routeProperties("r1", "*", "/", "c1");
        org.osgi.service.cm.Configuration route = factoryConfiguration(ROUTE_PID, "r1", good);
        awaitStatus(null, "/", 200);

        Map<String, Object> bad = new LinkedHashMap<>(good);
        bad.put("path.prefix", "nope"); // must start with '/'
        route.update(new Hashtable<>(bad));
        // ConfigurationAdmin delivers events in order, and SCR handles each before the next: once
        // a later change to the cluster shows, the bad route update has been handled too.
        cluster("c1", "round-robin", demo(demo2Port));
        Await.until("the cluster change made after the bad route update", () -> {
            for (int i = 0; i < 4; i++) {
                if (!"demo-2".equals(get("/").origin())) {
                    return false;
                }
            }
            return true;
        });
        Map<String, Object> seen = Components.configuration(bundleContext, Components.ROUTE, route.getPid());
        assertNotNull("SCR still holds route r1", seen);
        assertEquals("the bad update reached the component", "nope", seen.get("path.prefix"));

        for (int i = 0; i < 5; i++) {
            Http.Reply reply = get("/still/served");
            assertEquals("the previous route keeps serving: " + reply, 200, reply.status());
        }
    }
}
